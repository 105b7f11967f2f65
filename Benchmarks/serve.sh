#!/usr/bin/env bash
# The serve benchmarks of docs/PERFORMANCE.md: wrk against `slareport serve` on a store of
# 1 M tickets (28 days ending yesterday, so that period=last-week has data).
#
#     bash Benchmarks/serve.sh            # cache (304 and 200) paths, cold summaries
#     SOAK=600 bash Benchmarks/serve.sh   # and a soak: 500 requests/s for SOAK seconds while the
#                                         # server pulls every minute from fake-kapture with 20 % faults
#
# Needs wrk (apt-get install wrk) and release builds: swift build -c release --product slareport;
# swift build -c release --product fake-kapture.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/slareport}
FAKE=${FAKE:-.build/release/fake-kapture}
WORK=${WORK:-/tmp/slareport-serve-bench}
PORT=${PORT:-18090}
mkdir -p "$WORK"
FROM=$(date -u -d "-28 days" +%F)
if [ ! -f "$WORK/store.sqlite" ]; then
    rm -rf "$WORK/days"
    "$BIN" sample-data --days 28 --per-day 35715 --seed 7 --from "$FROM" --out "$WORK/days" > /dev/null
    "$BIN" import --input "$WORK/days" --store "$WORK/store.sqlite"
    rm -rf "$WORK/days"
fi
cat > "$WORK/slareport.toml" <<TOML
[serve]
port = $PORT
TOML

start() {
    "$BIN" serve --store "$WORK/store.sqlite" --config "$WORK/slareport.toml" > "$WORK/serve.log" 2>&1 &
    SERVE=$!
    for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.log" 2>/dev/null && return; sleep 0.1; done
    echo "serve did not start"; cat "$WORK/serve.log"; exit 1
}
stop() { kill -TERM "$SERVE"; wait "$SERVE" || true; }
URL="http://127.0.0.1:$PORT/v1/summary?period=last-week"

echo "== cold summary of one week (a new asOf each time: nothing cached)"
start
for i in 1 2 3 4 5; do
    curl -s -o /dev/null -w "%{time_total}\n" "$URL&asOf=$(date -u -d "-$i minutes" +%FT%TZ)"
done
stop

start
ETAG=$(curl -s -D - -o /dev/null "$URL" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
echo "== 304 path (If-None-Match: $ETAG), 64 connections, 30 s"
wrk -t 2 -c 64 -d 30s --latency -H "If-None-Match: $ETAG" "$URL" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|requests in"
echo "== 200 path from the cache (no compression), 64 connections, 30 s"
wrk -t 2 -c 64 -d 30s --latency "$URL" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|requests in|Transfer"
echo "== 200 path, gzip"
wrk -t 2 -c 64 -d 30s --latency -H "Accept-Encoding: gzip" "$URL" | grep -E "Requests/sec|99%|Non-2xx|Transfer"
stop

if [ -n "${SOAK:-}" ]; then
    "$FAKE" --token soak-token --per-day 400 --fault-rate 0.2 > "$WORK/fake.out" 2>&1 &
    FAKEPID=$!
    sleep 1
    BASE=$(head -1 "$WORK/fake.out")
    printf 'soak-token' > "$WORK/kapture-token"
    cat > "$WORK/slareport.toml" <<TOML
[kapture]
base_url = "$BASE"
token_file = "$WORK/kapture-token"
refresh_days = 3
retry_base_delay_seconds = 0.05
retry_max_delay_seconds = 0.5
[serve]
port = $PORT
pull_every = "1m"
TOML
    start
    # 64 connections, each waiting 128 ms between requests: about 500 requests/s.
    cat > "$WORK/paced.lua" <<'LUA'
function delay() return 128 end
LUA
    rss() { awk '/VmRSS/{print $2}' /proc/$SERVE/status; }
    echo "== soak: ${SOAK} s at ~500 requests/s, pulls every minute with 20 % faults"
    echo "RSS at start: $(rss) kB"
    ( for _ in $(seq $((SOAK / 10))); do sleep 10; echo "$(date -u +%T) RSS $(rss) kB"; done ) > "$WORK/rss.log" &
    RSSLOG=$!
    wrk -t 2 -c 64 -d "${SOAK}s" --latency -s "$WORK/paced.lua" "$URL" | grep -E "Requests/sec|99%|Non-2xx|requests in|Socket errors"
    wait $RSSLOG || true
    echo "RSS at end: $(rss) kB (peak over the run: $(awk '{print $3}' "$WORK/rss.log" | sort -n | tail -1) kB)"
    curl -s "http://127.0.0.1:$PORT/metrics" | grep -E "^slareport_pull_runs_total|^slareport_summary_computations_total "
    curl -s "http://127.0.0.1:$PORT/readyz"; echo
    stop
    kill "$FAKEPID" || true
fi
