#!/usr/bin/env python3
"""Small helpers for bench/run.sh (standard library only; 127.0.0.1 only).

  benchtool.py free-port
  benchtool.py wait URL [--since EPOCH] [--timeout S]
      poll GET URL until it answers 200; print seconds since EPOCH (or since the call)
  benchtool.py ingest-probe URL [--token T] [--since EPOCH] [--timeout S]
      POST one new alert until the answer is 2xx; print seconds since EPOCH
  benchtool.py load URL --count N [--start S] [--batch B] [--prefix P] [--token T] [--connections C]
      send N distinct alerts (instances P-S .. P-(S+N-1)), B per request, over C keep-alive connections;
      print a JSON line {"alerts":..., "requests":..., "seconds":..., "non2xx":...}
  benchtool.py cpu PID         print the process's user+system CPU seconds
  benchtool.py mem PID         print {"VmRSS_kib":..,"VmHWM_kib":..}
  benchtool.py metric URL NAME [LABELS]   print the value of one Prometheus metric sample
  benchtool.py am-count URL    number of alerts Alertmanager returns from GET /api/v2/alerts
  benchtool.py record JSONL [--wrk RAW] [--json OBJ]... KEY=VALUE...
      append one result object: the fields given, plus (with --wrk) what the raw
      wrk file says (BENCH_RESULT line, load average, server CPU) and the rates
  benchtool.py fsync DIR [N]  median and p99 of N (200) 4 KiB write+fdatasync in DIR, in ms
  benchtool.py busy            cumulative busy CPU seconds of the whole machine (/proc/stat)
  benchtool.py busy-cores S    CPU cores the whole machine keeps busy over the next S seconds
  benchtool.py show            one progress line for the result object on stdin
  benchtool.py field JSON KEY  print one field of a JSON object
  benchtool.py field-stdin KEY  the same for the object on stdin
  benchtool.py peak JSONL TARGET [BATCH] [MODE]
      median accepted requests/s of the valid throughput runs of TARGET
"""

import http.client
import json
import os
import socket
import sys
import threading
import time
import urllib.parse


def die(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def split_url(url):
    u = urllib.parse.urlsplit(url)
    if u.hostname not in ("127.0.0.1", "localhost"):
        die("benchtool only talks to 127.0.0.1, not " + str(u.hostname))
    return u.hostname, u.port or 80, (u.path or "/") + (("?" + u.query) if u.query else "")


def opt(args, name, default=None):
    if name in args:
        i = args.index(name)
        if i + 1 >= len(args):
            die("missing value for " + name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def alert_json(instance):
    return ('{"labels":{"alertname":"Bench","service":"api","instance":"%s"},'
            '"annotations":{"summary":"Benchmark alert %s is firing"}}' % (instance, instance))


def request(conn, method, path, body=None, token=None):
    headers = {}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    return resp.status, data


def cmd_free_port(args):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()


def poll(url, since, timeout, attempt):
    host, port, path = split_url(url)
    deadline = time.time() + timeout
    last = "no answer"
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            ok, last = attempt(conn, path)
            conn.close()
            if ok:
                print("%.3f" % (time.time() - since))
                return
        except OSError as e:
            last = str(e)
        time.sleep(0.005)
    die("gave up after %.0f s: %s" % (timeout, last))


def cmd_wait(args):
    since = float(opt(args, "--since", time.time()))
    timeout = float(opt(args, "--timeout", "60"))

    def attempt(conn, path):
        status, body = request(conn, "GET", path)
        return status == 200, "HTTP %d" % status

    poll(args[0], since, timeout, attempt)


def cmd_ingest_probe(args):
    since = float(opt(args, "--since", time.time()))
    timeout = float(opt(args, "--timeout", "60"))
    token = opt(args, "--token")
    tag = "probe-%d-%d" % (os.getpid(), int(time.time() * 1000))

    def attempt(conn, path):
        status, body = request(conn, "POST", path, "[" + alert_json(tag) + "]", token)
        return 200 <= status < 300, "HTTP %d %s" % (status, body[:200])

    poll(args[0], since, timeout, attempt)


def cmd_load(args):
    count = int(opt(args, "--count", "1000"))
    batch = int(opt(args, "--batch", "1000"))
    prefix = opt(args, "--prefix", "load")
    first = int(opt(args, "--start", "0"))
    token = opt(args, "--token")
    connections = int(opt(args, "--connections", "4"))
    timeout = float(opt(args, "--timeout", "600"))
    host, port, path = split_url(args[0])
    batches = list(range(0, count, batch))
    lock = threading.Lock()
    state = {"next": 0, "requests": 0, "alerts": 0, "non2xx": 0, "first_error": ""}
    deadline = time.time() + timeout

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=60)
        while time.time() < deadline:
            with lock:
                if state["next"] >= len(batches) or state["non2xx"]:
                    break
                start = batches[state["next"]]
                state["next"] += 1
            n = min(batch, count - start)
            body = "[" + ",".join(alert_json("%s-%d" % (prefix, first + start + i)) for i in range(n)) + "]"
            try:
                status, data = request(conn, "POST", path, body, token)
            except OSError as e:
                status, data = 0, str(e).encode()
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            with lock:
                state["requests"] += 1
                if 200 <= status < 300:
                    state["alerts"] += n
                else:
                    state["non2xx"] += 1
                    if not state["first_error"]:
                        state["first_error"] = "HTTP %d %s" % (status, data[:200].decode("utf-8", "replace"))
        conn.close()

    began = time.time()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.time() - began
    out = {"alerts": state["alerts"], "requests": state["requests"], "seconds": round(seconds, 3),
           "alerts_per_s": round(state["alerts"] / seconds, 1) if seconds > 0 else 0,
           "non2xx": state["non2xx"], "first_error": state["first_error"]}
    print(json.dumps(out))
    if state["non2xx"] or state["alerts"] != count:
        sys.exit(1)


def cmd_cpu(args):
    with open("/proc/%s/stat" % args[0]) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # after the command name: state is field 3, utime 14, stime 15 (1-based)
    ticks = int(fields[11]) + int(fields[12])
    print("%.2f" % (ticks / os.sysconf("SC_CLK_TCK")))


def cmd_mem(args):
    out = {}
    with open("/proc/%s/status" % args[0]) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key + "_kib"] = int(value.split()[0])
    print(json.dumps(out))


