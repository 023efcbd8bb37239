#!/usr/bin/env bash
# Installs the Debian packages nianbao builds and tests with, only those not yet present.
# --fuzz adds what the fuzzers need (clang and its libFuzzer runtime; scripts/fuzz.sh).
set -euo pipefail
packages=(build-essential cmake pkg-config libcurl4-openssl-dev libgumbo-dev libcsv-dev
          zlib1g-dev libinih-dev libssl-dev libjansson-dev libxml2-dev libxlsxwriter-dev python3
          ca-certificates openssl
          # pinyin slugs for the townships discover proposes (ICU's Han-Latin)
          libicu-dev
          # OCR of table pictures, and the test pictures drawn by Chromium with CJK fonts
          libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim tesseract-ocr-eng
          chromium fonts-wqy-zenhei fonts-noto-cjk
          # PDF attachments: MuPDF (static; the four after it are its own dependencies);
          # .docx: libzip (and libxml2 above); legacy .doc/.wps converted at run time and
          # the tests' PDFs and Word files made by LibreOffice; qpdf encrypts a test PDF,
          # poppler-utils (pdftotext) tells a test where a file put its tables
          libmupdf-dev libmujs-dev libopenjp2-7-dev libjbig2dec0-dev libharfbuzz-dev
          libfreetype-dev libjpeg-dev libzip-dev
          libreoffice-writer-nogui qpdf poppler-utils
          # a third PDF maker for the tests: WeasyPrint breaks table rows across pages
          weasyprint
          # the tests read the workbook back, render and print report.html and check the
          # README's LibreOffice recipe
          python3-openpyxl libreoffice-calc-nogui)
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
