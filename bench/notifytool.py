#!/usr/bin/env python3
"""Helpers for the timers, outbox and notify-latency phases of bench/run.sh
(standard library only; 127.0.0.1 only).

  notifytool.py load-groups URL --count N [--start S] [--batch B] [--prefix P] [--token T] [--connections C] [--rate R]
      send N alerts (Alertmanager API v2), each with its own `group` label, so
      each opens its own incident under bench/klaxon-{timers,notify}.yaml; with
      --rate, batch i is sent no sooner than i * B / R seconds after the start;
      print {"alerts":..., "seconds":..., "alerts_per_s":..., "non2xx":...}
  notifytool.py wait-metric URL NAME LABELS --at-least N [--timeout S]
      poll /metrics until the sample NAME{...LABELS...} reaches N; print seconds waited
  notifytool.py histogram URL NAME LABELS
      one histogram series from /metrics: count, sum, mean, p50/p90/p99 (linear
      within a bucket, as Prometheus' histogram_quantile) and the upper bound of
      the highest non-empty bucket ("max_le")
  notifytool.py timeline-lateness DB TIMEOUT_S
      from a stopped klaxon's SQLite file: per incident, when level 2 was paged
      minus (opened + TIMEOUT_S), i.e. when the engine took each timer up; and
      how many incidents were escalated to level 2, and how often
  notifytool.py pending DB
      the outbox rows still pending in a stopped klaxon's SQLite file
  notifytool.py wait-receiver RECEIVER_URL --at-least N [--timeout S]
      poll the receiver's /stats until it has N requests; print seconds waited
  notifytool.py received RECEIVER_URL
      how many requests the receiver got
  notifytool.py outbox-rate RECEIVER_URL
      deliveries per second from the receiver's arrival times: overall (first to
      last), and the median and minimum of whole seconds between them
  notifytool.py probe URL RECEIVER_URL --rate R --seconds S --token T [--prefix P] [--settle S]
      at R requests/s for S seconds, POST /api/v1/alerts with one alert that
      opens a new incident (named in the answer); after S + settle seconds,
      match each incident to the first chat.postMessage naming it at the
      receiver: latency = arrival (receiver) - the probe's 2xx (client), both
      CLOCK_REALTIME on this machine; print count, missing, p50/p90/p99/max ms
"""

import http.client
import json
import math
import sqlite3
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in bench/
from benchtool import die, opt, request, split_url  # noqa: E402


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100.0 * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[k]


def group_alert(instance):
    return ('{"labels":{"alertname":"Bench","service":"api","group":"%s","instance":"%s"},'
            '"annotations":{"summary":"Benchmark incident %s"}}' % (instance, instance, instance))


def cmd_load_groups(args):
    count = int(opt(args, "--count", "1000"))
    batch = int(opt(args, "--batch", "1000"))
    prefix = opt(args, "--prefix", "grp")
    first = int(opt(args, "--start", "0"))
    token = opt(args, "--token")
    connections = int(opt(args, "--connections", "2"))
    rate = float(opt(args, "--rate", "0"))
    host, port, path = split_url(args[0])
    starts = list(range(0, count, batch))
    lock = threading.Lock()
    state = {"next": 0, "alerts": 0, "non2xx": 0, "first_error": ""}

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=120)
        while True:
            with lock:
                if state["next"] >= len(starts) or state["non2xx"]:
                    break
                start = starts[state["next"]]
                state["next"] += 1
            if rate > 0:
                wait = began + start / rate - time.time()
                if wait > 0:
                    time.sleep(wait)
            n = min(batch, count - start)
            body = "[" + ",".join(group_alert("%s-%d" % (prefix, first + start + i)) for i in range(n)) + "]"
            try:
                status, data = request(conn, "POST", path, body, token)
            except OSError as e:
                status, data = 0, str(e).encode()
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=120)
            with lock:
                if 200 <= status < 300:
                    state["alerts"] += n
                else:
                    state["non2xx"] += 1
                    state["first_error"] = state["first_error"] or "HTTP %d %s" % (status, data[:200])
        conn.close()

    began = time.time()  # read by the workers when pacing
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.time() - began
    print(json.dumps({"alerts": state["alerts"], "seconds": round(seconds, 3),
                      "alerts_per_s": round(state["alerts"] / seconds, 1), "began": round(began, 3),
                      "non2xx": state["non2xx"], "first_error": state["first_error"]}))
    if state["non2xx"] or state["alerts"] != count:
        sys.exit(1)


