#!/usr/bin/env bash
# Installs the Debian packages nianbao builds and tests with, only those not yet present.
# --fuzz adds what the fuzzers need (clang and its libFuzzer runtime; scripts/fuzz.sh).
set -euo pipefail
packages=(build-essential cmake pkg-config libcurl4-openssl-dev libgumbo-dev libcsv-dev
          zlib1g-dev libinih-dev libssl-dev libjansson-dev libxml2-dev libxlsxwriter-dev python3
          ca-certificates openssl
          # OCR of table pictures, and the test pictures drawn by Chromium with CJK fonts
          libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim tesseract-ocr-eng
          chromium fonts-wqy-zenhei fonts-noto-cjk
          # the tests read the workbook back, render and print report.html and check the
          # README's LibreOffice recipe
          python3-openpyxl libreoffice-calc-nogui poppler-utils)
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi
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
