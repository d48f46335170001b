#!/usr/bin/env bash
# Installs what the tests need and runs every test suite (.NET and JavaScript). Exits non-zero on any failure.
# A fresh machine needs only the .NET SDK, Node and npm; Debian packages are installed here when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$(date +%s)

log() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

# --- Debian packages: sipp (independent SIP peer), Chromium (browser tests), libsrtp2 (reference SRTP), libbcg729
#     (G.729: the recorder decodes with it, the tests encode and decode references with it),
#     sox and espeak-ng (test audio), tshark (captures), PostgreSQL (persistence suite on the second engine),
#     sqlite3 (the gadget browser tests read what the host stored).
apt_packages=(sip-tester chromium libsrtp2-1 libbcg729-0 libbcg729-dev sox espeak-ng tshark postgresql sqlite3)
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

# --- A throwaway PostgreSQL cluster on loopback for the persistence suite's second engine: data under a temp
#     folder, a free port, owned by a non-root user (PostgreSQL refuses to run as root), stopped on exit.
#     The suite reads CORRELATIONHUB_TEST_POSTGRES; if the cluster cannot start, this script fails here.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; exit 1; }
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-pg.XXXXXX")"
pg_port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})")"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  pg_user="${PG_TEST_USER:-postgres}"
  id -u "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home "$pg_user"
  chown "$pg_user" "$pg_dir"
  as_pg=(runuser -u "$pg_user" --)
fi
stop_pg() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
log "starting PostgreSQL on 127.0.0.1:$pg_port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
export CORRELATIONHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

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

# --- End-to-end accuracy: a short simulated site (scripts/simulator/sites/short.json: every call type, multi-agent ones
#     included, and the site faults) against a fresh product; fails below the target (99.5 % linked correctly, no
#     wrong link with confidence >= 0.9, every undecidable segment flagged ambiguous).
log "accuracy (scripts/accuracy.sh --site short)"
scripts/accuracy.sh --no-build --site short --speed 10 --min-correct 99.5 --out "$root/artifacts/accuracy-short"

log "all tests passed"
