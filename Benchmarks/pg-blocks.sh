#!/bin/bash
# PostgreSQL reports, the build before (B) against the build after (A), on one set of files:
# each imports it into a new database, then week and quarter reports alternate, and the
# summaries are compared byte for byte (docs/PERFORMANCE.md, "Fact blocks in PostgreSQL").
# Usage: Benchmarks/pg-blocks.sh BEFORE_BIN AFTER_BIN POSTGRES_URL SET [SQLITE_STORE]
#   POSTGRES_URL: a server whose role may create databases (`source .ci/postgres.sh`);
#   SET: `slareport sample-data --days 91 --per-day 38000 --seed 7 --from 2024-01-01 --out SET`;
#   SQLITE_STORE: the same set imported into SQLite, to compare the quarter with.
#   AFTER_BIN opens a copy of BEFORE_BIN's database too (its blocks built on first open).
set -u
B=$1; A=$2; PG=$3; SET=$4; SQ=${5:-}
W=${WORK:-/tmp/slareport-pg-blocks}; rm -rf $W; mkdir -p $W
db() { echo "${PG%/*}/$1?sslmode=disable"; }
for d in bench_b bench_a bench_m; do psql "$PG" -qc "DROP DATABASE IF EXISTS $d" > /dev/null; done
psql "$PG" -qc "CREATE DATABASE bench_b"; psql "$PG" -qc "CREATE DATABASE bench_a"
T() { /usr/bin/time -f "$1: %e s %M KB" "${@:2}"; }
T "before import" $B import --quiet --store "$(db bench_b)" --input $SET
T "after import" $A import --quiet --store "$(db bench_a)" --input $SET
psql "$PG" -Atc "SELECT datname, pg_size_pretty(pg_database_size(datname)) FROM pg_database WHERE datname LIKE 'bench_%'"
psql "$(db bench_a)" -Atc "SELECT count(*) AS blocks, sum(tickets), pg_size_pretty(sum(length(data))) FROM fact_blocks"
K="--as-of 2024-04-01T09:00:00+05:30 --format json --timezone Asia/Kolkata"
S="--as-of 2024-04-01T09:00:00-03:00 --format json --timezone America/Santiago"
WEEK="--from 2024-03-25 --to 2024-03-31"; QUARTER="--from 2024-01-01 --to 2024-03-31"
T "before week first" $B report --store "$(db bench_b)" $WEEK $K --out $W/bw1 > /dev/null
T "after week first" $A report --store "$(db bench_a)" $WEEK $K --out $W/aw1 > /dev/null
for i in 1 2 3; do
  T "before week again" $B report --store "$(db bench_b)" $WEEK $K --out $W/bw > /dev/null
  T "after week again" $A report --store "$(db bench_a)" $WEEK $K --out $W/aw > /dev/null
done
for i in 1 2 3; do
  T "before quarter" $B report --store "$(db bench_b)" $QUARTER $K --out $W/bq > /dev/null
  T "after quarter" $A report --store "$(db bench_a)" $QUARTER $K --out $W/aq > /dev/null
done
$B report --store "$(db bench_b)" $QUARTER $S --out $W/bqs > /dev/null
$A report --store "$(db bench_a)" $QUARTER $S --out $W/aqs > /dev/null
for x in w1 w q qs; do cmp $W/b$x/summary.json $W/a$x/summary.json && echo "summary $x identical"; done
if [ -n "$SQ" ]; then
  $A report --store "$SQ" $QUARTER $K --out $W/sq > /dev/null
  cmp $W/sq/summary.json $W/aq/summary.json && echo "quarter from PostgreSQL identical to SQLite's"
fi
psql "$PG" -qc "CREATE DATABASE bench_m TEMPLATE bench_b"
T "after, first open of the before database (blocks built) + week" $A report --store "$(db bench_m)" $WEEK $K --out $W/mw > /dev/null
cmp $W/mw/summary.json $W/aw/summary.json && echo "that week identical"
psql "$(db bench_m)" -qc "UPDATE fact_block_layout SET layout = 'older'"
T "after, layout changed: every block built again + week" $A report --store "$(db bench_m)" $WEEK $K --out $W/mw2 > /dev/null
