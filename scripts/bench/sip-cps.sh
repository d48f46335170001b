#!/usr/bin/env bash
# SIP calls per second: sipp as UAC (INVITE with SDP, 200, ACK, BYE, sipp's built-in "uac" scenario) against the
# recorder, and in the same run against sipp's own UAS ("sipp -sn uas"), which does nothing but answer. Prints the
# calls/s each sustained, the failed calls, and the recorder/UAS ratio.
#
#   scripts/bench/sip-cps.sh [--rate 600] [--calls 12000] [--limit 2000] [--transport u1] [--runs 3] [--no-build]
#
# The recorder runs as the product does (scripts/run.sh's host: SIP ingest, SQLite, fact consumer), on loopback
# ports of its own, in a temporary folder; every call opens an RTP socket and a WAV file and ends in facts.
# calls/s = successful calls / sipp's own run time (first INVITE to the end of the last call). sipp paces new calls at
# the offered rate, so a target that keeps up shows slightly less than it (the last calls' tail); offer a little more
# than the rate you want to prove (the default 600 for the 500 calls/s target).
# With --runs N the table shows each run and the median.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rate=600; calls=12000; limit=2000; transport=u1; runs=1; build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    --calls) calls="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --transport) transport="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v sipp >/dev/null || { echo "sipp is missing: apt-get install sip-tester (scripts/test.sh installs it)" >&2; exit 2; }

