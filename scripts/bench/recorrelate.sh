#!/usr/bin/env bash
# Re-correlation benchmark: a day of AGENTS agents x CALLS calls (default 500 x 60: 30,000 calls, a fifth with a
# hold, so about 36,000 recording segments) is fed through the real fact pipeline into a SQLite file; then the
# whole day is re-correlated from stored state RUNS times (default 3) with the command line
# (`CorrelationHub recorrelate`, a cold process each time) and with POST /api/admin/recorrelate on a running
# server. Prints each run's seconds (the action's own elapsed time; the command line also its wall time) and the
# medians. The first run writes every link; later runs find nothing changed. Other work on the machine changes
# the numbers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
agents="${AGENTS:-500}"; calls="${CALLS:-60}"; runs="${RUNS:-3}"; day="2026-04-20"
dotnet build backend/src/CorrelationHub.Web -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build scripts/bench/CorrelationBench -c Release --nologo -v quiet -clp:ErrorsOnly >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-recorrelate.XXXXXX")"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet scripts/bench/CorrelationBench/bin/Release/net10.0/CorrelationBench.dll seed-day "$work/day.db" "$agents" "$calls" "$day"
app=(dotnet backend/src/CorrelationHub.Web/bin/Release/net10.0/CorrelationHub.dll)
range=(--from "${day}T00:00:00Z" --to "$(date -u -d "$day + 1 day" +%Y-%m-%d)T00:00:00Z")
json_field() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)[process.argv[1]]))" "$1"; }

cli=()
for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  out="$("${app[@]}" recorrelate "${range[@]}" "--Storage:ConnectionString=Data Source=$work/day.db")"
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  ms=$(echo "$out" | json_field elapsedMs)
  echo "command line run $run: recorrelate $(echo "$out" | json_field segments) segments against $(echo "$out" | json_field dialogLegs) dialog legs, $(echo "$out" | json_field changedLinks) links changed: ${ms} ms (process wall ${wall} ms)"
  cli+=("$ms $wall")
done

source "$root/scripts/bench/host.sh"
start_host "$work/day.db" "$work"
api=()
for run in $(seq 1 "$runs"); do
  out="$(curl -sf -X POST "http://127.0.0.1:$port/api/admin/recorrelate?from=${day}T00:00:00Z&to=$(date -u -d "$day + 1 day" +%Y-%m-%d)T00:00:00Z")"
  ms=$(echo "$out" | json_field elapsedMs)
  echo "endpoint run $run: $(echo "$out" | json_field segments) segments, $(echo "$out" | json_field changedLinks) links changed: ${ms} ms"
  api+=("$ms")
done

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "median of $runs runs: command line $(printf '%s\n' "${cli[@]}" | median) ms (process wall $(printf '%s\n' "${cli[@]}" | awk '{print $2}' | median) ms); endpoint on a running server $(printf '%s\n' "${api[@]}" | median) ms"
