#!/usr/bin/env bash
# Case intake over HTTP beside the anchor, in one run (issue 16).
#
#   bash scripts/bench-intake.sh postgres   # or sqlite
#
# A fresh database with 100,000 enterprises; then, three times in turn,
# 10 s each with 32 keep-alive clients on loopback:
#   zhuqi   POST /api/v1/cases on one serve process
#   anchor  POST /intake: one insert and one audit row per request, one
#           transaction each (scripts/anchor), on its own database
#   zhuqi×2 (PostgreSQL) the same load round-robin over two serve processes
# and it prints each run's throughput and latency, the ratio to the anchor
# of the same round, and how much CPU PostgreSQL's processes used. At the
# end: audit chains verified, no duplicate numbers, numbers gap-free.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-postgres}
pg=postgres://postgres@127.0.0.1:5432
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/zhuqi" ./cmd/zhuqi
go build -o "$work/anchor" ./scripts/anchor
go build -o "$work/loadtest" ./scripts/loadtest
case $engine in
postgres)
  for d in zhuqi_bench anchor_bench; do
    psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d"
  done
  db="$pg/zhuqi_bench?sslmode=disable"; adb="$pg/anchor_bench?sslmode=disable" ;;
sqlite)
  db="sqlite:$work/bench.db"; adb="sqlite:$work/anchor.db" ;;
*) echo "usage: $0 postgres|sqlite" >&2; exit 2 ;;
esac
"$work/loadtest" ledger -n 100000 > "$work/ledger.csv"
"$work/zhuqi" region add --db "$db" --code 411203 >/dev/null
"$work/zhuqi" import enterprises --db "$db" --region 411203 --file "$work/ledger.csv" | tail -1
echo 'bench-password-7' | "$work/zhuqi" user add --db "$db" --login bench --role coordinator --region 411203 --password-stdin >/dev/null
token=$("$work/zhuqi" token create --db "$db" --login bench)
"$work/zhuqi" serve --db "$db" --addr 127.0.0.1:18091 2>/dev/null &
[ "$engine" = postgres ] && "$work/zhuqi" serve --db "$db" --addr 127.0.0.1:18092 2>/dev/null &
"$work/anchor" serve --db "$adb" --addr 127.0.0.1:18190 2>/dev/null &
for a in 18091 18190; do until curl -sf "http://127.0.0.1:$a/readyz" >/dev/null; do sleep 0.05; done; done
[ "$engine" = postgres ] && until curl -sf http://127.0.0.1:18092/readyz >/dev/null; do sleep 0.05; done

ticks() { # CPU time of PostgreSQL's processes so far, in clock ticks
  [ "$engine" = postgres ] || { echo 0; return; }
  for p in $(pgrep -u postgres postgres || true); do cat "/proc/$p/stat" 2>/dev/null || true; done |
    awk '{ s += $14 + $15 } END { print s + 0 }'
}
body='{"enterprise_id":{id},"category":"资金","title":"压测事项{n}","source":"hotline"}'
run() { # name url
  local t0 t1 out
  t0=$(ticks)
  out=$("$work/loadtest" post -url "$2" -token "$token" -ids 100000 -c 32 -duration 10s -warmup 2s -body "$body")
  t1=$(ticks)
  rate=$(sed -E 's/.* ([0-9]+) req\/s.*/\1/' <<<"$out")
  printf '%-8s %s · PostgreSQL used %.2f cores\n' "$1" "$out" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 100 / 12 }')"
}
hz=$(getconf CLK_TCK); [ "$hz" = 100 ] || echo "note: CLK_TCK is $hz, the core figures assume 100"
for round in 1 2 3; do
  echo "== round $round"
  run zhuqi "http://127.0.0.1:18091/api/v1/cases"; z=$rate
  run anchor "http://127.0.0.1:18190/intake"; a=$rate
  if [ "$engine" = postgres ]; then
    run zhuqi×2 "http://127.0.0.1:18091/api/v1/cases,http://127.0.0.1:18092/api/v1/cases"; z2=$rate
    awk -v z="$z" -v a="$a" -v z2="$z2" 'BEGIN { printf "   zhuqi / anchor = %.2f, two processes / one = %.2f\n", z / a, z2 / z }'
  else
    awk -v z="$z" -v a="$a" 'BEGIN { printf "   zhuqi / anchor = %.2f\n", z / a }'
  fi
done
kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true
"$work/zhuqi" audit verify --db "$db" | tail -1
if [ "$engine" = postgres ]; then
  psql -qtA "$pg/zhuqi_bench" -c "SELECT 'cases ' || COUNT(*) || ', duplicate numbers ' || (COUNT(*) - COUNT(DISTINCT number)) || ', gaps ' || (MAX(substr(number, 13)::int) - COUNT(*)) FROM cases"
fi
