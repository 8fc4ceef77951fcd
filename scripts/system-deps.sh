#!/usr/bin/env bash
# Installs the Debian packages ClaimDesk needs, only those missing:
# a CJK font for PDFs, poppler for checking them, Chromium for browser tests,
# gettext for translations, Pango for WeasyPrint.
set -euo pipefail
packages=(fonts-noto-cjk poppler-utils chromium gettext libpango-1.0-0 libpangoft2-1.0-0)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
