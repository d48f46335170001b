#!/usr/bin/env bash
# Live map benchmark. Starts CorrelationHub on loopback (SQLite in a temporary folder, open modes, free ports), signs
# in AGENTS agents through CLIENTS npm @microsoft/signalr gadget connections, opens the map page in Debian's Chromium
# (headless, 1366x768), then sends RATE gadget events per second spread over the agents for DURATION seconds. The
# page measures update-to-render per delta (server timestamp in the delta -> the frame after the DOM update) and
# change-to-render (server receive time of the change -> that frame, coalescing wait included); prints count, p50,
# p95, p99 of each, RUNS times, then the medians, with the load average.
#   scripts/bench/map.sh                           # defaults: AGENTS=2000 RATE=150 DURATION=30 CLIENTS=20 RUNS=1
#   RATE=400 RUNS=3 scripts/bench/map.sh
#   scripts/bench/map.sh --no-build
# Target: p95 update-to-render under 100 ms. Other work on the machine changes the numbers: compare medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
agents="${AGENTS:-2000}"; rate="${RATE:-150}"; seconds="${DURATION:-30}"; clients="${CLIENTS:-20}"; runs="${RUNS:-1}"
[ "${1:-}" = "--no-build" ] || dotnet build backend/src/CorrelationHub.Web -c Release --nologo -v quiet -clp:ErrorsOnly >&2
[ -d tests/js/node_modules/playwright-core ] || (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
source "$root/scripts/bench/host.sh"

results=()
for run in $(seq 1 "$runs"); do
  work="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-map.XXXXXX")"
  start_host "$work/bench.db" "$work" "--Auth:KeysDirectory=$work/keys"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  line="$(node scripts/bench/map-bench.mjs "http://127.0.0.1:$port" "$agents" "$rate" "$seconds" "$clients")"
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$server"; wait "$server" 2>/dev/null || true
  echo "run $run (load average before: $load_before, after: $load_after): $line"
  results+=("$line")
  rm -rf "$work"
done

node -e '
  const runs = process.argv.slice(1).map((l) => JSON.parse(l));
  const median = (f) => { const v = runs.map(f).filter((x) => x !== null).sort((a, b) => a - b); return v.length ? v[Math.floor(v.length / 2)] : null; };
  const r = runs[0];
  for (const [name, key] of [["update-to-render", "updateToRenderMs"], ["change-to-render", "changeToRenderMs"]]) {
    console.log(`${name} (median of ${runs.length} run(s), ${r.agents} agents, ${median((x) => x.publishedPerSecond)} events/s for ${r.seconds} s): count ${median((x) => x[key].count)}, p50 ${median((x) => x[key].p50)} ms, p95 ${median((x) => x[key].p95)} ms, p99 ${median((x) => x[key].p99)} ms, max ${median((x) => x[key].max)} ms`);
  }
  const p95 = median((x) => x.updateToRenderMs.p95);
  console.log(`target p95 update-to-render < 100 ms: ${p95 !== null && p95 < 100 ? "met" : "NOT met"}; errors ${runs.reduce((a, x) => a + x.errors, 0)}, page errors ${runs.reduce((a, x) => a + x.pageErrors.length, 0)}`);
' "${results[@]}"
