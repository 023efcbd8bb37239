#!/usr/bin/env bash
# Installs the Debian packages nianbao builds and tests with, only those not yet present.
set -euo pipefail
packages=(build-essential cmake pkg-config libcurl4-openssl-dev libgumbo-dev libcsv-dev
          zlib1g-dev libinih-dev python3 ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
