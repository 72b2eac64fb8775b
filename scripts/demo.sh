#!/usr/bin/env bash
# Quick start: installs what is missing, builds klaxon and runs `klaxon demo`:
# the CocoPay handbook played end to end on this machine (klaxon on SQLite,
# a simulated CocoPay, local stand-ins for Slack and PagerDuty that print
# what they receive). Arguments go to `klaxon demo`, e.g.
#   bash scripts/demo.sh --scenario rb-003     # another runbook (rb-001 .. rb-008)
#   bash scripts/demo.sh --exit-when-done      # exit when the scenario ends (CI)
# Serves on http://127.0.0.1:9099 (dashboard at /ui/) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh --target klaxon
exec ./build/klaxon demo --config examples/cocopay/klaxon.yaml "$@"
