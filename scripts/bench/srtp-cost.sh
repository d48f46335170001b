#!/usr/bin/env bash
# SRTP receive cost per packet, in process (no network, no generator sharing the cores): for each of the six suites,
# SESSIONS receive sessions fed protected G.711 packets in turn, CPU time of UnprotectRtp per packet, the median of
# ROUNDS rounds, and what that is as a share of one core at 100,000 packets/s (1,000 two-leg recordings). Compare with
# scripts/bench/rtp-capacity.sh --srtp, which measures the whole recorder with the generator on the same cores.
#   scripts/bench/srtp-cost.sh              # defaults: SESSIONS=2000 PACKETS=1000000 ROUNDS=3
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
dotnet build scripts/bench/SrtpCost -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet scripts/bench/SrtpCost/bin/Release/net10.0/SrtpCost.dll "${SESSIONS:-2000}" "${PACKETS:-1000000}" "${ROUNDS:-3}"
