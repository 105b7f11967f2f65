# Sourced by .ci/run (and by a developer: `source .ci/postgres.sh`): starts a throwaway
# PostgreSQL cluster on a free loopback port, as a non-root user (initdb and pg_ctl refuse
# root), exports SLAREPORT_TEST_POSTGRES_URL for the tests, and stops and removes it when
# the shell exits (also on failure).
slareport_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$slareport_pg_bin" ]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    return 1 2>/dev/null || exit 1
fi
slareport_pg_dir=$(mktemp -d /tmp/slareport-pg.XXXXXX)
slareport_pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$(id -u)" = 0 ]; then
    chown nobody "$slareport_pg_dir"
    slareport_pg_as() { runuser -u nobody -- "$@"; }
else
    slareport_pg_as() { "$@"; }
fi
slareport_pg_as "$slareport_pg_bin/initdb" -D "$slareport_pg_dir/data" -U slareport --auth=trust -E UTF8 \
    --no-sync > "$slareport_pg_dir/initdb.log"
slareport_pg_as "$slareport_pg_bin/pg_ctl" -D "$slareport_pg_dir/data" -l "$slareport_pg_dir/server.log" -w \
    -o "-p $slareport_pg_port -k $slareport_pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    start > /dev/null
slareport_pg_stop() {
    slareport_pg_as "$slareport_pg_bin/pg_ctl" -D "$slareport_pg_dir/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$slareport_pg_dir"
}
trap slareport_pg_stop EXIT
export SLAREPORT_TEST_POSTGRES_URL="postgres://slareport@127.0.0.1:$slareport_pg_port/postgres?sslmode=disable"
echo "PostgreSQL for the tests: $SLAREPORT_TEST_POSTGRES_URL"
