#!/usr/bin/env bash
# klaxon benchmarks: klaxon, Prometheus Alertmanager (the peer it replaces)
# and a bare Beast+JSON server (the ceiling), under the same load in the same
# run; the throughput phase adds the "durable floor": the bare server storing
# each body in SQLite and answering after fdatasync.
# run. Everything on 127.0.0.1; wrk shares the machine's cores with the server.
#
#   bash bench/run.sh [--quick] [--only PHASES] [--skip-install] [--skip-build]
#
# PHASES is a comma-separated subset of
# throughput,latency,memory,restart,timers,outbox,notify-latency,probes
# (default: all). --quick: 5 s runs, 1 repetition, 100k alerts for memory and
# restart, 20k timers, 5k notifications, one 20 s probes window per
# system. Results go to bench/results/<timestamp>/ (raw wrk output, server
# logs, results.jsonl, summary.md); the summary is printed at the end.
# See bench/README.md for what each phase measures and how.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

ARGS="$*"
QUICK=0
PHASES="throughput,latency,memory,restart,timers,outbox,notify-latency,probes"
SKIP_INSTALL=0
SKIP_BUILD=0
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) PHASES="$2"; shift ;;
    --skip-install) SKIP_INSTALL=1 ;;
    --skip-build) SKIP_BUILD=1 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
phase() { [[ ",$PHASES," == *",$1,"* ]]; }

# ---- parameters ----
WRK_THREADS=2
CONNECTIONS=64
if ((QUICK)); then
  DURATION=5s; REPS=1; MEM_STEPS="100000"; CALIBRATE_DURATION=2s
  TIMER_COUNT=20000; TIMER_RATES="0"; OUTBOX_COUNT=5000; NOTIFY_SECONDS=10
  PROBE_WINDOW=20; PROBE_REPS=1
else
  DURATION=15s; REPS=3; MEM_STEPS="100000 1000000"; CALIBRATE_DURATION=3s
  TIMER_COUNT=100000; TIMER_RATES="0 5000"; OUTBOX_COUNT=20000; NOTIFY_SECONDS=30
  PROBE_WINDOW=60; PROBE_REPS=3
fi
REPEAT_POOL=1000           # size of the re-sent set in "repeat" runs
LOAD_BATCH=1000            # alerts per request when loading for memory/restart
TARGETS=(klaxon alertmanager bare)
THROUGHPUT_TARGETS=("${TARGETS[@]}" floor)
QUIET_CORES=${BENCH_QUIET_CORES:-0.3}  # wait (bounded) until other work keeps fewer cores busy
KLAXON_KEY="bench-am-key-0123456789"
KLAXON_VIEWER="bench-viewer-token-0123456789"
# timers, outbox, notify-latency (bench/klaxon-timers.yaml, klaxon-notify.yaml)
TIMER_TIMEOUT_S=${BENCH_TIMER_TIMEOUT_S:-60}  # level 1's timeout: every timer comes due this long after its incident opened
TIMER_RATES=${BENCH_TIMER_RATES:-$TIMER_RATES}  # incidents opened per second, one run each; 0: as fast as klaxon takes them
# Alerts per request while opening them: the incidents of one request share
# their due time, and the last of such a group fires only after the engine
# has processed the whole group (about 75 us each).
TIMER_BATCH=${BENCH_TIMER_BATCH:-100}
PROBE_RATE=20                                 # probe alerts/s, each opening an incident, during notify-latency
# probes (bench/probetool.py): PROBE_COUNT http probes every PROBE_INTERVAL
# against bench_probe_target; PROBE_FAIL of them are made to fail for the
# probe -> incident latency.
PROBE_COUNT=${BENCH_PROBE_COUNT:-5000}
PROBE_INTERVAL=${BENCH_PROBE_INTERVAL:-10s}
PROBE_TIMEOUT=${BENCH_PROBE_TIMEOUT:-5s}
PROBE_WARMUP=${BENCH_PROBE_WARMUP:-25}  # seconds: every probe has run at least twice
PROBE_WINDOW=${BENCH_PROBE_WINDOW:-$PROBE_WINDOW}
PROBE_REPS=${BENCH_PROBE_REPS:-$PROBE_REPS}
PROBE_FAIL=${BENCH_PROBE_FAIL:-500}
export KLAXON_BENCH_ESCALATION_TIMEOUT="${TIMER_TIMEOUT_S}s"
export KLAXON_BENCH_PROBE_KEY="bench-probe-key-0123456789"
export KLAXON_BENCH_SLACK_TOKEN="xoxb-bench-receiver"

