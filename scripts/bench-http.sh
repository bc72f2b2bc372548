#!/usr/bin/env bash
# Load figures for docs/benchmarks.md: builds zhuqi, imports a 100,000-row
# ledger into a fresh SQLite database, then measures start-up to ready, idle
# memory, and GET /api/v1/enterprises/{id} under 32 concurrent keep-alive
# clients on loopback. Everything stays on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
addr=127.0.0.1:18090
db="sqlite:$work/bench.db"

go build -o "$work/zhuqi" ./cmd/zhuqi
go build -o "$work/loadtest" ./scripts/loadtest
"$work/loadtest" ledger -n 100000 > "$work/ledger.csv"
"$work/zhuqi" region add --db "$db" --code 411203 >/dev/null
echo "== import of 100,000 rows (CLI, includes process start and migration)"
"$work/zhuqi" import enterprises --db "$db" --region 411203 --file "$work/ledger.csv" | tail -1
echo 'bench-password' | "$work/zhuqi" user add --db "$db" --login bench --role coordinator --region 411203 --password-stdin >/dev/null
token=$("$work/zhuqi" token create --db "$db" --login bench)

echo "== start-up to ready and idle memory (3 runs)"
for _ in 1 2 3; do
  start=$(date +%s%N)
  "$work/zhuqi" serve --db "$db" --addr "$addr" 2>/dev/null &
  pid=$!
  until curl -sf "http://$addr/readyz" >/dev/null; do sleep 0.005; done
  end=$(date +%s%N)
  sleep 2
  echo "ready in $(( (end - start) / 1000000 )) ms; idle $(grep VmRSS /proc/$pid/status | tr -s ' ')"
  kill $pid; wait $pid 2>/dev/null || true
done

echo "== GET /api/v1/enterprises/{id}, random ids, 32 clients, 10 s"
"$work/zhuqi" serve --db "$db" --addr "$addr" 2>/dev/null &
pid=$!
until curl -sf "http://$addr/readyz" >/dev/null; do sleep 0.01; done
"$work/loadtest" get -url "http://$addr/api/v1/enterprises/{id}" -token "$token" -ids 100000 -c 32 -duration 10s
if command -v wrk >/dev/null; then
  echo "== same with wrk (one id, 1 thread, 32 connections, 10 s)"
  wrk -t1 -c32 -d10s --latency -H "Authorization: Bearer $token" "http://$addr/api/v1/enterprises/50000" | grep -E "Requests/sec|50%|99%"
fi
echo "== memory after load: $(grep VmRSS /proc/$pid/status | tr -s ' ')"