def scrape(url):
    host, port, _ = split_url(url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    status, body = request(conn, "GET", "/metrics")
    conn.close()
    if status != 200:
        die("metrics answered HTTP %d" % status)
    return body.decode()


def samples(text, name, labels):
    """(series, value) of every sample of `name` whose label text contains `labels`."""
    out = []
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        series, _, value = line.rpartition(" ")
        if series.split("{", 1)[0] == name and labels in series:
            out.append((series, float(value)))
    return out


def cmd_wait_metric(args):
    at_least = float(opt(args, "--at-least", "1"))
    timeout = float(opt(args, "--timeout", "300"))
    url, name = args[0], args[1]
    labels = args[2] if len(args) > 2 else ""
    began = time.time()
    value = 0.0
    while time.time() - began < timeout:
        value = sum(v for _, v in samples(scrape(url), name, labels))
        if value >= at_least:
            print("%.3f" % (time.time() - began))
            return
        time.sleep(0.25)
    die("%s{%s} reached only %s of %s in %.0f s" % (name, labels, value, at_least, timeout))


def histogram(text, name, labels):
    buckets = []
    for series, value in samples(text, name + "_bucket", labels):
        le = series.split('le="', 1)[1].split('"', 1)[0]
        buckets.append((float("inf") if le == "+Inf" else float(le), value))
    buckets.sort()
    count = sum(v for _, v in samples(text, name + "_count", labels))
    total = sum(v for _, v in samples(text, name + "_sum", labels))

    def quantile(q):
        if count == 0:
            return None
        rank = q * count
        lower, below = 0.0, 0.0
        for bound, cumulative in buckets:
            if cumulative >= rank:
                if bound == float("inf"):
                    return lower  # as histogram_quantile: the last finite bound
                inside = cumulative - below
                return lower + (bound - lower) * ((rank - below) / inside if inside else 1)
            lower, below = bound, cumulative
        return lower

    max_le = None
    below = 0.0
    for bound, cumulative in buckets:
        if cumulative > below:
            max_le = bound
        below = cumulative
    return {"count": int(count), "sum": total, "mean": (total / count) if count else None,
            "p50": quantile(0.50), "p90": quantile(0.90), "p99": quantile(0.99),
            "max_le": None if max_le == float("inf") else max_le,
            "buckets": [[("+Inf" if b == float("inf") else b), int(c)] for b, c in buckets]}


def cmd_histogram(args):
    print(json.dumps(histogram(scrape(args[0]), args[1], args[2] if len(args) > 2 else "")))


def cmd_timeline_lateness(args):
    db, timeout_s = args[0], float(args[1])
    conn = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    rows = conn.execute(
        "SELECT o.incident_id, o.at, e.n, e.first_at FROM "
        "(SELECT incident_id, min(at) AS at FROM timeline WHERE kind = 'opened' GROUP BY incident_id) AS o "
        "LEFT JOIN (SELECT incident_id, count(*) AS n, min(at) AS first_at FROM timeline "
        "           WHERE kind = 'escalated' AND text LIKE 'Not acknowledged%' GROUP BY incident_id) AS e "
        "ON e.incident_id = o.incident_id").fetchall()
    conn.close()
    late = sorted((first_at - opened - timeout_s * 1000) / 1000.0 for _, opened, n, first_at in rows if n)
    print(json.dumps({
        "incidents": len(rows),
        "escalated_once": sum(1 for r in rows if r[2] == 1),
        "escalated_more": sum(1 for r in rows if r[2] and r[2] > 1),
        "not_escalated": sum(1 for r in rows if not r[2]),
        "p50": percentile(late, 50), "p99": percentile(late, 99), "max": late[-1] if late else None,
    }))


def cmd_pending(args):
    conn = sqlite3.connect("file:%s?mode=ro" % args[0], uri=True)
    print(conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0])
    conn.close()


def receiver_get(url, path):
    host, port, _ = split_url(url)
    conn = http.client.HTTPConnection(host, port, timeout=60)
    status, body = request(conn, "GET", path)
    conn.close()
    if status != 200:
        die("receiver answered HTTP %d" % status)
    return body.decode()


