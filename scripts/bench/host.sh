# Sourced by the backend benchmarks: a free loopback port, and the Release host started on one.

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"; }

# start_host DB_FILE WORK [more host arguments...]: starts the built host on a free loopback port with open modes, the
# SQLite file DB_FILE, recordings and its log under WORK; sets $port and $server, and returns once /health/ready
# answers (fails with the log's tail when it does not within 30 s).
start_host() {
  local db="$1" work="$2"
  shift 2
  port="$(free_port)"
  dotnet backend/src/CorrelationHub.Web/bin/Release/net10.0/CorrelationHub.dll \
    --urls "http://127.0.0.1:$port" --Auth:Mode=Open --Access:Mode=Open \
    --Sip:ListenAddress=127.0.0.1 --Sip:EphemeralPorts=true \
    "--Storage:ConnectionString=Data Source=$db" "--Recording:Directory=$work/recordings" \
    --Logging:LogLevel:Default=Warning "$@" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    sleep 0.2
  done
  echo "the host did not become ready; the end of its log:" >&2
  tail -20 "$work/server.log" >&2
  return 1
}
