#!/usr/bin/env bash
# Runs CorrelationHub in the foreground on its embedded default: SQLite file and recordings under ./data.
# Extra arguments go to the ASP.NET Core host unchanged, e.g.
#   scripts/run.sh --urls http://127.0.0.1:5080 --Sip:UdpPort=15060 --Sip:TcpPort=15060
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
project=backend/src/CorrelationHub.Web/CorrelationHub.Web.csproj
dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
mkdir -p data
exec dotnet backend/src/CorrelationHub.Web/bin/Release/net10.0/CorrelationHub.dll "$@"
