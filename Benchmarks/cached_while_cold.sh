#!/usr/bin/env bash
# A cached answer while cold summaries compute (docs/PERFORMANCE.md, "The TAT figures at
# once, a cached answer off the blocking pool…"): `slareport serve` on STORE, the week's
# summary cached first, then each round two cold quarters (a new asOf each) and, 0.1 s later,
# the week again with its ETag, then the readiness probe: each one's curl time_total.
#
#     BIN=.build/release/slareport STORE=quarter.sqlite bash Benchmarks/cached_while_cold.sh [rounds]
#
# STORE: the quarter set (2024-01-01 … 2024-03-31; how to make it: Benchmarks/quarter_store.py).
set -euo pipefail
BIN=${BIN:-.build/release/slareport}
STORE=${STORE:?the quarter store}
PORT=${PORT:-18131}
ROUNDS=${1:-5}
WORK=$(mktemp -d)
trap 'kill "$SERVE" 2>/dev/null || true; rm -rf "$WORK"' EXIT
printf '[serve]\nport = %s\n' "$PORT" > "$WORK/slareport.toml"
"$BIN" serve --store "$STORE" --config "$WORK/slareport.toml" > "$WORK/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.log" 2>/dev/null && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT/v1/summary?timezone=Asia/Kolkata"
WEEK="$BASE&from=2024-03-25&to=2024-03-31&asOf=2024-04-01T09:00:00%2B05:30"
ETAG=$(curl -s -D - -o /dev/null "$WEEK" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
for r in $(seq "$ROUNDS"); do
    PIDS=()
    for k in 1 2; do
        curl -s -o /dev/null "$BASE&from=2024-01-01&to=2024-03-31&asOf=2024-04-01T09:$(printf %02d "$r"):0$k%2B05:30" &
        PIDS+=($!)
    done
    sleep 0.1
    echo "round $r: the 304 $(curl -s -o /dev/null -w '%{http_code} %{time_total} s' -H "If-None-Match: $ETAG" "$WEEK")," \
        "/readyz $(curl -s -o /dev/null -w '%{http_code} %{time_total} s' "http://127.0.0.1:$PORT/readyz")"
    wait "${PIDS[@]}"
done
