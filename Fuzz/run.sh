#!/usr/bin/env bash
# Builds the decoder's fuzz target with libFuzzer and AddressSanitizer and runs it.
#   Fuzz/run.sh [seconds]     (default 600)
# Findings (crashing inputs) are written to Fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
swift build -c debug --product FuzzDecoder \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcc -fsanitize=address --scratch-path .build-fuzz
mkdir -p findings work-corpus
cp -n corpus/* work-corpus/ 2>/dev/null || true
.build-fuzz/debug/FuzzDecoder work-corpus -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -max_len=65536 -artifact_prefix=findings/ -print_final_stats=1
