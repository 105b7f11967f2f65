#!/usr/bin/env bash
# The benchmark run reported in docs/PERFORMANCE.md. Needs about 6 GB of disk for the data
# sets (Benchmarks/data, ignored by git) and DuckDB (`pip install duckdb`).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import duckdb" 2>/dev/null || pip install duckdb
swift build -c release --product slareport
python3 Benchmarks/bench.py "$@"