def cmd_metric(args):
    url, name = args[0], args[1]
    labels = args[2] if len(args) > 2 else ""
    host, port, path = split_url(url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    status, body = request(conn, "GET", path)
    if status != 200:
        die("metrics answered HTTP %d" % status)
    total = None
    for line in body.decode().splitlines():
        if line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        metric = series.split("{", 1)[0]
        if metric == name and labels in series:
            total = (total or 0) + float(value)
    if total is None:
        print("")
    else:
        print(int(total) if total == int(total) else total)


def cmd_am_count(args):
    host, port, path = split_url(args[0])
    conn = http.client.HTTPConnection(host, port, timeout=120)
    status, body = request(conn, "GET", path)
    if status != 200:
        die("alerts answered HTTP %d" % status)
    print(len(json.loads(body)))


def number(text):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def parse_wrk(raw):
    out = {}
    with open(raw) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("BENCH_RESULT "):
                out.update(json.loads(line[len("BENCH_RESULT "):]))
            elif line.startswith("# loadavg_before: "):
                out["loadavg_before"] = line.split(": ", 1)[1]
            elif line.startswith("# loadavg_after: "):
                out["loadavg_after"] = line.split(": ", 1)[1]
            elif line.startswith("# server_cpu_s_before: "):
                out["cpu_before"] = float(line.split(": ", 1)[1])
            elif line.startswith("# server_cpu_s_after: "):
                out["cpu_after"] = float(line.split(": ", 1)[1])
            elif line.startswith("# machine_busy_s_before: "):
                out["busy_before"] = float(line.split(": ", 1)[1])
            elif line.startswith("# machine_busy_s_after: "):
                out["busy_after"] = float(line.split(": ", 1)[1])
            elif line.startswith("# wrk_cpu_s: "):
                out["wrk_cpu_s"] = float(line.split(": ", 1)[1])
            elif line.startswith("# fsync_before: median "):
                out["fsync_median_ms"] = float(line.split()[3])
            elif line.startswith("# server process died"):
                out["server_died"] = True
            elif line.startswith("# wrk exited"):
                out["wrk_failed"] = line
    return out


def cmd_record(args):
    path = args.pop(0)
    rec = {}
    raw = opt(args, "--wrk")
    while "--json" in args:
        rec.update(json.loads(opt(args, "--json")))
    for kv in args:
        key, _, value = kv.partition("=")
        rec[key] = number(value)
    if raw:
        rec["raw"] = os.path.basename(raw)
        w = parse_wrk(raw)
        if "requests" not in w:
            w["invalid"] = "no result from wrk"
            w.setdefault("requests", 0)
            w.setdefault("duration_us", 1)
        rec.update(w)
        seconds = w["duration_us"] / 1e6
        errors = sum(w.get(k, 0) for k in ("errors_connect", "errors_read", "errors_write",
                                           "errors_status", "errors_timeout"))
        ok_requests = w["requests"] - w.get("errors_status", 0)
        batch = int(rec.get("batch", 1))
        rec["errors"] = errors
        rec["req_per_s"] = round(w["requests"] / seconds, 1)
        rec["accepted_alerts"] = ok_requests * batch
        rec["alerts_per_s"] = round(ok_requests * batch / seconds, 1)
        if "cpu_after" in w and ok_requests > 0:
            rec["cpu_us_per_alert"] = round((w["cpu_after"] - w["cpu_before"]) * 1e6 / (ok_requests * batch), 2)
            rec["server_cpu_cores"] = round((w["cpu_after"] - w["cpu_before"]) / seconds, 2)
        if "busy_after" in w and "cpu_after" in w and "wrk_cpu_s" in w:
            # Whatever else ran on the machine meanwhile (other work, this
            # harness's own helpers): the noise indicator of the run.
            other = (w["busy_after"] - w["busy_before"]) - (w["cpu_after"] - w["cpu_before"]) - w["wrk_cpu_s"]
            rec["other_cpu_cores"] = round(max(other, 0) / seconds, 2)
            rec["wrk_cpu_cores"] = round(w["wrk_cpu_s"] / seconds, 2)
        if "stored_after_kill9" in rec:
            # Every alert answered 2xx must be on disk after kill -9 ("new":
            # each is a row; "repeat": the set of `pool` rows).
            expected = rec["accepted_alerts"] if rec.get("mode") == "new" else int(rec.get("pool", 0))
            rec["durable"] = rec["stored_after_kill9"] >= expected
            if not rec["durable"]:
                rec["invalid"] = "fewer alerts on disk (%s) than accepted (%s)" % (rec["stored_after_kill9"], expected)
        if errors or w.get("server_died") or w.get("wrk_failed"):
            rec.setdefault("invalid", "errors or server died")
    with open(path, "a") as f:
        f.write(json.dumps(rec, sort_keys=True) + "\n")
    print(json.dumps(rec, sort_keys=True))


def cmd_fsync(args):
    n = int(args[1]) if len(args) > 1 else 200
    path = os.path.join(args[0], "fsync-probe")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    times = []
    try:
        block = b"x" * 4096
        for i in range(n):
            began = time.perf_counter()
            os.pwrite(fd, block, (i % 64) * 4096)
            os.fdatasync(fd)
            times.append((time.perf_counter() - began) * 1000)
    finally:
        os.close(fd)
        os.unlink(path)
    times.sort()
    print("median %.2f ms, p99 %.2f ms (%d x 4 KiB write + fdatasync)" % (times[len(times) // 2], times[int(len(times) * 0.99) - 1], n))


def busy_seconds():
    with open("/proc/stat") as f:
        fields = f.readline().split()
    # user nice system idle iowait irq softirq steal (guest time is inside user)
    values = [int(v) for v in fields[1:9]]
    busy = values[0] + values[1] + values[2] + values[5] + values[6] + values[7]
    return busy / os.sysconf("SC_CLK_TCK")


def cmd_busy(args):
    print("%.2f" % busy_seconds())


def cmd_busy_cores(args):
    seconds = float(args[0]) if args else 5.0
    before = busy_seconds()
    time.sleep(seconds)
    print("%.2f" % ((busy_seconds() - before) / seconds))


def cmd_field_stdin(args):
    print(json.loads(sys.stdin.read()).get(args[0], ""))


def cmd_show(args):
    r = json.loads(sys.stdin.read())
    kind = r.get("kind")
    noise = "other work %s cores, load %s, fsync %s ms" % (
        r.get("other_cpu_cores", "?"), r.get("loadavg_before", r.get("loadavg", "?")), r.get("fsync_median_ms", "?"))
    if kind == "throughput":
        line = "  %-12s batch %-3s %-6s rep %s: %9.0f alerts/s %7.0f req/s  p99 %7.2f ms  errors %d  server %s us/alert on %s cores  (%s)" % (
            r["target"], r["batch"], r["mode"], r["rep"], r["alerts_per_s"], r["req_per_s"], r.get("p99_us", 0) / 1000,
            r["errors"], r.get("cpu_us_per_alert", "?"), r.get("server_cpu_cores", "?"), noise)
        if "stored_after_kill9" in r:
            line += "  on disk after kill -9: %s" % r["stored_after_kill9"]
    elif kind == "latency":
        goal = ("goal %.0f" % r["goal_req_per_s"]) if r.get("goal_req_per_s") else "closed loop"
        line = "  %-12s %-18s rep %s: %7.0f req/s (%s)  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  errors %d  (%s)" % (
            r["target"], r["rate_label"], r["rep"], r["req_per_s"], goal, r["p50_us"] / 1000, r["p99_us"] / 1000,
            r["p999_us"] / 1000, r["errors"], noise)
    elif kind == "memory":
        line = "  %-12s %8d alerts (active %s): RSS %d KiB, HWM %d KiB, idle %d KiB -> %.2f KiB/alert (RSS), %.2f (HWM); loaded at %.0f alerts/s" % (
            r["target"], r["alerts"], r["active"], r["rss_kib"], r["hwm_kib"], r["idle_rss_kib"],
            (r["rss_kib"] - r["idle_rss_kib"]) / r["alerts"], (r["hwm_kib"] - r["idle_rss_kib"]) / r["alerts"],
            r["load_alerts_per_s"])
    elif kind == "restart":
        line = "  %-12s restart %s after %s: ready after %.3f s, first ingest 2xx after %.3f s; alerts before %s, after %s" % (
            r["target"], r["rep"], "SIGTERM" if r.get("how") == "sigterm" else "kill -9", r["ready_s"], r["ingest_s"],
            r["alerts_before"], r["stored_after"])
    elif kind == "timers":
        h, t = r["lateness"], r["timeline"]
        line = "  %-12s %d timers (opened in %.1f s): lateness p50 %.1f ms, p99 %.1f ms, max <= %s s; fired %d; escalated once %d, more %d, never %d" % (
            r["target"], r["incidents"], r["load"]["seconds"], (h["p50"] or 0) * 1000, (h["p99"] or 0) * 1000, h["max_le"],
            h["count"], t["escalated_once"], t["escalated_more"], t["not_escalated"])
    elif kind == "outbox":
        line = "  %-12s %d due notifications: %.0f deliveries/s (median second %s, slowest %s); %s left pending" % (
            r["target"], r["pending"], r["rate"]["per_s"], r["rate"]["per_s_median_second"],
            r["rate"]["per_s_min_second"], r["left_pending"])
    elif kind == "notify_latency":
        pr = r["probe"]
        line = "  %-12s rep %s: wrk %.0f req/s (goal %.0f), probe %s answered, %s matched: 2xx -> Slack p50 %s ms, p99 %s ms, max %s ms" % (
            r["target"], r["rep"], r["req_per_s"], r["goal_req_per_s"], pr.get("answered"), pr.get("matched"),
            pr.get("p50_ms"), pr.get("p99_ms"), pr.get("max_ms"))
    else:
        line = json.dumps(r)
    if r.get("invalid"):
        line += "  INVALID: " + r["invalid"]
    print(line, file=sys.stderr)


def cmd_field(args):
    value = json.loads(args[0]).get(args[1], "")
    print(value)


def cmd_peak(args):
    path, target = args[0], args[1]
    batch = int(args[2]) if len(args) > 2 else 1
    mode = args[3] if len(args) > 3 else "new"
    rates = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if (r.get("kind") == "throughput" and r.get("target") == target and r.get("batch") == batch
                    and r.get("mode") == mode and not r.get("invalid")):
                rates.append(r["req_per_s"])
    if not rates:
        die("no valid throughput result for " + target)
    rates.sort()
    print(rates[len(rates) // 2] if len(rates) % 2 else (rates[len(rates) // 2 - 1] + rates[len(rates) // 2]) / 2)


COMMANDS = {
    "record": cmd_record,
    "field": cmd_field,
    "show": cmd_show,
    "field-stdin": cmd_field_stdin,
    "fsync": cmd_fsync,
    "busy": cmd_busy,
    "busy-cores": cmd_busy_cores,
    "peak": cmd_peak,
    "free-port": cmd_free_port,
    "wait": cmd_wait,
    "ingest-probe": cmd_ingest_probe,
    "load": cmd_load,
    "cpu": cmd_cpu,
    "mem": cmd_mem,
    "metric": cmd_metric,
    "am-count": cmd_am_count,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        die(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
