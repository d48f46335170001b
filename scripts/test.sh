#!/usr/bin/env bash
# Installs what the tests need and runs every test suite (.NET and JavaScript). Exits non-zero on any failure.
# A fresh machine needs only the .NET SDK, Node and npm; Debian packages are installed here when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$(date +%s)

log() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

# --- Debian packages: sipp (independent SIP peer), Chromium (browser tests), libsrtp2 (reference SRTP),
#     sox and espeak-ng (test audio), tshark (captures), PostgreSQL (persistence suite on the second engine),
#     sqlite3 (the gadget browser tests read what the host stored).
apt_packages=(sip-tester chromium libsrtp2-1 sox espeak-ng tshark postgresql sqlite3)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- npm packages for the JavaScript tests and tools (no browser download: Debian's Chromium is used).
log "npm ci (tests/js)"
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)

# --- Build once, warnings as errors.
log "dotnet build"
dotnet build CorrelationHub.sln -c Release --nologo -v quiet -clp:ErrorsOnly

# --- .NET suites (test projects run in parallel; each test binds its own free ports and temp folders).
log "dotnet test"
results="$root/artifacts/test-results"
rm -rf "$results"
dotnet test CorrelationHub.sln -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m -- RunConfiguration.TreatNoTestsAsError=true

# --- JavaScript suites (Node's test runner): gadget and map modules, browser tests.
log "node --test (tests/js)"
(cd tests/js && node --test --test-concurrency=1)

# --- End-to-end accuracy: a short simulated site (scripts/simulator/sites/short.json) against a fresh product; fails
#     below the target (99.5 % linked correctly, no wrong link with confidence >= 0.9).
log "accuracy (scripts/accuracy.sh --site short)"
scripts/accuracy.sh --no-build --site short --speed 10 --min-correct 99.5 --out "$root/artifacts/accuracy-short"

log "all tests passed"
