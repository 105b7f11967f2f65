#!/bin/bash
# /healthz, the cached 200 and the 304 of /v1/summary, wrk -t2 -c64, for one build.
# Usage: EXAMPLES=Examples/responses Benchmarks/wrk_summary.sh BIN PORT LABEL
BIN=$1; PORT=$2; L=$3
D=${WORK:-/tmp/slareport-wrk}-$L; rm -rf $D; mkdir -p $D
$BIN import --quiet --store $D/s.sqlite --input ${EXAMPLES:?set EXAMPLES to a folder of responses} > /dev/null 2>&1
TOKEN=$($BIN token new --tokens-file $D/tokens 2>/dev/null | tail -1)
chmod 600 $D/tokens
printf '[serve]\ntokens_file = "%s"\n' "$D/tokens" > $D/c.toml
$BIN serve --config $D/c.toml --store $D/s.sqlite --port $PORT > $D/serve.log 2>&1 &
PID=$!
for i in $(seq 50); do curl -s localhost:$PORT/healthz > /dev/null && break; sleep 0.2; done
Q="/v1/summary?from=2024-04-15&to=2024-04-21&asOf=2024-04-22T09:00:00%2B05:30"
ETAG=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "localhost:$PORT$Q" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
code304=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H "If-None-Match: $ETAG" "localhost:$PORT$Q")
echo "$L etag $ETAG 304? $code304"
for what in healthz 200 304; do
  case $what in
    healthz) out=$(wrk -t2 -c64 -d8s http://127.0.0.1:$PORT/healthz);;
    200) out=$(wrk -t2 -c64 -d8s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$Q");;
    304) out=$(wrk -t2 -c64 -d8s -H "Authorization: Bearer $TOKEN" -H "If-None-Match: $ETAG" "http://127.0.0.1:$PORT$Q");;
  esac
  echo "$L $what $(echo "$out" | awk '/Requests\/sec/{print $2}') req/s $(echo "$out" | grep -E 'Non-2xx' )"
done
kill $PID; wait $PID 2>/dev/null
