#!/usr/bin/env python3
"""Prints the summary (Markdown) of one bench/run.sh result directory.

  python3 bench/summarize.py bench/results/<timestamp>

Reads results.jsonl and machine.txt. Medians are over the valid runs; a run
with any error (non-2xx, socket error, timeout), a server that died, or fewer
alerts on disk than were accepted is invalid and counted separately.
"""

import json
import os
import statistics
import sys

TARGETS = ("klaxon", "alertmanager", "bare", "floor")  # floor: throughput phase only
LABELS = ("half-klaxon-peak", "half-own-peak", "one-connection")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=0, suffix=""):
    if value is None:
        return "n/a"
    if digits == 0:
        return "{:,.0f}{}".format(value, suffix)
    return "{:,.{}f}{}".format(value, digits, suffix)


def ratio(a, b):
    return a / b if a is not None and b else None


def verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def main(out_dir):
    records = []
    with open(os.path.join(out_dir, "results.jsonl")) as f:
        records = [json.loads(line) for line in f if line.strip()]
    lines = []
    p = lines.append
    machine = os.path.join(out_dir, "machine.txt")
    if os.path.exists(machine):
        p("```")
        p(open(machine).read().rstrip())
        p("```")
        p("")

    # ---- throughput ----
    tp = [r for r in records if r.get("kind") == "throughput" and r.get("rep", 0) > 0]
    cells = {}
    for r in tp:
        cells.setdefault((r["batch"], r["mode"], r["target"]), []).append(r)

    def cell(batch, mode, target, key="alerts_per_s"):
        runs = [r for r in cells.get((batch, mode, target), []) if not r.get("invalid")]
        return median([r.get(key) for r in runs])

    def invalid(batch, mode, target):
        return sum(1 for r in cells.get((batch, mode, target), []) if r.get("invalid"))

    targets_seen = [t for t in TARGETS if any(k[2] == t for k in cells)]
    results = {}
    if tp:
        p("### Accepted alerts/s (median of valid runs; wrk -t2 -c64, all on 127.0.0.1)")
        p("")
        p("| alerts/request | alerts | klaxon | Alertmanager | bare server | durable floor | klaxon / Alertmanager | klaxon / bare | floor / bare | runs (invalid) k, AM, bare, floor | other work, cores (max) | fsync ms (klaxon runs) |")
        p("|---|---|---|---|---|---|---|---|---|---|---|---|")
        detail = []
        for batch in (1, 100):
            for mode in ("new", "repeat"):
                if not any((batch, mode, t) in cells for t in TARGETS):
                    continue
                k, a, b, fl = (cell(batch, mode, t) for t in TARGETS)
                results[(batch, mode)] = (k, a, b, fl)
                runs = ", ".join("%d (%d)" % (len(cells.get((batch, mode, t), [])), invalid(batch, mode, t)) for t in TARGETS)
                ra, rb, rf = ratio(k, a), ratio(k, b), ratio(fl, b)
                others = [r.get("other_cpu_cores") for t in TARGETS for r in cells.get((batch, mode, t), [])]
                others = [o for o in others if o is not None]
                fsyncs = sorted(r["fsync_median_ms"] for r in cells.get((batch, mode, "klaxon"), []) if "fsync_median_ms" in r)
                p("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    batch, mode, fmt(k), fmt(a), fmt(b), fmt(fl), fmt(ra, 2, "x"), fmt(None if rb is None else rb * 100, 0, " %"),
                    fmt(None if rf is None else rf * 100, 0, " %"), runs,
                    fmt(max(others) if others else None, 2), ", ".join("%.2f" % f for f in fsyncs) or "n/a"))
                row = "| %d | %s |" % (batch, mode)
                for t in TARGETS:
                    p99 = cell(batch, mode, t, "p99_us")
                    row += " %s | %s | %s |" % (fmt(cell(batch, mode, t, "cpu_us_per_alert"), 1),
                                                fmt(cell(batch, mode, t, "server_cpu_cores"), 2),
                                                fmt(None if p99 is None else p99 / 1000, 1))
                detail.append(row)
        p("")
        p("Per server (medians): its own CPU time per accepted alert, the CPU cores it used "
          "(of 2, shared with wrk), and wrk's p99 latency at full load.")
        p("")
        p("| alerts/request | alerts | klaxon µs/alert | cores | p99 ms | Alertmanager µs/alert | cores | p99 ms | bare µs/alert | cores | p99 ms | floor µs/alert | cores | p99 ms |")
        p("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for row in detail:
            p(row)
        p("")
        bad = [r for r in tp if r.get("invalid")]
        for r in bad:
            p("- invalid run `%s`: %s (errors: status %s, connect %s, read %s, write %s, timeout %s)" % (
                r.get("raw"), r["invalid"], r.get("errors_status"), r.get("errors_connect"), r.get("errors_read"),
                r.get("errors_write"), r.get("errors_timeout")))
        durable = [r for r in tp if r["target"] == "klaxon" and "durable" in r]
        if durable:
            p("- klaxon durability: after each klaxon run the process was killed with SIGKILL and the alerts in "
              "klaxon.db counted: %d of %d runs had every 2xx-answered alert on disk." % (
                  sum(1 for r in durable if r["durable"]), len(durable)))
        others = [r["other_cpu_cores"] for r in tp if "other_cpu_cores" in r]
        if others:
            p("- Other work on the machine during the runs (busy CPU not used by the server or wrk): median %.2f, "
              "max %.2f cores; wrk itself used a median of %.2f cores." % (
                  median(others), max(others), median([r.get("wrk_cpu_cores") for r in tp])))
        p("")

    # ---- latency ----
    lat = [r for r in records if r.get("kind") == "latency"]
    lat_klaxon_p99 = None
    if lat:
        p("### Latency at half the peak rate (1 alert/request, new alerts; wrk paced with delay(), 64 connections; "
          "\"one connection\": wrk -t1 -c1 without pauses)")
        p("")
        p("| server | offered load | goal req/s | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | runs (invalid) | other work, cores (max) | fsync ms |")
        p("|---|---|---|---|---|---|---|---|---|---|---|")
        groups = {}
        for r in lat:
            groups.setdefault((r["target"], r["rate_label"]), []).append(r)
        for (target, label), runs in sorted(groups.items(), key=lambda kv: (TARGETS.index(kv[0][0]), LABELS.index(kv[0][1]) if kv[0][1] in LABELS else 9)):
            ok = [r for r in runs if not r.get("invalid")]
            vals = {k: median([r[k] / 1000 for r in ok]) for k in ("p50_us", "p90_us", "p99_us", "p999_us")}
            if target == "klaxon" and label == "half-klaxon-peak":
                lat_klaxon_p99 = vals["p99_us"]
            others = [r["other_cpu_cores"] for r in runs if "other_cpu_cores" in r]
            fsyncs = sorted(r["fsync_median_ms"] for r in runs if "fsync_median_ms" in r)
            p("| %s | %s | %s | %s | %s | %s | %s | %s | %d (%d) | %s | %s |" % (
                target, label.replace("-", " "), fmt(runs[0]["goal_req_per_s"]) if runs[0]["goal_req_per_s"] else "(closed loop)", fmt(median([r["req_per_s"] for r in ok])),
                fmt(vals["p50_us"], 2), fmt(vals["p90_us"], 2), fmt(vals["p99_us"], 2), fmt(vals["p999_us"], 2),
                len(runs), len(runs) - len(ok), fmt(max(others) if others else None, 2),
                ", ".join("%.2f" % f for f in fsyncs) or "n/a"))
        p("")

    # ---- memory ----
    mem = [r for r in records if r.get("kind") == "memory"]
    kib_klaxon = None
    if mem:
        p("### Memory holding N active alerts (loaded 1000 per request)")
        p("")
        p("| server | alerts | active | idle RSS MiB | RSS MiB | peak (VmHWM) MiB | KiB/alert (RSS - idle) | KiB/alert (HWM - idle) | on disk MiB | load rate alerts/s |")
        p("|---|---|---|---|---|---|---|---|---|---|")
        for r in mem:
            per_rss = (r["rss_kib"] - r["idle_rss_kib"]) / r["alerts"]
            per_hwm = (r["hwm_kib"] - r["idle_rss_kib"]) / r["alerts"]
            if r["target"] == "klaxon":
                kib_klaxon = (r["alerts"], per_rss, per_hwm)
            p("| %s | %s | %s | %s | %s | %s | %.2f | %.2f | %s | %s |" % (
                r["target"], fmt(r["alerts"]), fmt(r["active"]) if isinstance(r["active"], (int, float)) else r["active"],
                fmt(r["idle_rss_kib"] / 1024, 1), fmt(r["rss_kib"] / 1024, 1), fmt(r["hwm_kib"] / 1024, 1), per_rss, per_hwm,
                fmt(r["data_dir_kib"] / 1024, 1) if r["target"] == "klaxon" else "0 (memory only)", fmt(r["load_alerts_per_s"])))
        p("")

    # ---- restart ----
    rs = [r for r in records if r.get("kind") == "restart"]
    restart_klaxon = None
    if rs:
        p("### Restart after kill -9 with the alerts stored (Alertmanager also after SIGTERM)")
        p("")
        p("| server | alerts before | alerts after restart | until /readyz (or /-/ready) 200, s | until first ingest 2xx, s | runs | fsync ms |")
        p("|---|---|---|---|---|---|---|")
        for target in ("klaxon", "alertmanager"):
            runs = [r for r in rs if r["target"] == target]
            if not runs:
                continue
            ready, ingest = median([r["ready_s"] for r in runs]), median([r["ingest_s"] for r in runs])
            if target == "klaxon":
                restart_klaxon = (ready, max(r["ingest_s"] for r in runs), ingest, runs[0]["alerts_before"])
            p("| %s | %s | %s | %s | %s (max %s) | %d | %s |" % (
                target, ", ".join(dict.fromkeys(
                    "%s%s" % (fmt(r["alerts_before"]), " (then SIGTERM)" if r.get("how") == "sigterm" else "") for r in runs)),
                ", ".join(str(r["stored_after"]) for r in runs),
                fmt(ready, 3), fmt(ingest, 3), fmt(max(r["ingest_s"] for r in runs), 3), len(runs),
                ", ".join(str(r.get("fsync_median_ms", "?")) for r in runs)))
        p("")

    # ---- timers, outbox, alert -> Slack ----
    def ms(seconds, digits=1):
        return fmt(None if seconds is None else seconds * 1000, digits)

    timers = [r for r in records if r.get("kind") == "timers"]
    if timers:
        p("### Timers: incidents each holding a pending escalation timer (klaxon_timer_lateness_seconds)")
        p("")
        p("| incidents | opened at, incidents/s (spread of due times) | timeout | lateness p50 ms | p90 ms | p99 ms | max (histogram bucket) ms | taken up late (timeline) p99 / max ms | fired | escalated once / more / never | klaxon CPU s | fsync ms |")
        p("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in timers:
            h, t, load = r["lateness"], r["timeline"], r["load"]
            p("| %s | %s (%.1f s) | %s s | %s | %s | %s | ≤ %s | %s / %s | %s | %s / %s / %s | %s | %s |" % (
                fmt(r["incidents"]), fmt(load["alerts_per_s"]), load["seconds"], r["timeout_s"], ms(h["p50"]), ms(h["p90"]),
                ms(h["p99"]), ms(h["max_le"], 0), ms(t["p99"], 0), ms(t["max"], 0), fmt(h["count"]),
                fmt(t["escalated_once"]), fmt(t["escalated_more"]), fmt(t["not_escalated"]), fmt(r["server_cpu_s"], 1),
                r.get("fsync_median_ms", "?")))
        p("")

    outbox = [r for r in records if r.get("kind") == "outbox"]
    if outbox:
        p("### Outbox throughput: due Slack chat.postMessage calls to a local receiver (bench_receiver)")
        p("")
        p("| incidents opened (incidents/s) | sent while opening | due at restart | received | deliveries/s (first to last) | median / slowest whole second | left pending | klaxon CPU s |")
        p("|---|---|---|---|---|---|---|---|")
        for r in outbox:
            rate = r["rate"]
            p("| %s (%s) | %s | %s | %s | %s | %s / %s | %s | %s |" % (
                fmt(r["notifications"]), fmt(r["load"]["alerts_per_s"]), fmt(r["sent_during_load"]), fmt(r["pending"]),
                fmt(rate["requests"]), fmt(rate["per_s"]), fmt(rate["per_s_median_second"]),
                fmt(rate["per_s_min_second"]), fmt(r["left_pending"]), fmt(r["server_cpu_s"], 1)))
        p("")

    notify = [r for r in records if r.get("kind") == "notify_latency"]
    if notify:
        p("### Alert -> Slack: from a probe alert's 2xx to its chat.postMessage at the receiver, at half klaxon's peak ingest")
        p("")
        p("| run | wrk goal / achieved req/s | wrk p99 ms | probes (answered, matched) | p50 ms | p90 ms | p99 ms | max ms | arrived before the 2xx | probe round trip p50 / p99 ms |")
        p("|---|---|---|---|---|---|---|---|---|---|")
        for r in notify:
            pr = r["probe"]
            p("| %s%s | %s / %s | %s | %s (%s, %s) | %s | %s | %s | %s | %s | %s / %s |" % (
                r["rep"], " (invalid: %s)" % r["invalid"] if r.get("invalid") else "",
                fmt(r["goal_req_per_s"]), fmt(r["req_per_s"]), fmt(r.get("p99_us", 0) / 1000, 2),
                pr.get("probes"), pr.get("answered"), pr.get("matched"), fmt(pr.get("p50_ms"), 2), fmt(pr.get("p90_ms"), 2),
                fmt(pr.get("p99_ms"), 2), fmt(pr.get("max_ms"), 2), pr.get("before_2xx"),
                fmt(pr.get("probe_rtt_p50_ms"), 2), fmt(pr.get("probe_rtt_p99_ms"), 2)))
        for r in records:
            if r.get("kind") == "notify_send_delay":
                d = r["send_delay"]
                p("")
                p("Inside klaxon (klaxon_notification_send_delay_seconds, from the transaction that enqueued a "
                  "notification to the start of its first attempt, all runs): %s notifications, p50 %s ms, "
                  "p99 %s ms." % (fmt(d["count"]), ms(d["p50"], 2), ms(d["p99"], 2)))
        p("")

    probes = [r for r in records if r.get("kind") == "probes"]
    if probes:
        p("### Probes: http checks of a local target, klaxon and Prometheus + blackbox_exporter")
        p("")
        p("| system | run | checks/s (target saw) | checks/s (klaxon counted) | cores | RSS MiB | target cores | other work cores | load |")
        p("|---|---|---|---|---|---|---|---|---|")
        for r in probes:
            w = r["window"]
            if r["target"] == "klaxon":
                cores, rss = w.get("klaxon_cores"), w.get("klaxon_rss_kib", 0) / 1024
                name = "klaxon"
            else:
                cores = (w.get("prometheus_cores") or 0) + (w.get("blackbox_cores") or 0)
                rss = (w.get("prometheus_rss_kib", 0) + w.get("blackbox_rss_kib", 0)) / 1024
                name = "Prometheus + blackbox (%s + %s)" % (fmt(w.get("prometheus_cores"), 3), fmt(w.get("blackbox_cores"), 3))
            p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                name, r["rep"], fmt(w.get("target_req_per_s"), 1), fmt(w.get("checks_per_s"), 1), fmt(cores, 3),
                fmt(rss, 1), fmt(w.get("target_cores"), 3), fmt(w.get("other_cores"), 2), r.get("loadavg", "?")))
        p("")
        p("| run | probes failed | incidents | target's first 503 -> incident opened p50 / p90 / p99 / max ms | klaxon_probe_to_incident_seconds: count, p50 / p99 ms |")
        p("|---|---|---|---|---|")
        for r in probes:
            if r["target"] != "klaxon":
                continue
            lt, h = r.get("latency", {}), r.get("to_incident", {})
            p("| %s | %s | %s | %s / %s / %s / %s | %s, %s / %s |" % (
                r["rep"], lt.get("probes"), lt.get("incidents"), fmt(lt.get("p50_ms"), 1), fmt(lt.get("p90_ms"), 1),
                fmt(lt.get("p99_ms"), 1), fmt(lt.get("max_ms"), 1), h.get("count"), ms(h.get("p50"), 2), ms(h.get("p99"), 2)))
        p("")

    # ---- targets ----
    p("### Targets")
    p("")
    p("| target | measured | verdict |")
    p("|---|---|---|")
    durable_all = None
    durable = [r for r in tp if r["target"] == "klaxon" and "durable" in r]
    if durable:
        durable_all = all(r["durable"] for r in durable)
    for mode in ("new", "repeat"):
        if (1, mode) in results:
            k, a, b, fl = results[(1, mode)]
            ra, rb, rf = ratio(k, a), ratio(k, b), ratio(fl, b)
            p("| 1 alert/request (%s): ≥ 1.5x Alertmanager | %s | %s |" % (mode, fmt(ra, 2, "x"), verdict(None if ra is None else ra >= 1.5)))
            p("| 1 alert/request (%s): ≥ 75 %% of the bare server | %s | %s |" % (
                mode, fmt(None if rb is None else rb * 100, 0, " %"), verdict(None if rb is None else rb >= 0.75)))
            if rf is not None:
                p("| (for reference, 1 alert/request, %s) the durable floor: %% of the bare server | %s | |" % (
                    mode, fmt(rf * 100, 0, " %")))
    if durable_all is not None:
        p("| every accepted alert durable (on disk after kill -9) | %d/%d runs | %s |" % (
            sum(1 for r in durable if r["durable"]), len(durable), verdict(durable_all)))
    for mode in ("new", "repeat"):
        if (100, mode) in results:
            k, a, _, _ = results[(100, mode)]
            ra = ratio(k, a)
            p("| 100 alerts/request (%s): ≥ 5x Alertmanager | %s | %s |" % (mode, fmt(ra, 2, "x"), verdict(None if ra is None else ra >= 5)))
    if lat_klaxon_p99 is not None:
        p("| p99 < 5 ms at half the peak rate | %s ms | %s |" % (fmt(lat_klaxon_p99, 2), verdict(lat_klaxon_p99 < 5)))
    if kib_klaxon:
        n, per_rss, per_hwm = kib_klaxon
        p("| < 1 KiB per active alert (at %s alerts) | %.2f KiB (RSS), %.2f KiB (peak) | %s |" % (
            fmt(n), per_rss, per_hwm, verdict(per_rss < 1)))
    if restart_klaxon:
        ready, worst, ingest, n = restart_klaxon
        p("| serving within 5 s of a restart (%s alerts stored) | ready %.3f s, ingest %.3f s (max %.3f s) | %s |" % (
            fmt(n), ready, ingest, worst, verdict(worst < 5)))
    for r in timers:
        h, t = r["lateness"], r["timeline"]
        once = t["escalated_once"] == r["incidents"] and h["count"] == r["incidents"]
        p("| %s timers fire with p99 lateness < 100 ms | p99 %s ms (max ≤ %s ms) | %s |" % (
            fmt(r["incidents"]), ms(h["p99"]), ms(h["max_le"], 0), verdict(h["p99"] is not None and h["p99"] < 0.1)))
        p("| every timer fires exactly once | %s fired, %s incidents escalated once | %s |" % (
            fmt(h["count"]), fmt(t["escalated_once"]), verdict(once)))
    for r in outbox:
        rate = r["rate"]["per_s"]
        p("| the outbox delivers ≥ 2,000 notifications/s to a local receiver | %s/s (%s due) | %s |" % (
            fmt(rate), fmt(r["pending"]), verdict(rate >= 2000 and r["rate"]["requests"] >= r["pending"] and r["left_pending"] == 0)))
    valid = [r for r in notify if not r.get("invalid") and r["probe"].get("p99_ms") is not None]
    if valid:
        p99 = median([r["probe"]["p99_ms"] for r in valid])
        p("| alert 2xx -> Slack request < 10 ms p99 at half the peak ingest rate | %s ms (median of %d runs' p99) | %s |" % (
            fmt(p99, 2), len(valid), verdict(p99 < 10)))
    kp = [r for r in probes if r["target"] == "klaxon"]
    pp = [r for r in probes if r["target"] == "prometheus"]
    if kp:
        cores = median([r["window"].get("klaxon_cores") for r in kp])
        rate = median([r["window"].get("checks_per_s") for r in kp])
        p("| %s http probes every %s: klaxon under half a core | %s cores at %s checks/s (median of %d runs) | %s |" % (
            fmt(kp[0]["probes"]), kp[0]["interval"], fmt(cores, 3), fmt(rate, 1), len(kp), verdict(cores is not None and cores < 0.5)))
        p99 = median([r.get("latency", {}).get("p99_ms") for r in kp])
        complete = all(r.get("latency", {}).get("missing") == 0 for r in kp)
        p("| probe -> incident < 50 ms at p99 | %s ms (median of the runs' p99; every probe opened its incident: %s) | %s |" % (
            fmt(p99, 1), "yes" if complete else "no", verdict(p99 is not None and complete and p99 < 50)))
        if pp:
            # CPU per check as the target counted the checks: the peer may not
            # keep up with the load it is given.
            peer = median([(r["window"].get("prometheus_cores") or 0) + (r["window"].get("blackbox_cores") or 0) for r in pp])
            peer_rate = median([r["window"].get("target_req_per_s") for r in pp])
            ours_rate = median([r["window"].get("target_req_per_s") for r in kp])
            ours_us = cores / ours_rate * 1e6 if cores is not None and ours_rate else None
            peer_us = peer / peer_rate * 1e6 if peer is not None and peer_rate else None
            p("| (for reference) Prometheus + blackbox_exporter given the same load | %s cores while its checks reached the "
              "target at %s/s (klaxon's: %s/s); CPU per check %s µs against klaxon's %s µs (%s) | |" % (
                  fmt(peer, 3), fmt(peer_rate, 1), fmt(ours_rate, 1), fmt(peer_us), fmt(ours_us),
                  fmt(ratio(peer_us, ours_us), 1, "x")))
    p("")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
