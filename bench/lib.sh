# Helpers for bench/run.sh (sourced, not run). Everything started here is
# recorded in STARTED_PIDS and stopped by bench_cleanup (run.sh traps EXIT);
# every temporary directory lives under BENCH_TMP, removed by bench_cleanup.
# Only 127.0.0.1 is ever used.

STARTED_PIDS=()
SERVER_PID=""
SERVER_URL=""
SERVER_LOG=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load1() { cut -d' ' -f1 /proc/loadavg; }

bt() { python3 "$BENCH_DIR/benchtool.py" "$@"; }
nt() { python3 "$BENCH_DIR/notifytool.py" "$@"; }
pt() { python3 "$BENCH_DIR/probetool.py" "$@"; }

# Appends one JSON object (built by benchtool record) to the results file.
record() { bt record "$RESULTS_JSONL" "$@"; }

bench_cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${STARTED_PIDS[@]}"; do
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 100)); do sleep 0.1; waited=$((waited + 1)); done
    kill -KILL "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
  if [[ -n "${BENCH_TMP:-}" && -d "$BENCH_TMP" ]]; then rm -rf "$BENCH_TMP"; fi
}

forget_pid() {
  local pid="$1" kept=() p
  for p in "${STARTED_PIDS[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}

# stop_pid PID: SIGTERM, up to 10 s, then SIGKILL.
stop_pid() {
  local pid="$1" waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < 100)); do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM for 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

# kill9_pid PID: SIGKILL and reap.
kill9_pid() {
  local pid="$1"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

# After a start_* call: waits until READY_PATH answers 200 (or the process dies).
wait_started() {
  local ready_path="$1" what="$2"
  if ! bt wait "$SERVER_URL$ready_path" --timeout 120 >/dev/null 2>"$BENCH_TMP/wait.err"; then
    log "$what did not become ready: $(cat "$BENCH_TMP/wait.err")"
    tail -20 "$SERVER_LOG" >&2 || true
    die "$what failed to start (log: $SERVER_LOG)"
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || die "$what exited (log: $SERVER_LOG)"
}

# start_klaxon DATA_DIR LOG_NAME [--no-wait]: sets SERVER_PID, SERVER_URL, SERVER_LOG.
# KLAXON_CONFIG picks another configuration than klaxon-bench.yaml (the
# KLAXON_BENCH_* variables it may name are exported by run.sh).
start_klaxon() {
  local data="$1" name="$2" port
  port=$(bt free-port)
  SERVER_URL="http://127.0.0.1:$port"
  SERVER_LOG="$LOG_DIR/$name.log"
  KLAXON_BENCH_KEY="$KLAXON_KEY" KLAXON_BENCH_VIEWER_TOKEN="$KLAXON_VIEWER" \
    "$KLAXON_BIN" serve --config "${KLAXON_CONFIG:-$BENCH_DIR/klaxon-bench.yaml}" --data "$data" \
    --listen "127.0.0.1:$port" >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  if [[ "${3:-}" != "--no-wait" ]]; then wait_started /readyz klaxon; fi
}

# start_receiver LOG_NAME: bench_receiver, the local Slack Web API of the
# outbox and notify-latency phases; sets RECEIVER_PID and RECEIVER_URL.
start_receiver() {
  local name="$1" port
  port=$(bt free-port)
  RECEIVER_URL="http://127.0.0.1:$port"
  "$RECEIVER_BIN" --listen "127.0.0.1:$port" >>"$LOG_DIR/$name.log" 2>&1 &
  RECEIVER_PID=$!
  STARTED_PIDS+=("$RECEIVER_PID")
  bt wait "$RECEIVER_URL/readyz" --timeout 30 >/dev/null || die "bench_receiver did not start"
}

# start_probe_target LOG_NAME: bench_probe_target, the HTTP service of the
# probes phase; sets TARGET_PID and TARGET_URL.
start_probe_target() {
  local name="$1" port
  port=$(bt free-port)
  TARGET_URL="http://127.0.0.1:$port"
  "$PROBE_TARGET_BIN" --listen "127.0.0.1:$port" >>"$LOG_DIR/$name.log" 2>&1 &
  TARGET_PID=$!
  STARTED_PIDS+=("$TARGET_PID")
  bt wait "$TARGET_URL/readyz" --timeout 30 >/dev/null || die "bench_probe_target did not start"
}

# start_alertmanager STORAGE_DIR LOG_NAME [--no-wait]
start_alertmanager() {
  local storage="$1" name="$2" port
  port=$(bt free-port)
  SERVER_URL="http://127.0.0.1:$port"
  SERVER_LOG="$LOG_DIR/$name.log"
  mkdir -p "$storage"
  "$AM_BIN" --config.file="$BENCH_DIR/alertmanager.yml" --storage.path="$storage" \
    --web.listen-address="127.0.0.1:$port" --cluster.listen-address= \
    --log.level=warn >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  if [[ "${3:-}" != "--no-wait" ]]; then wait_started /-/ready alertmanager; fi
}

# start_bare LOG_NAME
start_bare() {
  local name="$1" port
  port=$(bt free-port)
  SERVER_URL="http://127.0.0.1:$port"
  SERVER_LOG="$LOG_DIR/$name.log"
  "$BARE_BIN" --listen "127.0.0.1:$port" >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  wait_started /readyz bare
}

# start_floor DATA_DIR LOG_NAME: the bare server storing every body in SQLite
# and answering after fdatasync (bench/durable_log.h), the floor of durable ingest.
start_floor() {
  local data="$1" name="$2" port
  port=$(bt free-port)
  SERVER_URL="http://127.0.0.1:$port"
  SERVER_LOG="$LOG_DIR/$name.log"
  "$BARE_BIN" --listen "127.0.0.1:$port" --durable "$data/floor.db" >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  wait_started /readyz floor
}

# start_target TARGET NAME: a fresh server of that kind with a fresh data dir
# (SERVER_DATA).
start_target() {
  local target="$1" name="$2"
  SERVER_DATA=$(mktemp -d "$BENCH_TMP/$target.XXXXXX")
  case "$target" in
    klaxon) start_klaxon "$SERVER_DATA" "$name" ;;
    alertmanager) start_alertmanager "$SERVER_DATA" "$name" ;;
    bare) start_bare "$name" ;;
    floor) start_floor "$SERVER_DATA" "$name" ;;
    *) die "unknown target $target" ;;
  esac
}

