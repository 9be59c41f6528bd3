#!/usr/bin/env bash
# One-time setup on a fresh Debian machine: the system packages tests need, then npm dependencies.
# Idempotent: installs only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
# Chromium's own translations, so the language tests can start it in German, French and Spanish.
[ -n "${CHROMIUM_PATH:-}" ] || [ -f /usr/lib/chromium/locales/de.pak ] || missing+=(chromium-l10n)
command -v oathtool >/dev/null 2>&1 || missing+=(oathtool)
# Firefox ESR runs the Firefox end-to-end suite (WebDriver BiDi through puppeteer-core).
[ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
# Apache httpd with mod_dav/mod_dav_fs is the real WebDAV server the sync tests start (tests/webdav/server.ts).
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
# npm 11 skips dependency install scripts; WXT's own type generation is run explicitly instead.
npx wxt prepare >/dev/null
echo "Setup done. Try it: npm start    Test it: npm test"
