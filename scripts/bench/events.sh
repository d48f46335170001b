#!/usr/bin/env bash
# Event ingestion benchmark. Starts CorrelationHub on loopback (SQLite in a temporary folder, open modes, free
# ports), runs CLIENTS concurrent npm @microsoft/signalr clients (spread over WORKERS Node worker threads) publishing
# a realistic gadget event stream for DURATION seconds after WARMUP seconds, and prints events/s acknowledged (an ack
# means stored) and p50/p99 ack latency (per invocation, send to ack), RUNS times, then the medians. Each run checks
# that the database holds every acknowledged event (their eventIds, warm-up included) and reports the CPU the server
# and the client used per event. Finally it measures the event writer alone (in process, no network: how fast facts
# are stored and applied, and the CPU each event costs), which tells the storage's share from the SignalR and client
# share.
#   scripts/bench/events.sh                 # defaults: CLIENTS=100 DURATION=20 RUNS=3 WARMUP=3 WORKERS=2
#   CLIENTS=200 DURATION=30 RUNS=5 scripts/bench/events.sh
#   WARMUP=10 WORKERS=1 scripts/bench/events.sh  # past the JIT tiering; all clients on one event loop
# A fresh server recompiles its hot methods (JIT tiering) for roughly its first ten seconds under load: with the
# default warm-up that is inside the measured window. Other work on the machine changes the numbers: run it more
# than once and compare medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
clients="${CLIENTS:-100}"; seconds="${DURATION:-20}"; runs="${RUNS:-3}"; warmup="${WARMUP:-3}"; workers="${WORKERS:-2}"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed to check the stored events (apt-get install sqlite3)" >&2; exit 1; }
[ -d tests/js/node_modules/@microsoft/signalr ] || (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
dotnet build backend/src/CorrelationHub.Web -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build scripts/bench/CorrelationBench -c Release --nologo -v quiet -clp:ErrorsOnly >&2
source "$root/scripts/bench/host.sh"

results=()
for run in $(seq 1 "$runs"); do
  work="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-events.XXXXXX")"
  start_host "$work/bench.db" "$work"
  ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
  before=$(ticks)
  line="$(node scripts/bench/events-bench.mjs "http://127.0.0.1:$port" "$clients" "$seconds" "$warmup" "$workers" "$work/acked.txt")"
  server_cpu=$(awk -v t="$(( $(ticks) - before ))" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}')
  peak_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
  kill "$server"; wait "$server" 2>/dev/null || true
  # Every acknowledged event must be stored: count the acknowledged eventIds found in agent_events.
  stored="$(printf 'CREATE TEMP TABLE acked (id TEXT);\n.import %s acked\nSELECT COUNT(*) FROM acked a JOIN agent_events e ON e.event_id = a.id;\n' "$work/acked.txt" | sqlite3 "$work/bench.db" | tail -n 1)"
  acked_total="$(wc -l < "$work/acked.txt")"
  [ "$stored" = "$acked_total" ] || { echo "run $run: $acked_total events acknowledged but only $stored of them stored" >&2; exit 1; }
  per_event=$(node -e 'const r = JSON.parse(process.argv[1]); console.log(`server_cpu_s=${process.argv[2]} client_cpu_s=${r.clientCpuSeconds} cpu_us_per_event: server ${Math.round(process.argv[2] * 1e6 / r.ackedTotal)} client ${Math.round(r.clientCpuSeconds * 1e6 / r.ackedTotal)}`)' "$line" "$server_cpu")
  echo "run $run: $line server_peak_rss_mb=$((peak_kb / 1024)) acked_stored=$stored/$acked_total $per_event load=$(cut -d' ' -f1 /proc/loadavg)"
  results+=("$line")
  rm -rf "$work"
done

node -e '
  const runs = process.argv.slice(1).map((l) => JSON.parse(l));
  const median = (k) => { const v = runs.map((r) => r[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  console.log(`median of ${runs.length} runs (${runs[0].clients} clients on ${runs[0].workers} worker threads, ${runs[0].warmupSeconds} s warm-up, ${runs[0].seconds} s each): ${median("eventsPerSecond")} events/s stored and acknowledged, p50 ${median("p50Ms")} ms, p99 ${median("p99Ms")} ms, errors ${runs.reduce((a, r) => a + r.errors, 0)}`);
' "${results[@]}"

work="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-writer.XXXXXX")"
echo "event writer alone: $(dotnet scripts/bench/CorrelationBench/bin/Release/net10.0/CorrelationBench.dll writer "$work/writer.db" 40000 "$clients")"
rm -rf "$work"
