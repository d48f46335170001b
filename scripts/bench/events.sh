#!/usr/bin/env bash
# Event ingestion benchmark. Starts CorrelationHub on loopback (SQLite in a temporary folder, open modes, free
# ports), runs CLIENTS concurrent npm @microsoft/signalr clients publishing a realistic gadget event stream for
# DURATION seconds (after a warm-up), and prints events/s acknowledged (an ack means stored) and p50/p99 ack latency,
# RUNS times, then the medians. Also checks that the database holds every acknowledged event, and finally
# measures the event writer alone (in process, no network: how fast facts are stored and applied, and the CPU
# each event costs), which tells the storage's share from the SignalR and client share.
#   scripts/bench/events.sh                 # defaults: CLIENTS=100 DURATION=20 RUNS=3
#   CLIENTS=200 DURATION=30 RUNS=5 scripts/bench/events.sh
# Other work on the machine changes the numbers: run it more than once and compare medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
clients="${CLIENTS:-100}"; seconds="${DURATION:-20}"; runs="${RUNS:-3}"
[ -d tests/js/node_modules/@microsoft/signalr ] || (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
dotnet build backend/src/CorrelationHub.Web -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build scripts/bench/CorrelationBench -c Release --nologo -v quiet -clp:ErrorsOnly >&2
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"; }

results=()
for run in $(seq 1 "$runs"); do
  work="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-events.XXXXXX")"
  port="$(free_port)"
  dotnet backend/src/CorrelationHub.Web/bin/Release/net10.0/CorrelationHub.dll \
    --urls "http://127.0.0.1:$port" --Auth:Mode=Open --Access:Mode=Open \
    --Sip:ListenAddress=127.0.0.1 --Sip:EphemeralPorts=true \
    "--Storage:ConnectionString=Data Source=$work/bench.db" "--Recording:Directory=$work/recordings" \
    --Logging:LogLevel:Default=Warning >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  line="$(node scripts/bench/events-bench.mjs "http://127.0.0.1:$port" "$clients" "$seconds")"
  peak_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
  kill "$server"; wait "$server" 2>/dev/null || true
  stored="?"
  command -v sqlite3 >/dev/null && stored="$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM agent_events')"
  echo "run $run: $line server_peak_rss_mb=$((peak_kb / 1024)) stored_total=$stored"
  results+=("$line")
  rm -rf "$work"
done

node -e '
  const runs = process.argv.slice(1).map((l) => JSON.parse(l));
  const median = (k) => { const v = runs.map((r) => r[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  console.log(`median of ${runs.length} runs (${runs[0].clients} clients, ${runs[0].seconds} s each): ${median("eventsPerSecond")} events/s stored and acknowledged, p50 ${median("p50Ms")} ms, p99 ${median("p99Ms")} ms, errors ${runs.reduce((a, r) => a + r.errors, 0)}`);
' "${results[@]}"

work="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-writer.XXXXXX")"
echo "event writer alone: $(dotnet scripts/bench/CorrelationBench/bin/Release/net10.0/CorrelationBench.dll writer "$work/writer.db" 40000 "$clients")"
rm -rf "$work"
