#!/usr/bin/env bash
# The benchmark run reported in docs/PERFORMANCE.md. Needs about 6 GB of disk for the data
# sets (Benchmarks/data, ignored by git) and DuckDB (`pip install duckdb`).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import duckdb" 2>/dev/null || pip install duckdb
# The deployment build (docs/USAGE.md, "Installing"): the Swift runtime linked in, so that a
# command does not spend its first 8 ms loading and binding it.
swift build -c release --product slareport --static-swift-stdlib
python3 Benchmarks/bench.py "$@"
