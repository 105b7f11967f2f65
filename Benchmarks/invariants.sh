#!/bin/bash
# Summaries of the build before (B) and after (A) on the same inputs, from files, SQLite and
# PostgreSQL, in two zones; compared with dispositions and schemaVersion removed.
# Usage: Benchmarks/invariants.sh BEFORE_BIN AFTER_BIN POSTGRES_URL EXAMPLES QUIRKY M1
#   POSTGRES_URL: a server's URL whose role may create databases (`source .ci/postgres.sh`:
#   $SLAREPORT_TEST_POSTGRES_URL); EXAMPLES: the build before's Examples/responses;
#   QUIRKY: `sample-data --days 7 --per-day 300 --seed 3`; M1: the 1 M set
#   (`sample-data --days 28 --per-day 35715 --seed 7`); all made by the build before.
#   SKIP_M1=1 or ONLY_M1=1 to run part.
set -u
B=$1; A=$2; PG=$3; EXAMPLES=$4; QUIRKY=$5; M1=$6
W=${WORK:-/tmp/slareport-invariants}; rm -rf $W; mkdir -p $W
strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("dispositions",None); d.pop("schemaVersion",None); d["provenance"].pop("engineVersion",None); print(json.dumps(d,sort_keys=True,indent=1))' "$1"; }
run() { # name input from to asof
  local name=$1 input=$2 from=$3 to=$4 asof=$5
  for side in B A; do
    bin=${!side}
    "$bin" import --quiet --store $W/$name-$side.sqlite --input $input > /dev/null 2>&1 || echo "import failed $side $name sqlite"
    db="slareport_inv_${name}_$(echo $side | tr AB ab)"
    psql "$PG" -qc "DROP DATABASE IF EXISTS $db" >/dev/null; psql "$PG" -qc "CREATE DATABASE $db" > /dev/null
    pgurl="${PG%/*}/$db?sslmode=disable"
    "$bin" import --quiet --store "$pgurl" --input $input > /dev/null 2>&1 || echo "import failed $side $name pg"
    for zone in Asia/Kolkata America/Santiago; do
      z=${zone#*/}
      for src in files sqlite pg; do
        case $src in files) s="--input $input";; sqlite) s="--store $W/$name-$side.sqlite";; pg) s="--store $pgurl";; esac
        "$bin" report $s --from $from --to $to --as-of $asof --timezone $zone --format json --out $W/$name-$z-$src-$side > /dev/null 2>&1 || echo "report failed $side $name $z $src"
        strip $W/$name-$z-$src-$side/summary.json > $W/$name-$z-$src-$side.stripped
      done
    done
  done
  # The build after, on the stores the build before wrote (migrated on open): the same
  # summaries, dispositions included, as on the stores it wrote itself.
  cp $W/$name-B.sqlite $W/$name-migrated.sqlite
  for zone in Asia/Kolkata America/Santiago; do
    z=${zone#*/}
    "$A" report --store $W/$name-migrated.sqlite --from $from --to $to --as-of $asof --timezone $zone --format json --out $W/$name-$z-migrated-sqlite > /dev/null 2>&1 || echo "report failed migrated sqlite"
    "$A" report --store "${PG%/*}/slareport_inv_${name}_b?sslmode=disable" --from $from --to $to --as-of $asof --timezone $zone --format json --out $W/$name-$z-migrated-pg > /dev/null 2>&1 || echo "report failed migrated pg"
    for src in sqlite pg; do
      if cmp -s $W/$name-$z-$src-A/summary.json $W/$name-$z-migrated-$src/summary.json; then r=identical; else r=DIFFERENT; fi
      echo "$name $z $src store written before, migrated: $r to the store written after, whole summary"
    done
  done
  for zone in Kolkata Santiago; do
    for src in files sqlite pg; do
      if cmp -s $W/$name-$zone-$src-B.stripped $W/$name-$zone-$src-A.stripped; then r=identical; else r=DIFFERENT; fi
      echo "$name $zone $src: $r ($(wc -c < $W/$name-$zone-$src-A/summary.json) bytes)"
    done
    cmp -s $W/$name-$zone-files-A.stripped $W/$name-$zone-sqlite-A.stripped || echo "  (files and sqlite differ, as before? $(cmp -s $W/$name-$zone-files-B.stripped $W/$name-$zone-sqlite-B.stripped && echo no || echo yes))"
  done
}
[ "${ONLY_M1:-}" = 1 ] || run demo $EXAMPLES 2024-04-15 2024-04-21 2024-04-22T09:00:00+05:30
[ "${ONLY_M1:-}" = 1 ] || run quirky $QUIRKY 2024-04-15 2024-04-21 2024-04-22T09:00:00+05:30
[ "${SKIP_M1:-}" = 1 ] || run m1 $M1 2024-04-15 2024-05-12 2024-05-13T09:00:00+05:30