def cmd_wait_receiver(args):
    at_least = int(opt(args, "--at-least", "1"))
    timeout = float(opt(args, "--timeout", "300"))
    began = time.time()
    got = 0
    while time.time() - began < timeout:
        got = json.loads(receiver_get(args[0], "/stats"))["requests"]
        if got >= at_least:
            print("%.3f" % (time.time() - began))
            return
        time.sleep(0.25)
    die("the receiver got only %d of %d requests in %.0f s" % (got, at_least, timeout))


def cmd_received(args):
    print(json.loads(receiver_get(args[0], "/stats"))["requests"])


def arrivals(url):
    out = []
    for line in receiver_get(url, "/arrivals").splitlines():
        at, path, ref = line.split(" ")
        out.append((int(at), path, ref))
    return out


def cmd_outbox_rate(args):
    times = [at for at, _, _ in arrivals(args[0])]
    if len(times) < 2:
        die("fewer than two arrivals")
    first, last = times[0], times[-1]
    per_second = {}
    for t in times:
        s = (t - first) // 1_000_000_000
        per_second[s] = per_second.get(s, 0) + 1
    whole = [per_second.get(s, 0) for s in range(0, (last - first) // 1_000_000_000)]  # complete seconds only
    whole_sorted = sorted(whole)
    print(json.dumps({
        "requests": len(times), "seconds": round((last - first) / 1e9, 3),
        "per_s": round((len(times) - 1) / ((last - first) / 1e9), 1),
        "per_s_median_second": whole_sorted[len(whole_sorted) // 2] if whole else None,
        "per_s_min_second": whole_sorted[0] if whole else None,
        "per_second": whole,
    }))


def cmd_probe(args):
    rate = float(opt(args, "--rate", "20"))
    seconds = float(opt(args, "--seconds", "10"))
    token = opt(args, "--token")
    prefix = opt(args, "--prefix", "probe")
    settle = float(opt(args, "--settle", "3"))
    url, receiver = args[0], args[1]
    host, port, path = split_url(url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    sent = []  # (ref, sent_ns, answered_ns)
    errors = []
    began = time.time()
    i = 0
    while True:
        due = began + i / rate
        now = time.time()
        if due - began >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        body = ('{"labels":{"alertname":"Bench","service":"api","group":"%s-%d"},"summary":"probe %d"}'
                % (prefix, i, i))
        t0 = time.time_ns()
        try:
            status, data = request(conn, "POST", path, body, token)
        except OSError as e:
            errors.append(str(e))
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            i += 1
            continue
        t1 = time.time_ns()
        if 200 <= status < 300:
            ref = json.loads(data)["alerts"][0]["incident"]
            sent.append((ref, t0, t1))
        else:
            errors.append("HTTP %d %s" % (status, data[:200]))
        i += 1
    conn.close()
    time.sleep(settle)
    first_post = {}
    for at, p, ref in arrivals(receiver):
        if p == "/api/chat.postMessage" and ref not in first_post:
            first_post[ref] = at
    lat = sorted((first_post[ref] - answered) / 1e6 for ref, _, answered in sent if ref in first_post)
    rtt = sorted((answered - t0) / 1e6 for _, t0, answered in sent)
    print(json.dumps({
        "probes": i, "answered": len(sent), "errors": len(errors), "first_error": errors[0] if errors else "",
        "matched": len(lat), "missing": len(sent) - len(lat),
        "p50_ms": percentile(lat, 50), "p90_ms": percentile(lat, 90), "p99_ms": percentile(lat, 99),
        "max_ms": lat[-1] if lat else None, "min_ms": lat[0] if lat else None,
        "before_2xx": sum(1 for v in lat if v < 0),
        "probe_rtt_p50_ms": percentile(rtt, 50), "probe_rtt_p99_ms": percentile(rtt, 99),
    }))


COMMANDS = {
    "load-groups": cmd_load_groups,
    "wait-metric": cmd_wait_metric,
    "histogram": cmd_histogram,
    "timeline-lateness": cmd_timeline_lateness,
    "pending": cmd_pending,
    "wait-receiver": cmd_wait_receiver,
    "received": cmd_received,
    "outbox-rate": cmd_outbox_rate,
    "probe": cmd_probe,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        die(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