# ---- install and build ----
if ((!SKIP_INSTALL)); then
  need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
  command -v sqlite3 >/dev/null || need+=(sqlite3)
  command -v python3 >/dev/null || need+=(python3)
  command -v prometheus >/dev/null || need+=(prometheus)
  command -v prometheus-blackbox-exporter >/dev/null || need+=(prometheus-blackbox-exporter)
  [[ -x /usr/bin/time ]] || need+=(time)
  if ((${#need[@]})); then
    log "installing ${need[*]}"
    SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
    # The Debian packages start a system Alertmanager, Prometheus and
    # blackbox_exporter where systemd runs; they are not used here (ours
    # listen on their own ports with their own storage).
  fi
  bash "$ROOT/scripts/deps.sh"
fi
BUILD_DIR="${BENCH_BUILD_DIR:-$ROOT/build-bench}"  # BENCH_BUILD_DIR: an existing build (with --skip-build)
if ((!SKIP_BUILD)); then
  log "building klaxon (Release) in build-bench/"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKLAXON_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD_DIR" --target klaxon bench_bare_server bench_receiver bench_probe_target >&2
fi
KLAXON_BIN="$BUILD_DIR/klaxon"
[[ -x "$KLAXON_BIN" ]] || KLAXON_BIN="$BUILD_DIR/cmd/klaxon/klaxon"  # builds before the binary moved
BARE_BIN="$BUILD_DIR/bench/bench_bare_server"
RECEIVER_BIN="$BUILD_DIR/bench/bench_receiver"
PROBE_TARGET_BIN="$BUILD_DIR/bench/bench_probe_target"
AM_BIN=$(command -v prometheus-alertmanager) || die "prometheus-alertmanager is not installed"
command -v wrk >/dev/null || die "wrk is not installed"
[[ -x "$KLAXON_BIN" ]] || die "build-bench/ lacks klaxon (drop --skip-build)"
if phase throughput || phase latency; then
  [[ -x "$BARE_BIN" ]] || die "build-bench/ lacks bench_bare_server (drop --skip-build)"
fi
if phase outbox || phase notify-latency; then
  [[ -x "$RECEIVER_BIN" ]] || die "build-bench/ lacks bench_receiver (drop --skip-build)"
fi
if phase probes; then
  [[ -x "$PROBE_TARGET_BIN" ]] || die "build-bench/ lacks bench_probe_target (drop --skip-build)"
  PROM_BIN=$(command -v prometheus) || die "prometheus is not installed"
  BLACKBOX_BIN=$(command -v prometheus-blackbox-exporter) || die "prometheus-blackbox-exporter is not installed"
fi

# ---- results and cleanup ----
STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$BENCH_DIR/results/$STAMP"
LOG_DIR="$OUT/logs"
RAW_DIR="$OUT/raw"
mkdir -p "$LOG_DIR" "$RAW_DIR"
RESULTS_JSONL="$OUT/results.jsonl"
: >"$RESULTS_JSONL"
# Data directories live here; its disk's fsync latency bounds klaxon (a 2xx
# waits for a commit). BENCH_TMPDIR picks another filesystem.
BENCH_TMP=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/klaxon-bench.XXXXXX")
trap bench_cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

{
  echo "date: $(date -Is)"
  echo "command: bash bench/run.sh $ARGS"
  echo "phases: $PHASES"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel: $(uname -sr)"
  echo "memory: $(grep MemTotal /proc/meminfo | tr -s ' ')"
  dirty=$(git -C "$ROOT" status --porcelain -- . ':!bench' ':!BENCHMARKS.md' 2>/dev/null | grep -c . || true)
  echo "klaxon: commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $dirty changed files outside bench/ in the working tree at build time"
  echo "alertmanager: $("$AM_BIN" --version 2>&1 | head -1)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  if phase probes; then
    echo "prometheus: $("$PROM_BIN" --version 2>&1 | head -1)"
    echo "blackbox_exporter: $("$BLACKBOX_BIN" --version 2>&1 | head -1)"
  fi
  echo "compiler: $(c++ --version | head -1)"
  echo "wrk threads/connections: $WRK_THREADS/$CONNECTIONS, duration $DURATION, repetitions $REPS"
  echo "data dir filesystem: $(df -T "$BENCH_TMP" | awk 'NR == 2 { print $1, $2 }')"
  echo "fsync on it: $(bt fsync "$BENCH_TMP")"
  echo "loadavg at start: $(loadavg)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

# wait_quiet: waits (at most 10 x 30 s) until the rest of the machine keeps
# fewer than QUIET_CORES cores busy (measured over 5 s while none of our
# servers runs); other work on the machine skews every figure. The 1-minute
# load average is no use here: it still counts our own previous run.
wait_quiet() {
  local tries=0 busy
  while true; do
    busy=$(bt busy-cores 5)
    if awk -v b="$busy" -v q="$QUIET_CORES" 'BEGIN { exit !(b < q) }'; then
      log "machine quiet: $busy cores busy (load average $(loadavg))"
      return
    fi
    if ((tries >= 10)); then
      log "machine still busy ($busy cores) after 10 waits; measuring anyway"
      return
    fi
    tries=$((tries + 1))
    log "other work keeps $busy cores busy (load average $(loadavg)); waiting 30 s ($tries/10)"
    sleep 30
  done
}

# ---- 1. throughput ----
# One run: a fresh server, (for "repeat") the set sent once, wrk, then for
# klaxon kill -9 and count what is on disk against what was answered 2xx.
throughput_run() {
  local target="$1" batch="$2" mode="$3" rep="$4" name raw tag extra=()
  name="tp-$target-b$batch-$mode-r$rep"
  raw="$RAW_DIR/$name.txt"
  start_target "$target" "$name"
  if [[ "$mode" == repeat ]]; then
    # shellcheck disable=SC2046
    bt load "$SERVER_URL/api/v2/alerts" --count "$REPEAT_POOL" --batch "$LOAD_BATCH" --prefix rep \
      $(token_flag "$target") >/dev/null || die "loading the repeated set into $target failed"
  fi
  tag="r$rep$RANDOM"
  run_wrk "$raw" "$BENCH_DIR/wrk/alerts.lua" "$CONNECTIONS" "$DURATION" "$SERVER_URL" \
    "$batch" "$mode" "$tag" "$(target_token "$target")" "$REPEAT_POOL"
  if [[ "$target" == klaxon ]]; then
    kill9_pid "$SERVER_PID"
    local stored
    stored=$(klaxon_db_count "$SERVER_DATA" || echo -1)
    echo "# after kill -9: alerts stored in klaxon.db: $stored" >>"$raw"
    extra+=("stored_after_kill9=$stored")
  else
    stop_pid "$SERVER_PID"
  fi
  rm -rf "$SERVER_DATA"
  record --wrk "$raw" kind=throughput target="$target" batch="$batch" mode="$mode" rep="$rep" \
    pool="$REPEAT_POOL" "${extra[@]}" | bt show
}

if phase throughput; then
  log "phase 1: throughput ($REPS x 2 batch sizes x 2 modes x ${#THROUGHPUT_TARGETS[@]} servers, $DURATION each)"
  wait_quiet
  for rep in $(seq 1 "$REPS"); do
    for batch in 1 100; do
      for mode in new repeat; do
        for target in "${THROUGHPUT_TARGETS[@]}"; do
          throughput_run "$target" "$batch" "$mode" "$rep"
        done
      done
    done
  done
fi

# ---- 2. latency at half the peak rate ----
# wrk has no constant-rate mode; alerts_paced.lua makes each of the
# connections pause after every response. The pause is calibrated with short
# runs (at most 4) until the achieved rate is within 5 % of the goal.
# calibrate_delay NAME RATE TARGET: the mean pause (ms) after each response
# that brings wrk's 64 paced connections closest to RATE req/s against the
# running server (SERVER_URL).
calibrate_delay() {
  local name="$1" rate="$2" target="$3" delay achieved i raw
  delay=$(awk -v c="$CONNECTIONS" -v r="$rate" 'BEGIN { printf "%.3f", c * 1000 / r }')
  local best_delay="$delay" best_miss=1000000 miss
  for i in 1 2 3 4; do
    raw="$RAW_DIR/$name-calibrate$i.txt"
    run_wrk "$raw" "$BENCH_DIR/wrk/alerts_paced.lua" "$CONNECTIONS" "$CALIBRATE_DURATION" "$SERVER_URL" \
      1 new "cal$i$RANDOM" "$(target_token "$target")" "$REPEAT_POOL" "$delay"
    achieved=$(bt record "$BENCH_TMP/calibration.jsonl" --wrk "$raw" batch=1 | bt field-stdin req_per_s)
    log "  $target calibration $i: mean delay $delay ms -> $achieved req/s (goal $rate)"
    miss=$(awk -v a="$achieved" -v r="$rate" 'BEGIN { d = (a - r) / r; if (d < 0) d = -d; printf "%.4f", d }')
    if awk -v m="$miss" -v b="$best_miss" 'BEGIN { exit !(m < b) }'; then best_miss="$miss"; best_delay="$delay"; fi
    if awk -v m="$miss" 'BEGIN { exit !(m < 0.05) }'; then break; fi
    # rate = C*1000/(delay + latency): estimate latency, solve for the delay.
    delay=$(awk -v c="$CONNECTIONS" -v r="$rate" -v a="$achieved" -v d="$delay" \
      'BEGIN { if (a <= 0) a = 1; lat = c * 1000 / a - d; if (lat < 0) lat = 0; nd = c * 1000 / r - lat; if (nd < 0) nd = 0; printf "%.3f", nd }')
  done
  echo "$best_delay"  # the calibrated delay that came closest
}

latency_config() {
  local target="$1" rate="$2" label="$3" name delay raw
  name="lat-$target-$label"
  start_target "$target" "$name"
  delay=$(calibrate_delay "$name" "$rate" "$target")
  for rep in $(seq 1 "$REPS"); do
    raw="$RAW_DIR/$name-r$rep.txt"
    run_wrk "$raw" "$BENCH_DIR/wrk/alerts_paced.lua" "$CONNECTIONS" "$DURATION" "$SERVER_URL" \
      1 new "lat$rep$RANDOM" "$(target_token "$target")" "$REPEAT_POOL" "$delay"
    record --wrk "$raw" kind=latency target="$target" batch=1 mode=new rep="$rep" goal_req_per_s="$rate" \
      rate_label="$label" mean_delay_ms="$delay" connections="$CONNECTIONS" | bt show
  done
  if [[ "$target" == klaxon ]]; then kill9_pid "$SERVER_PID"; else stop_pid "$SERVER_PID"; fi
  rm -rf "$SERVER_DATA"
}

# One connection, one request at a time, no pause: the unloaded round trip.
latency_single() {
  local target="$1" name="lat-$target-one-connection" raw
  local WRK_THREADS=1  # seen by run_wrk
  start_target "$target" "$name"
  for rep in $(seq 1 "$REPS"); do
    raw="$RAW_DIR/$name-r$rep.txt"
    run_wrk "$raw" "$BENCH_DIR/wrk/alerts.lua" 1 "$DURATION" "$SERVER_URL" \
      1 new "one$rep$RANDOM" "$(target_token "$target")" "$REPEAT_POOL"
    record --wrk "$raw" kind=latency target="$target" batch=1 mode=new rep="$rep" goal_req_per_s=0 \
      rate_label="one-connection" connections=1 | bt show
  done
  if [[ "$target" == klaxon ]]; then kill9_pid "$SERVER_PID"; else stop_pid "$SERVER_PID"; fi
  rm -rf "$SERVER_DATA"
}

if phase latency; then
  log "phase 2: latency at half the peak rate (1 alert/request, new alerts)"
  for target in "${TARGETS[@]}"; do
    if ! bt peak "$RESULTS_JSONL" "$target" >/dev/null 2>&1; then
      log "  no throughput result for $target yet: measuring its peak once"
      throughput_run "$target" 1 new 0
    fi
  done
  wait_quiet
  klaxon_half=$(awk -v p="$(bt peak "$RESULTS_JSONL" klaxon)" 'BEGIN { printf "%.0f", p / 2 }')
  for target in "${TARGETS[@]}"; do
    latency_config "$target" "$klaxon_half" "half-klaxon-peak"
    if [[ "$target" != klaxon ]]; then
      own_half=$(awk -v p="$(bt peak "$RESULTS_JSONL" "$target")" 'BEGIN { printf "%.0f", p / 2 }')
      latency_config "$target" "$own_half" "half-own-peak"
    fi
  done
  for target in "${TARGETS[@]}"; do latency_single "$target"; done
fi

# ---- 3. memory with many active alerts (and the data dir for phase 4) ----
KLAXON_LOADED_DATA=""
KLAXON_LOADED_PID=""
KLAXON_LOADED_COUNT=0
AM_LOADED_DATA=""
AM_LOADED_PID=""
AM_LOADED_URL=""
memory_target() {
  local target="$1" idle mem loaded=0 step count out active size
  start_target "$target" "mem-$target"
  sleep 2
  idle=$(bt mem "$SERVER_PID")
  log "  $target idle: $idle"
  for step in $MEM_STEPS; do
    count=$((step - loaded))
    # shellcheck disable=SC2046
    out=$(bt load "$SERVER_URL/api/v2/alerts" --count "$count" --start "$loaded" --batch "$LOAD_BATCH" \
      --prefix mem --connections 4 --timeout 1200 $(token_flag "$target")) ||
      die "loading $count alerts into $target failed: $out"
    loaded=$step
    sleep 3
    mem=$(bt mem "$SERVER_PID")
    if [[ "$target" == klaxon ]]; then
      active=$(klaxon_db_count "$SERVER_DATA" firing)
      size=$(du -sk "$SERVER_DATA" | cut -f1)
    else
      active=$(bt metric "$SERVER_URL/metrics" alertmanager_alerts)  # all states: unprocessed until group_wait
      size=0
    fi
    record kind=memory target="$target" alerts="$step" active="$active" data_dir_kib="$size" \
      fsync_median_ms="$(bt fsync "$BENCH_TMP" 50 | awk '{ print $2 }')" \
      idle_rss_kib="$(bt field "$idle" VmRSS_kib)" rss_kib="$(bt field "$mem" VmRSS_kib)" \
      hwm_kib="$(bt field "$mem" VmHWM_kib)" load_seconds="$(bt field "$out" seconds)" \
      load_alerts_per_s="$(bt field "$out" alerts_per_s)" loadavg="$(loadavg)" | bt show
  done
  if [[ "$target" == klaxon ]]; then
    KLAXON_LOADED_DATA="$SERVER_DATA"; KLAXON_LOADED_PID="$SERVER_PID"; KLAXON_LOADED_COUNT="$loaded"
  else
    AM_LOADED_DATA="$SERVER_DATA"; AM_LOADED_PID="$SERVER_PID"; AM_LOADED_URL="$SERVER_URL"
  fi
}

if phase memory || phase restart; then
  log "phase 3: memory holding $MEM_STEPS active alerts"
  wait_quiet
  memory_target klaxon
  memory_target alertmanager  # phase 4 also restarts it
fi

# ---- 4. restart with the alerts stored ----
if phase restart; then
  log "phase 4: restart after kill -9 with $KLAXON_LOADED_COUNT alerts stored"
  for rep in $(seq 1 "$REPS"); do
    kill9_pid "$KLAXON_LOADED_PID"
    fsync_ms=$(bt fsync "$BENCH_TMP" 50 | awk '{ print $2 }')
    t0=$(date +%s.%N)
    start_klaxon "$KLAXON_LOADED_DATA" "restart-klaxon" --no-wait
    ready=$(bt wait "$SERVER_URL/readyz" --since "$t0" --timeout 300) || die "klaxon did not become ready after restart"
    ingest=$(bt ingest-probe "$SERVER_URL/api/v2/alerts" --token "$KLAXON_KEY" --since "$t0" --timeout 300) ||
      die "klaxon did not accept an alert after restart"
    KLAXON_LOADED_PID="$SERVER_PID"
    stored=$(klaxon_db_count "$KLAXON_LOADED_DATA")
    mem=$(bt mem "$SERVER_PID")
    record kind=restart target=klaxon rep="$rep" alerts_before="$KLAXON_LOADED_COUNT" stored_after="$stored" \
      ready_s="$ready" ingest_s="$ingest" rss_after_restart_kib="$(bt field "$mem" VmRSS_kib)" loadavg="$(loadavg)" \
      fsync_median_ms="$fsync_ms" | bt show
  done
  kill9_pid "$KLAXON_LOADED_PID"
  rm -rf "$KLAXON_LOADED_DATA"
  if [[ -n "$AM_LOADED_PID" ]]; then
    # Alertmanager keeps alerts only in memory: check that a restart on the
    # same storage dir comes back empty.
    before=$(bt metric "$AM_LOADED_URL/metrics" alertmanager_alerts)
    kill9_pid "$AM_LOADED_PID"
    fsync_ms=$(bt fsync "$BENCH_TMP" 50 | awk '{ print $2 }')
    t0=$(date +%s.%N)
    start_alertmanager "$AM_LOADED_DATA" "restart-alertmanager" --no-wait
    ready=$(bt wait "$SERVER_URL/-/ready" --since "$t0" --timeout 300) || die "alertmanager did not become ready"
    kept=$(bt am-count "$SERVER_URL/api/v2/alerts")
    ingest=$(bt ingest-probe "$SERVER_URL/api/v2/alerts" --since "$t0" --timeout 300) || die "alertmanager did not accept"
    record kind=restart target=alertmanager rep=1 how=kill9 alerts_before="$before" stored_after="$kept" \
      ready_s="$ready" ingest_s="$ingest" loadavg="$(loadavg)" fsync_median_ms="$fsync_ms" | bt show
    # And after a clean shutdown (SIGTERM), with 10k alerts.
    bt load "$SERVER_URL/api/v2/alerts" --count 10000 --batch "$LOAD_BATCH" --prefix term >/dev/null ||
      die "loading alerts into alertmanager failed"
    before=$(bt metric "$SERVER_URL/metrics" alertmanager_alerts)
    stop_pid "$SERVER_PID"
    t0=$(date +%s.%N)
    start_alertmanager "$AM_LOADED_DATA" "restart-alertmanager" --no-wait
    ready=$(bt wait "$SERVER_URL/-/ready" --since "$t0" --timeout 300) || die "alertmanager did not become ready"
    kept=$(bt am-count "$SERVER_URL/api/v2/alerts")
    ingest=$(bt ingest-probe "$SERVER_URL/api/v2/alerts" --since "$t0" --timeout 300) || die "alertmanager did not accept"
    record kind=restart target=alertmanager rep=2 how=sigterm alerts_before="$before" stored_after="$kept" \
      ready_s="$ready" ingest_s="$ingest" loadavg="$(loadavg)" fsync_median_ms="$fsync_ms" | bt show
    stop_pid "$SERVER_PID"
  fi
elif [[ -n "$KLAXON_LOADED_PID" ]]; then
  stop_pid "$KLAXON_LOADED_PID"
  [[ -n "$AM_LOADED_PID" ]] && stop_pid "$AM_LOADED_PID"
fi

# ---- 5. timers: 100k incidents each holding a pending escalation timer ----
# Each alert opens its own incident (bench/klaxon-timers.yaml: grouped by the
# `group` label), whose escalation timer comes due TIMER_TIMEOUT_S after it
# opened: as spread out as the load was (as fast as klaxon takes them, or
# paced at a given rate). The engine observes each timer's lateness when it
# fires (klaxon_timer_lateness_seconds); after kill -9 the timeline says
# whether every incident escalated exactly once.
timers_phase() {
  local rate
  for rate in $TIMER_RATES; do timers_run "$rate"; done
}

timers_run() {
  local rate="$1" data load waited hist timeline cpu0 cpu1 mem
  log "phase 5: $TIMER_COUNT incidents (at ${rate/#0/full} rate) with an escalation timer due ${TIMER_TIMEOUT_S}s after each opened"
  wait_quiet
  data=$(mktemp -d "$BENCH_TMP/klaxon.XXXXXX")
  KLAXON_CONFIG="$BENCH_DIR/klaxon-timers.yaml" start_klaxon "$data" "timers-klaxon"
  cpu0=$(bt cpu "$SERVER_PID")
  load=$(nt load-groups "$SERVER_URL/api/v2/alerts" --count "$TIMER_COUNT" --batch "$TIMER_BATCH" --prefix tmr \
    --token "$KLAXON_KEY" --connections 2 --rate "$rate") || die "loading $TIMER_COUNT incidents failed: $load"
  log "  $TIMER_COUNT incidents opened in $(bt field "$load" seconds) s; waiting for their timers"
  waited=$(nt wait-metric "$SERVER_URL" klaxon_timer_lateness_seconds_count 'kind="escalation"' \
    --at-least "$TIMER_COUNT" --timeout $((TIMER_TIMEOUT_S + 600))) || die "not every timer fired"
  sleep 3  # long enough to see a second firing; level 2's timers are an hour away
  hist=$(nt histogram "$SERVER_URL" klaxon_timer_lateness_seconds 'kind="escalation"')
  cpu1=$(bt cpu "$SERVER_PID")
  mem=$(bt mem "$SERVER_PID")
  kill9_pid "$SERVER_PID"
  timeline=$(nt timeline-lateness "$data/klaxon.db" "$TIMER_TIMEOUT_S")
  rm -rf "$data"
  record kind=timers target=klaxon incidents="$TIMER_COUNT" timeout_s="$TIMER_TIMEOUT_S" goal_rate="$rate" batch="$TIMER_BATCH" \
    wait_after_load_s="$waited" server_cpu_s="$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" \
    rss_kib="$(bt field "$mem" VmRSS_kib)" loadavg="$(loadavg)" \
    fsync_median_ms="$(bt fsync "$BENCH_TMP" 50 | awk '{ print $2 }')" \
    --json "{\"load\": $load, \"lateness\": $hist, \"timeline\": $timeline}" | bt show
}

# ---- 6. outbox throughput: OUTBOX_COUNT due Slack messages ----
# bench_receiver answers like Slack's Web API and timestamps every request.
# OUTBOX_COUNT incidents are opened (each enqueues one chat.postMessage),
# klaxon is killed at once and started again on the same data: the outbox
# then holds every message not yet delivered, all due, and the rate at which
# a fresh receiver gets them is the outbox's throughput. What the sender
# managed while the incidents were being opened is recorded too.
outbox_phase() {
  local data load during pending waited rate delay cpu0 cpu1 t0
  log "phase 6: outbox delivering $OUTBOX_COUNT due Slack messages to a local receiver"
  wait_quiet
  start_receiver "outbox-receiver-load"
  data=$(mktemp -d "$BENCH_TMP/klaxon.XXXXXX")
  KLAXON_CONFIG="$BENCH_DIR/klaxon-notify.yaml" KLAXON_BENCH_SLACK_URL="$RECEIVER_URL/api" \
    start_klaxon "$data" "outbox-klaxon-load"
  load=$(nt load-groups "$SERVER_URL/api/v2/alerts" --count "$OUTBOX_COUNT" --batch "$LOAD_BATCH" --prefix obx \
    --token "$KLAXON_KEY" --connections 2) || die "loading $OUTBOX_COUNT incidents failed: $load"
  kill9_pid "$SERVER_PID"
  during=$(nt received "$RECEIVER_URL")
  stop_pid "$RECEIVER_PID"
  pending=$(nt pending "$data/klaxon.db")
  log "  $OUTBOX_COUNT incidents opened in $(bt field "$load" seconds) s, $during messages sent meanwhile;" \
    "$pending pending after kill -9: restarting"
  start_receiver "outbox-receiver"
  KLAXON_CONFIG="$BENCH_DIR/klaxon-notify.yaml" KLAXON_BENCH_SLACK_URL="$RECEIVER_URL/api" \
    start_klaxon "$data" "outbox-klaxon"
  cpu0=$(bt cpu "$SERVER_PID")
  waited=$(nt wait-metric "$SERVER_URL" klaxon_notifications_total 'result="delivered"' --at-least "$pending" \
    --timeout 600) || die "klaxon did not deliver every pending notification"
  cpu1=$(bt cpu "$SERVER_PID")
  sleep 1  # nothing more may arrive
  rate=$(nt outbox-rate "$RECEIVER_URL")
  delay=$(nt histogram "$SERVER_URL" klaxon_notification_send_delay_seconds 'channel="slack-incidents"')
  kill9_pid "$SERVER_PID"
  stop_pid "$RECEIVER_PID"
  record kind=outbox target=klaxon notifications="$OUTBOX_COUNT" sent_during_load="$during" pending="$pending" \
    left_pending="$(nt pending "$data/klaxon.db")" wait_s="$waited" \
    server_cpu_s="$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" \
    loadavg="$(loadavg)" fsync_median_ms="$(bt fsync "$BENCH_TMP" 50 | awk '{ print $2 }')" \
    --json "{\"load\": $load, \"rate\": $rate, \"send_delay\": $delay}" | bt show
  rm -rf "$data"
}

# ---- 7. alert -> Slack latency at half the peak ingest rate ----
# wrk at half klaxon's peak (1 alert/request; these alerts have no `group`
# label, so all join one incident and notify nobody once it is open), and a
# probe of PROBE_RATE alerts/s, each opening an incident: from the probe's 2xx
# to its chat.postMessage arriving at bench_receiver (one clock).
notify_latency_phase() {
  local half data delay raw probe delay_hist pid seconds
  log "phase 7: alert -> Slack latency at half klaxon's peak ingest rate, probe $PROBE_RATE/s"
  if ! bt peak "$RESULTS_JSONL" klaxon >/dev/null 2>&1; then
    log "  no throughput result for klaxon yet: measuring its peak once"
    wait_quiet
    throughput_run klaxon 1 new 0
  fi
  half=$(awk -v p="$(bt peak "$RESULTS_JSONL" klaxon)" 'BEGIN { printf "%.0f", p / 2 }')
  wait_quiet
  start_receiver "notify-receiver"
  data=$(mktemp -d "$BENCH_TMP/klaxon.XXXXXX")
  KLAXON_CONFIG="$BENCH_DIR/klaxon-notify.yaml" KLAXON_BENCH_SLACK_URL="$RECEIVER_URL/api" \
    start_klaxon "$data" "notify-klaxon"
  delay=$(calibrate_delay "notify" "$half" klaxon)
  seconds=$((NOTIFY_SECONDS - 4))
  for rep in $(seq 1 "$REPS"); do
    raw="$RAW_DIR/notify-klaxon-r$rep.txt"
    run_wrk "$raw" "$BENCH_DIR/wrk/alerts_paced.lua" "$CONNECTIONS" "${NOTIFY_SECONDS}s" "$SERVER_URL" \
      1 new "ntf$rep$RANDOM" "$KLAXON_KEY" "$REPEAT_POOL" "$delay" &
    pid=$!
    sleep 2
    probe=$(nt probe "$SERVER_URL/api/v1/alerts" "$RECEIVER_URL" --rate "$PROBE_RATE" --seconds "$seconds" \
      --token "$KLAXON_BENCH_PROBE_KEY" --prefix "probe$rep" --settle 1) || probe='{"invalid": "probe failed"}'
    wait "$pid" || true
    record --wrk "$raw" kind=notify_latency target=klaxon batch=1 mode=new rep="$rep" goal_req_per_s="$half" \
      mean_delay_ms="$delay" connections="$CONNECTIONS" probe_rate="$PROBE_RATE" \
      --json "{\"probe\": $probe}" | bt show
  done
  delay_hist=$(nt histogram "$SERVER_URL" klaxon_notification_send_delay_seconds 'channel="slack-incidents"')
  record kind=notify_send_delay target=klaxon --json "{\"send_delay\": $delay_hist}" | bt show
  kill9_pid "$SERVER_PID"
  stop_pid "$RECEIVER_PID"
  rm -rf "$data"
}

# ---- 8. probes: PROBE_COUNT http probes every PROBE_INTERVAL ----
# klaxon runs PROBE_COUNT http probes (bench/probetool.py klaxon-config) of
# bench_probe_target, one path each; after PROBE_WARMUP s its CPU, the
# target's and the machine's are measured over PROBE_WINDOW s, with the
# checks done per second (klaxon_probe_runs_total). Then PROBE_FAIL probes'
# paths start answering 503: each opens an incident, and the time from the
# target's first 503 to that probe to the incident's opened_at is the
# probe -> incident latency, with klaxon's own view of it
# (klaxon_probe_to_incident_seconds). The peer, Prometheus scraping the same
# targets through blackbox_exporter at the same interval (with one alerting
# rule on probe_success), is measured the same way over the same window.
probes_klaxon_run() {
  local rep="$1" data config window latency hist
  wait_quiet
  start_probe_target "probes-target-klaxon-r$rep"
  config="$BENCH_TMP/probes-klaxon.yaml"
  pt klaxon-config --count "$PROBE_COUNT" --interval "$PROBE_INTERVAL" --timeout "$PROBE_TIMEOUT" \
    --target "$TARGET_URL" >"$config"
  data=$(mktemp -d "$BENCH_TMP/klaxon.XXXXXX")
  KLAXON_CONFIG="$config" start_klaxon "$data" "probes-klaxon-r$rep"
  log "  klaxon: $PROBE_COUNT probes every $PROBE_INTERVAL; warming up ${PROBE_WARMUP}s, measuring ${PROBE_WINDOW}s"
  sleep "$PROBE_WARMUP"
  window=$(pt window "$PROBE_WINDOW" --target "$TARGET_URL" --klaxon "$SERVER_URL" \
    klaxon="$SERVER_PID" target="$TARGET_PID") || die "measuring klaxon's probes failed"
  log "  making $PROBE_FAIL probes fail"
  latency=$(pt latency --target "$TARGET_URL" --klaxon "$SERVER_URL" --token "$KLAXON_VIEWER" \
    --from 0 --to "$PROBE_FAIL" --timeout 60) || latency='{"invalid": "latency measurement failed"}'
  hist=$(nt histogram "$SERVER_URL" klaxon_probe_to_incident_seconds 'kind="http"')
  kill9_pid "$SERVER_PID"
  stop_pid "$TARGET_PID"
  rm -rf "$data"
  record kind=probes target=klaxon rep="$rep" probes="$PROBE_COUNT" interval="$PROBE_INTERVAL" \
    loadavg="$(loadavg)" fsync_median_ms="$(bt fsync "$BENCH_TMP" 50 | awk '{ print $2 }')" \
    --json "{\"window\": $window, \"latency\": $latency, \"to_incident\": $hist}" | bt show
}

probes_prometheus_run() {
  local rep="$1" dir window bb_port prom_port
  wait_quiet
  start_probe_target "probes-target-prometheus-r$rep"
  dir=$(mktemp -d "$BENCH_TMP/prometheus.XXXXXX")
  bb_port=$(bt free-port)
  prom_port=$(bt free-port)
  pt prometheus-config "$dir" --count "$PROBE_COUNT" --interval "$PROBE_INTERVAL" --timeout "$PROBE_TIMEOUT" \
    --target "$TARGET_URL" --blackbox "127.0.0.1:$bb_port"
  "$BLACKBOX_BIN" --config.file="$dir/blackbox.yml" --web.listen-address="127.0.0.1:$bb_port" \
    --log.level=warn >>"$LOG_DIR/probes-blackbox-r$rep.log" 2>&1 &
  BLACKBOX_PID=$!
  STARTED_PIDS+=("$BLACKBOX_PID")
  "$PROM_BIN" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >>"$LOG_DIR/probes-prometheus-r$rep.log" 2>&1 &
  PROM_PID=$!
  STARTED_PIDS+=("$PROM_PID")
  bt wait "http://127.0.0.1:$bb_port/-/healthy" --timeout 30 >/dev/null || die "blackbox_exporter did not start"
  bt wait "http://127.0.0.1:$prom_port/-/ready" --timeout 60 >/dev/null || die "prometheus did not start"
  log "  Prometheus + blackbox_exporter: $PROBE_COUNT targets every $PROBE_INTERVAL; warming up ${PROBE_WARMUP}s, measuring ${PROBE_WINDOW}s"
  sleep "$PROBE_WARMUP"
  window=$(pt window "$PROBE_WINDOW" --target "$TARGET_URL" \
    prometheus="$PROM_PID" blackbox="$BLACKBOX_PID" target="$TARGET_PID") || die "measuring Prometheus failed"
  stop_pid "$PROM_PID"
  stop_pid "$BLACKBOX_PID"
  stop_pid "$TARGET_PID"
  rm -rf "$dir"
  record kind=probes target=prometheus rep="$rep" probes="$PROBE_COUNT" interval="$PROBE_INTERVAL" \
    loadavg="$(loadavg)" --json "{\"window\": $window}" | bt show
}

probes_phase() {
  local rep
  log "phase 8: $PROBE_COUNT http probes every $PROBE_INTERVAL, klaxon and Prometheus + blackbox_exporter, $PROBE_REPS runs each"
  for rep in $(seq 1 "$PROBE_REPS"); do
    probes_klaxon_run "$rep"
    probes_prometheus_run "$rep"
  done
}

phase timers && timers_phase
phase outbox && outbox_phase
phase notify-latency && notify_latency_phase
phase probes && probes_phase

# ---- summary ----
python3 "$BENCH_DIR/summarize.py" "$OUT" | tee "$OUT/summary.md"
log "results in $OUT"
