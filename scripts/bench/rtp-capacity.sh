#!/usr/bin/env bash
# RTP capacity of the recorder: N concurrent two-leg recordings (2N streams of G.711 at 50 packets/s, or SRTP with
# --srtp) from a load generator on loopback, N stepped up. For each N it prints packets sent, received and lost,
# late packets, the recorder's CPU (percent of one core) and memory per recording, the generator's CPU, and whether
# every file is complete (header matches data, full length, no hole in either channel). With --repeat R each step
# runs R times on a fresh recorder and the median line is reported. A run in which the generator itself fell more
# than 500 ms behind its schedule (the cores are shared) is marked valid=0, repeated once, and never counted as a
# recorder failure or success. Everything stays on 127.0.0.1.
# --codec g729 or opus sends G.729 (libbcg729's encoder) or Opus (Concentus) instead of G.711.
# --srtp-ahead is --srtp with every packet protected before the run: the generator's own crypto then does not share
# the two cores with the recorder's while the recorder's CPU is measured.
#   scripts/bench/rtp-capacity.sh [--steps "100 250 500 750 1000"] [--seconds 20] [--repeat 3] [--srtp | --srtp-ahead] [--codec g711|g729|opus] [--smoke]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

steps="100 250 500 750 1000"
seconds=20
repeat=1
srtp=""
codec="g711"
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --srtp) srtp="--srtp"; shift ;;
    --srtp-ahead) srtp="--srtp-ahead"; shift ;;
    --codec) codec="$2"; shift 2 ;;
    --smoke) steps="20"; seconds=3; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

ulimit -n 65536 2>/dev/null || true
dotnet build backend/src/CorrelationHub.Web/CorrelationHub.Web.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build scripts/bench/RtpLoad/RtpLoad.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
recorder_dll=backend/src/CorrelationHub.Web/bin/Release/net10.0/CorrelationHub.dll
generator_dll=scripts/bench/RtpLoad/bin/Release/net10.0/RtpLoad.dll

echo "rtp-capacity: steps [$steps], ${seconds} s window, repeat ${repeat}, codec ${codec}${srtp:+, SRTP AES_CM_128_HMAC_SHA1_80}${srtp:+ (${srtp#--})}, $(nproc) cores ($(uname -m)), generator on the same machine"
failed_any=0
best=0
best_line=""
for n in $steps; do
  results=()
  run=0
  retries=0
  while [ "$run" -lt "$repeat" ]; do
    run=$((run + 1))
    work="$(mktemp -d /tmp/rtp-capacity.XXXXXX)"
    port=$((40000 + RANDOM % 9000))
    dotnet "$recorder_dll" --urls http://127.0.0.1:0 --Sip:ListenAddress=127.0.0.1 --Sip:UdpPort=0 --Sip:TcpPort="$port" \
      --Media:RtpPortMin=20000 --Media:RtpPortMax=29999 --Media:NoAudioSeconds=0 \
      --Storage:ConnectionString="Data Source=$work/correlationhub.db" --Recording:Directory="$work/recordings" \
      --Auth:Mode=Open --Access:Mode=Open --Logging:LogLevel:Default=Warning >"$work/recorder.log" 2>&1 &
    recorder=$!
    for _ in $(seq 1 100); do
      (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
      sleep 0.2
    done
    line="$(dotnet "$generator_dll" --sip 127.0.0.1:"$port" --pid "$recorder" --db "$work/correlationhub.db" \
      --recordings "$work/recordings" --calls "$n" --seconds "$seconds" --codec "$codec" $srtp | tee "$work/generator.log" | grep '^RESULT' || true)"
    kill -TERM "$recorder" 2>/dev/null || true
    wait "$recorder" 2>/dev/null || true
    if [ -z "$line" ]; then
      line="RESULT calls=$n ok=0 error=$(tail -n 3 "$work/generator.log" | tr '\n ' '| ')"
    fi
    sed -n '2,6p' "$work/generator.log" | grep 'file problem' >&2 || true
    rm -rf "$work"
    if [[ "$line" == *"valid=0"* ]] && [ "$retries" -lt "$repeat" ]; then
      echo "  (generator starved, run repeated) $line" >&2
      retries=$((retries + 1))
      run=$((run - 1))
      continue
    fi
    results+=("$line")
  done
  # The median run by recorder CPU (runs differ mostly by what else the shared cores were doing).
  median="$(printf '%s\n' "${results[@]}" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^recorder_cpu=/) { split($i, kv, "="); print kv[2] "\t" $0 } }' | sort -n | awk -v m="$(( (repeat + 1) / 2 ))" 'NR == m { sub(/^[^\t]*\t/, ""); print }')"
  [ -n "$median" ] || median="${results[0]}"
  echo "$median"
  oks="$(printf '%s\n' "${results[@]}" | grep -c 'ok=1' || true)"
  if [ "$oks" -eq "$repeat" ]; then
    best=$n
    best_line="$median"
  else
    failed_any=1
  fi
done
echo "largest loss-free N (every run): $best"
# Headline figures of the largest loss-free step (its median run), one a line.
field() { printf '%s\n' "$best_line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
if [ -n "$best_line" ]; then
  echo "recorder CPU at $best: $(field recorder_cpu) %"
  echo "MB per recording at $best: $(field mb_per_recording)"
fi
[ "$failed_any" -eq 0 ]
