#!/usr/bin/env bash
# Makes a streaming replica of the local PostgreSQL server (Debian's
# cluster on 127.0.0.1:5432) on 127.0.0.1:5433, for the replica tests
# (ZHUQI_TEST_REPLICA). Idempotent: a replica already answering is kept.
# It needs to run as root (it acts as the postgres user) or as postgres.
set -euo pipefail
port=5433
if pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null; then
  exit 0
fi
ver=$(ls /etc/postgresql | sort -n | tail -n 1)
bin=/usr/lib/postgresql/$ver/bin
dir=/var/lib/postgresql/zhuqi-replica
hba=/etc/postgresql/$ver/main/pg_hba.conf
as_pg() { if [ "$(id -un)" = postgres ]; then bash -c "$1"; else su postgres -s /bin/bash -c "$1"; fi; }
# The primary must accept replication connections from loopback.
if ! grep -q '^host[[:space:]]\+replication[[:space:]]\+all[[:space:]]\+127.0.0.1/32' "$hba"; then
  echo 'host replication all 127.0.0.1/32 trust # zhuqi replica tests' >> "$hba"
  as_pg "psql -h 127.0.0.1 -p 5432 -U postgres -qc 'SELECT pg_reload_conf()'" >/dev/null
fi
as_pg "rm -rf '$dir' && $bin/pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D '$dir' -R -X stream -c fast"
# Debian keeps the cluster's configuration in /etc; the copy gets its own.
as_pg "printf '%s\n' \"listen_addresses = '127.0.0.1'\" 'port = $port' 'hot_standby = on' 'max_connections = 100' \
  \"unix_socket_directories = '/var/run/postgresql'\" > '$dir/postgresql.conf'"
as_pg "printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' > '$dir/pg_hba.conf'"
as_pg "$bin/pg_ctl -D '$dir' -l '$dir/replica.log' -w start" >/dev/null
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p "$port" -q
echo "replica on 127.0.0.1:$port"
