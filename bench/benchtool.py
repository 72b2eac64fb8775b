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
  benchtool.py field JSON KEY  print one field of a JSON object
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
    print("" if total is None else ("%g" % total))


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
