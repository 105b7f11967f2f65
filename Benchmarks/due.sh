#!/bin/bash
# /v1/rows/due, cold and cached (docs/PERFORMANCE.md, "Targets: due next…").
#
#     Benchmarks/due.sh SLAREPORT STORE [PORT]
#
# Serves STORE with the eight targets of Benchmarks/targets-3-calendars-8-targets.toml and
# asks for a week's due rows as of five instants a second apart (each a cold answer: its own
# cache entry), then the last again (cached); prints curl's total time of each.
set -euo pipefail
bin=$1; store=$2; port=${3:-18090}
here=$(cd "$(dirname "$0")" && pwd)
"$bin" serve --store "$store" --port "$port" --config "$here/targets-3-calendars-8-targets.toml" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
base="http://127.0.0.1:$port/v1/rows/due?from=2024-03-25&to=2024-03-31&asOf=2024-04-01T09:00"
for s in 01 02 03 04 05; do curl -s -o /dev/null -w "cold %{time_total}\n" "$base:$s%2B05:30"; done
curl -s -o /dev/null -w "cached %{time_total}\n" "$base:05%2B05:30"
