#!/usr/bin/env bash
# Runs CorrelationHub in the foreground on its embedded default: SQLite file and recordings under ./data.
# Extra arguments go to the ASP.NET Core host unchanged, e.g.
#   scripts/run.sh --urls http://127.0.0.1:5080 --Sip:UdpPort=15060 --Sip:TcpPort=15060
#
# scripts/run.sh --demo [host arguments…]
#   Starts the product on a fresh demo folder (data/demo) with Auth:Mode=Open and Access:Mode=Open, and a simulated
#   contact center of 24 agents (scripts/simulator, site demo-24) calling into it, so the map at / comes alive with
#   agents, calls and recordings. Local demonstration only: open modes let anyone who reaches the port read and write.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
project=backend/src/CorrelationHub.Web/CorrelationHub.Web.csproj

demo=0
args=()
for arg in "$@"; do
  if [ "$arg" = "--demo" ]; then demo=1; else args+=("$arg"); fi
done

dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
mkdir -p data
product=backend/src/CorrelationHub.Web/bin/Release/net10.0/CorrelationHub.dll
if [ "$demo" -eq 0 ]; then
  exec dotnet "$product" "$@"
fi

# ---- Demo: product + simulated site ----
dotnet build scripts/simulator/CorrelationHub.Simulator/CorrelationHub.Simulator.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
if [ ! -d tests/js/node_modules/@microsoft/signalr ]; then
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
urls="http://127.0.0.1:5080"
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --urls) urls="${args[$((i + 1))]:-$urls}" ;;
    --urls=*) urls="${args[$i]#--urls=}" ;;
  esac
done
base="${urls%%;*}"
base="${base/0.0.0.0/127.0.0.1}"
base="${base/\*/127.0.0.1}"
base="${base/+/127.0.0.1}"
rm -rf data/demo
mkdir -p data/demo/simulator

banner() {
  printf '\n%s\n' "################################################################################" >&2
  for line in "$@"; do printf '## %-74s ##\n' "$line" >&2; done
  printf '%s\n\n' "################################################################################" >&2
}
banner "CorrelationHub DEMO" \
  "Auth:Mode=Open and Access:Mode=Open: NO AUTHENTICATION. Anyone who reaches" \
  "this port can read every call, export and recording and publish agent" \
  "events. Local demonstration only; never point a real CUCM or Finesse here." \
  "Data: data/demo (wiped at every demo start). Ctrl-C stops everything."

dotnet "$product" --urls "$base" \
  --Sip:ListenAddress=127.0.0.1 --Sip:EphemeralPorts=true \
  "--Storage:ConnectionString=Data Source=data/demo/correlationhub.db" --Recording:Directory=data/demo/recordings \
  --Auth:Mode=Open --Access:Mode=Open \
  "${args[@]}" &
product_pid=$!
simulator_pid=""
stop() {
  [ -n "$simulator_pid" ] && kill "$simulator_pid" 2>/dev/null || true
  kill "$product_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

for _ in $(seq 1 300); do
  curl -fsS "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$product_pid" 2>/dev/null || { echo "the product exited" >&2; exit 1; }
  sleep 0.2
done

banner "Open the live map:   $base/" \
  "Export (CSV):        $base/api/calls/export?format=csv" \
  "Agents:              $base/api/agents" \
  "Play a recording:    the map's recording links, or /api/recordings/{id}/audio" \
  "24 simulated agents log in now; calls start within seconds (speed x2)." \
  "Simulator log: data/demo/simulator.log; truth: data/demo/simulator/"

dotnet scripts/simulator/CorrelationHub.Simulator/bin/Release/net10.0/correlationhub-sim.dll play \
  --site demo-24 --speed 2 --repeat --base-url "$base" --out data/demo/simulator \
  --bridge "$root/scripts/simulator/gadget-bridge.mjs" >data/demo/simulator.log 2>&1 &
simulator_pid=$!
wait "$product_pid"
