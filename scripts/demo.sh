#!/usr/bin/env bash
# Quick start: builds klaxon, serves the CocoPay handbook configuration on the
# embedded SQLite store with local stand-ins for Slack and PagerDuty (they
# print what klaxon sends them), fires a test alert and shows the incident it
# opened. Keeps serving until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh --target klaxon --target klaxon-standins

# Demo credentials. In production these come from your secret store.
export KLAXON_PROMETHEUS_KEY=${KLAXON_PROMETHEUS_KEY:-demo-prometheus-key-0001}
export KLAXON_PAGERDUTY_KEY=${KLAXON_PAGERDUTY_KEY:-e93facc04764012d7bfb002500d5d1a6}
export KLAXON_GENERIC_KEY=${KLAXON_GENERIC_KEY:-demo-generic-key-00001}
export KLAXON_HEARTBEAT_KEY=${KLAXON_HEARTBEAT_KEY:-demo-heartbeat-key-0001}
export KLAXON_ADMIN_TOKEN=${KLAXON_ADMIN_TOKEN:-demo-admin-token-jordan}
export KLAXON_LEAD_TOKEN=${KLAXON_LEAD_TOKEN:-demo-lead-token-sam-0001}
export KLAXON_MAYA_TOKEN=${KLAXON_MAYA_TOKEN:-demo-oncall-token-maya01}
export KLAXON_DIEGO_TOKEN=${KLAXON_DIEGO_TOKEN:-demo-oncall-token-diego1}
export KLAXON_DASHBOARD_TOKEN=${KLAXON_DASHBOARD_TOKEN:-demo-dashboard-token-001}
export COCOPAY_OPS_TOKEN=${COCOPAY_OPS_TOKEN:-demo-cocopay-ops-token-01}
export KLAXON_TOKEN=$KLAXON_MAYA_TOKEN
# The runbooks' `railway` commands (restarts, diagnostics) run this stand-in.
export COCOPAY_RAILWAY=${COCOPAY_RAILWAY:-$PWD/scripts/standins/railway}

data=${KLAXON_DATA:-./data}
listen=${KLAXON_LISTEN:-127.0.0.1:9099}
url="http://$listen"

# The example's notification channels point at these ports unless
# SLACK_API_URL / PAGERDUTY_EVENTS_URL say otherwise.
export SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN:-xoxb-standin-token}
# The people of the example, so handoff briefs can reach them as DMs.
./build/testing/klaxon-standins --slack-port 9101 --pagerduty-port 9102 \
  --slack-token "$SLACK_BOT_TOKEN" --slack-channel '#incidents' \
  --slack-user U04MAYA0001 --slack-user U04DIEGO002 --slack-user U04PRIYA003 \
  --slack-user U04SAMW0004 --slack-user U04JORDAN05 &
standins=$!

./build/klaxon check-config examples/cocopay/klaxon.yaml
./build/klaxon serve --config examples/cocopay/klaxon.yaml --data "$data" --listen "$listen" &
pid=$!
trap 'kill $pid $standins 2>/dev/null; wait $pid $standins 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fsS "$url/readyz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "klaxon failed to start" >&2; exit 1; }
  sleep 0.1
done

fire() {
  curl -sS -X POST "$url/api/v1/alerts" \
    -H "Authorization: Bearer $KLAXON_GENERIC_KEY" -H 'Content-Type: application/json' \
    -d '{"labels":{"alertname":"ApiDown","service":"api"},"annotations":{"summary":"/up returns 503"}}'
  echo
}
echo
echo "== Firing a test alert: /up returns 503 on the API"
fire
echo
echo "== Open incidents"
./build/klaxon incidents --server "$url" list
echo
echo "== RB-001 restarts the API first (the railway stand-in), then re-checks in 2 minutes"
sleep 1
./build/klaxon incidents --server "$url" actions INC-1
echo
echo "== Who is on call"
./build/klaxon oncall --server "$url"
echo
cat <<EOT
klaxon is serving on $url with the CocoPay handbook (data in $data).
Try:
  export KLAXON_TOKEN=$KLAXON_MAYA_TOKEN
  ./build/klaxon incidents --server $url show INC-1
  ./build/klaxon incidents --server $url ack INC-1        # stops the escalation
  ./build/klaxon incidents --server $url escalate INC-1   # or page the next level now
  ./build/klaxon incidents --server $url actions INC-1    # what remediation ran, and its output
  ./build/klaxon incidents --server $url update INC-1 --status identified --summary "Bad deploy" --next "Rolling back" --eta "10 min"
  ./build/klaxon incidents --server $url resolve INC-1 --root-cause "Bad deploy, rolled back"
  curl -X POST $url/api/v1/alerts -H 'Authorization: Bearer $KLAXON_GENERIC_KEY' \\
       -d '{"labels":{"alertname":"ApiDown","service":"api"},"status":"resolved"}'
  curl $url/metrics
Ctrl-C stops it.
EOT
wait $pid