work="$(mktemp -d /tmp/sip-cps.XXXXXX)"
srs_pid=""; uas_pid=""
cleanup() {
  [ -n "$uas_pid" ] && kill "$uas_pid" 2>/dev/null || true
  [ -n "$srs_pid" ] && kill "$srs_pid" 2>/dev/null && wait "$srs_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ "$build" = 1 ]; then
  dotnet build "$root/backend/src/CorrelationHub.Web" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
fi
dll="$root/backend/src/CorrelationHub.Web/bin/Release/net10.0/CorrelationHub.dll"

# --- the recorder: the product on loopback, SIP on a free port, default RTP range, warnings only in its log.
sip_port="$(free_port)"; http_port="$(free_port)"
dotnet "$dll" --urls "http://127.0.0.1:$http_port" \
  --Sip:ListenAddress=127.0.0.1 --Sip:UdpPort="$sip_port" --Sip:TcpPort="$sip_port" --Sip:TlsPort=0 \
  --Media:RtpPortMin=20000 --Media:RtpPortMax=29999 \
  "--Storage:ConnectionString=Data Source=$work/correlationhub.db" --Recording:Directory="$work/recordings" \
  --Auth:Mode=Open --Access:Mode=Open --Logging:LogLevel:Default=Warning >"$work/srs.log" 2>&1 &
srs_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null || { echo "the recorder did not start:" >&2; tail -20 "$work/srs.log" >&2; exit 1; }

# --- sipp's own UAS, the reference: it answers 180/200 and BYE, records nothing.
uas_port="$(free_port)"
sipp -sn uas -t "$transport" -i 127.0.0.1 -p "$uas_port" -nostdin >"$work/uas.out" 2>&1 &
uas_pid=$!

# One sipp UAC run; prints "successful failed seconds", the seconds from sipp's own clock (its statistics'
# Start Time to the moment the last call ended).
run_uac() {
  local target="$1" tag="$2" out="$work/uac-$2.out"
  sipp -sn uac -t "$transport" -r "$rate" -m "$calls" -l "$limit" -i 127.0.0.1 -p "$(free_port)" \
    -nostdin -timeout 300s -timeout_error "$target" >"$out" 2>&1 || true
  local ok failed start end
  ok=$(awk -F'|' '/Successful call/ {gsub(/ /,"",$3); print $3}' "$out" | tail -1)
  failed=$(awk -F'|' '/Failed call/ {gsub(/ /,"",$3); print $3}' "$out" | tail -1)
  start=$(awk '/Start Time/ {print $(NF)}' "$out" | tail -1)
  end=$(awk '/Current Time/ {print $(NF)}' "$out" | tail -1)
  echo "${ok:-0} ${failed:-$calls} $(echo "${end:-1} - ${start:-0}" | bc -l)"
}

# Waits until the recorder has applied every fact of the previous run (its backlog would otherwise eat the CPU the
# next run needs, whichever target that run measures), then until its CPU is idle (correlation of the last
# facts runs after they are applied): under 10 % of one core over a second.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$srs_pid/stat"; }
settle() {
  local last=-1 now before after
  for _ in $(seq 1 120); do
    now=$(curl -sf "http://127.0.0.1:$http_port/health/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin)["recordingFactsApplied"])')
    [ "$now" = "$last" ] && break
    last="$now"; sleep 1
  done
  for _ in $(seq 1 60); do
    before=$(cpu_ticks); sleep 1; after=$(cpu_ticks)
    [ $((after - before)) -lt $(( $(getconf CLK_TCK) / 10 )) ] && return 0
  done
}

printf '%-5s %-14s %10s %8s %10s\n' run target calls/s failed seconds
results=()
for run in $(seq 1 "$runs"); do
  # Alternate which target goes first, so neither always runs on a warmer or busier machine.
  if [ $((run % 2)) -eq 1 ]; then
    read -r s_ok s_failed s_time < <(run_uac "127.0.0.1:$sip_port" "srs-$run"); settle
    read -r u_ok u_failed u_time < <(run_uac "127.0.0.1:$uas_port" "uas-$run")
  else
    read -r u_ok u_failed u_time < <(run_uac "127.0.0.1:$uas_port" "uas-$run")
    read -r s_ok s_failed s_time < <(run_uac "127.0.0.1:$sip_port" "srs-$run"); settle
  fi
  s_cps=$(echo "$s_ok / $s_time" | bc -l); u_cps=$(echo "$u_ok / $u_time" | bc -l)
  ratio=$(echo "$s_cps / $u_cps" | bc -l)
  printf '%-5s %-14s %10.1f %8d %10.2f\n' "$run" "recorder" "$s_cps" "$s_failed" "$s_time"
  printf '%-5s %-14s %10.1f %8d %10.2f\n' "$run" "sipp-uas" "$u_cps" "$u_failed" "$u_time"
  printf '%-5s %-14s %10.2f\n' "$run" "ratio" "$ratio"
  results+=("$s_cps $s_failed $u_cps $ratio $u_failed")
done

# Median over runs (by recorder calls/s), and the verdict against the targets.
median=$(printf '%s\n' "${results[@]}" | sort -n -k1 | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
read -r m_cps m_failed m_uas m_ratio _ <<<"$median"
failed_total=$(printf '%s\n' "${results[@]}" | awk '{s+=$2} END {print s}')
uas_failed_total=$(printf '%s\n' "${results[@]}" | awk '{s+=$5} END {print s}')
echo
printf 'median of %d run(s) at %s calls/s offered, %s calls, %s: recorder %.1f calls/s, sipp UAS %.1f calls/s, ratio %.2f\n' \
  "$runs" "$rate" "$calls" "$transport" "$m_cps" "$m_uas" "$m_ratio"
printf 'failed calls over all runs: recorder %d, sipp UAS %d\n' "$failed_total" "$uas_failed_total"
counters=$(curl -sf "http://127.0.0.1:$http_port/health/ready" | python3 -c 'import json,sys; c=json.load(sys.stdin)["counters"]; print(" ".join(f"{k}={c[k]}" for k in ("invitesAccepted","invitesRejected","invitesRefused","twoXxRetransmissions","retransmissionsAbsorbed","handlerFailures")))')
echo "recorder counters: $counters"
warnings=$(grep -E '^(warn|fail):' "$work/srs.log" | sort | uniq -c | sort -rn | head -5 || true)
[ -n "$warnings" ] && echo "recorder log warnings (count, category):" && echo "$warnings"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [ "$failed_total" -eq 0 ] && [ "$(echo "$m_cps >= 500 && $m_ratio >= 0.8" | bc -l)" = 1 ]; then
  echo "targets met (>= 500 calls/s, 0 failed, >= 0.8 of sipp's UAS)"
else
  echo "targets NOT met (>= 500 calls/s, 0 failed, >= 0.8 of sipp's UAS)"
fi
# As a capacity test (an offered rate far above what is reached, bounded concurrency): >= 1,500 calls/s, 0 failed.
if [ "$failed_total" -eq 0 ] && [ "$(echo "$m_cps >= 1500" | bc -l)" = 1 ]; then
  echo "capacity target met (>= 1,500 calls/s, 0 failed)"
else
  echo "capacity target NOT met (>= 1,500 calls/s, 0 failed)"
fi
# Headline figures, one a line (the UAS figure is the median of its own runs).
uas_median=$(printf '%s\n' "${results[@]}" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'recorder calls/s: %.0f\n' "$m_cps"
printf 'sipp UAS calls/s: %.0f\n' "$uas_median"
printf 'failed calls: %d\n' "$failed_total"
