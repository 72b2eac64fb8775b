#!/usr/bin/env bash
# Installs what building and testing klaxon needs, from Debian 12's archive.
# Idempotent: does nothing when everything is already there.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libyaml-cpp-dev libsqlitecpp-dev libsqlite3-dev libre2-dev
  libcli11-dev libfmt-dev libcurl4-openssl-dev libssl-dev
  libgtest-dev
  libhowardhinnant-date-dev tzdata
  libhiredis-dev libpq-dev
  # Tests start their own servers on free ports (never the system services).
  redis-server redis-tools postgresql
  prometheus
  libkainjow-mustache-dev
  # docs/operations.md, tested as written: the backup (sqlite3), the unit file
  # (systemd-analyze) and its readiness check (curl, above).
  sqlite3 systemd
  # The dashboard's browser test drives Debian's chromium (with node 20+ and npm
  # from PATH; tests/ui's lock file pins playwright-core, which downloads no browser).
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
