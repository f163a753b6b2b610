#!/bin/sh
# Install the reference model checkers used by bench/run.ts (Debian packages):
#   spin  (SPIN 6.5.x: generates pan.c, compiled with gcc)
#   rumur (Rumur: Murphi -> C, compiled with cc)
#   time  (GNU time, /usr/bin/time -f %M for peak RSS)
# Idempotent: prints nothing and touches nothing when all are present.
set -eu

missing=""
command -v spin >/dev/null 2>&1 || missing="$missing spin"
command -v rumur >/dev/null 2>&1 || missing="$missing rumur"
[ -x /usr/bin/time ] || missing="$missing time"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"

[ -z "$missing" ] && exit 0

echo "install-tools: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-tools: need root (or sudo) to apt-get install:$missing" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
