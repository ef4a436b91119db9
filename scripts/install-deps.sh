#!/usr/bin/env bash
# Installs every build, test and run dependency of ChargeTwin from Debian 12 packages.
# Idempotent: only calls apt when something is missing, so `make run`/`make test` stay fast.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  clang-14 libclang-rt-14-dev clang-format
  libboost-dev libboost-system-dev
  nlohmann-json3-dev
  libsqlite3-dev sqlite3
  libpq-dev postgresql
  libprotobuf-dev protobuf-compiler
  libspdlog-dev libfmt-dev
  libcli11-dev
  libssl-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev
  librapidcheck-dev
  libcctz-dev tzdata
  redis-server
  curl python3 python3-jsonschema
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
