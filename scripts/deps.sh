#!/usr/bin/env bash
# Installs the Debian packages nianbao builds and tests with, only those not yet present.
# --fuzz adds what the fuzzers need (clang and its libFuzzer runtime; scripts/fuzz.sh).
set -euo pipefail
packages=(build-essential cmake pkg-config libcurl4-openssl-dev libgumbo-dev libcsv-dev
          zlib1g-dev libinih-dev libssl-dev python3 ca-certificates
          libmupdf-dev libmujs-dev libopenjp2-7-dev libjbig2dec0-dev libharfbuzz-dev
          libfreetype-dev libjpeg-dev libzip-dev libxml2-dev
          libreoffice-writer-nogui chromium qpdf poppler-utils fonts-wqy-zenhei)
# libmupdf-dev: PDF attachments (static; the four after it are its own dependencies).
# libzip-dev, libxml2-dev: .docx attachments. libreoffice-writer-nogui: converts legacy
# .doc/.wps at run time, and makes the tests' PDFs and .docx files, with chromium (PDFs
# printed from HTML), qpdf (an encrypted PDF), poppler-utils (pdftotext: where a test file put
# its tables) and a Chinese font for both.
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