# The bearer token each target wants ("-" for none).
target_token() { if [[ "$1" == klaxon ]]; then echo "$KLAXON_KEY"; else echo -; fi; }
token_flag() { if [[ "$1" == klaxon ]]; then echo "--token $KLAXON_KEY"; fi; }

# Alerts stored in a klaxon data dir (firing only with "firing"). The store
# keeps alerts as a log of batches (docs/adr/0004-alert-log.md), so they are
# counted by klaxon itself: read-only, without the writer's lock.
klaxon_db_count() {
  local field=alerts
  [[ "${2:-}" == firing ]] && field=firing
  "$KLAXON_BIN" store-stats --data "$1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$field"
}

# run_wrk RAW_FILE SCRIPT CONNECTIONS DURATION URL SCRIPT_ARGS...: runs wrk,
# writing around its output the load average, the server's CPU time, wrk's
# own CPU time and the whole machine's busy CPU time, before and after.
run_wrk() {
  local raw="$1" script="$2" conns="$3" duration="$4" url="$5"
  shift 5
  local cpu0 cpu1 busy0 busy1 timing="$BENCH_TMP/wrk.time"
  {
    echo "# date: $(date -Is)"
    echo "# loadavg_before: $(loadavg)"
    echo "# command: wrk -t$WRK_THREADS -c$conns -d$duration --timeout 5s --latency -s $script $url -- $*"
  } >"$raw"
  # The data dir's disk: a klaxon 2xx waits for an fsync, and on a virtual
  # disk its latency can change from one minute to the next.
  echo "# fsync_before: $(bt fsync "$BENCH_TMP" 50)" >>"$raw"
  busy0=$(bt busy)
  cpu0=$(bt cpu "$SERVER_PID")
  /usr/bin/time -f "%U %S" -o "$timing" \
    wrk -t"$WRK_THREADS" -c"$conns" -d"$duration" --timeout 5s --latency -s "$script" "$url" -- "$@" >>"$raw" 2>&1 ||
    echo "# wrk exited with status $?" >>"$raw"
  cpu1=$(bt cpu "$SERVER_PID" 2>/dev/null || echo "$cpu0")
  busy1=$(bt busy)
  {
    echo "# loadavg_after: $(loadavg)"
    echo "# server_cpu_s_before: $cpu0"
    echo "# server_cpu_s_after: $cpu1"
    echo "# machine_busy_s_before: $busy0"
    echo "# machine_busy_s_after: $busy1"
    echo "# wrk_cpu_s: $(tail -1 "$timing" | awk '{ print $1 + $2 }')"
  } >>"$raw"
  kill -0 "$SERVER_PID" 2>/dev/null || echo "# server process died during the run" >>"$raw"
}
