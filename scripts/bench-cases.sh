#!/usr/bin/env bash
# Case intake over HTTP (issue 3): a fresh SQLite database with 100,000
# enterprises, then POST /api/v1/cases from 32 concurrent keep-alive clients
# on loopback for 10 s. Each acknowledged case is committed with its audit
# row, counters, timeline event and warning schedule.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
addr=127.0.0.1:18091
db="sqlite:$work/bench.db"
go build -o "$work/zhuqi" ./cmd/zhuqi
go build -o "$work/loadtest" ./scripts/loadtest
"$work/loadtest" ledger -n 100000 > "$work/ledger.csv"
"$work/zhuqi" region add --db "$db" --code 411203 >/dev/null
"$work/zhuqi" import enterprises --db "$db" --region 411203 --file "$work/ledger.csv" | tail -1
echo 'bench-password' | "$work/zhuqi" user add --db "$db" --login bench --role coordinator --region 411203 --password-stdin >/dev/null
token=$("$work/zhuqi" token create --db "$db" --login bench)
"$work/zhuqi" serve --db "$db" --addr "$addr" ${PPROF:+--pprof $PPROF} 2>/dev/null &
until curl -sf "http://$addr/readyz" >/dev/null; do sleep 0.01; done
echo "== POST /api/v1/cases, 32 clients, 10 s"
"$work/loadtest" post -url "http://$addr/api/v1/cases" -token "$token" -ids 100000 -c 32 -duration 10s \
  -body '{"enterprise_id":{id},"category":"资金","title":"压测事项{n}","source":"hotline"}'
"$work/zhuqi" audit verify --db "$db" | tail -1 || true
