#!/usr/bin/env bash
# Measures the order relay of the peer benchmark kit for Dovetail beside the kit's hand-written relay and
# Camel route, in one run and one results folder, and prints the kit's report and Dovetail's ratios to each:
#
#   bench/order-relay/compare.sh                          # the kit's protocol, hub pinned to one core
#   bench/order-relay/compare.sh --warmup 150000 --rate 1200 --rate-n 10000   # warm, then 1,200/s
#
# Options (passed to the kit's run.sh for every peer): --pin on|off|both (default on), --reps N (default 1),
# --rate R (default 750: about half of Dovetail's c=64 maximum), --rate-n N (default 8000), --warmup N,
# --conc "8 32 64", --n N. --peers "relay camel" chooses the peers besides Dovetail; --out DIR the results
# folder (default bench/results/compare-<date>).
#
# Needs the kit (../shared/bench beside the checkout, or BENCH_KIT=DIR). When the kit's folder is read-only,
# set BENCH_WORK to a writable folder (the kit keeps its tools, build and logs there). The hub runs from
# dovetail-server/target (run `./dovetail build server` first to measure the current sources; its first start
# after a build also writes the class-data archive, so it starts slower than later ones).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
kit=${BENCH_KIT:-$root/../shared/bench}
[ -x "$kit/run.sh" ] || { echo "compare.sh: the peer benchmark kit is not at $kit (set BENCH_KIT)" >&2; exit 2; }

peers="relay camel"
out=$root/bench/results/compare-$(date -u +%Y%m%d-%H%M)
kit_args=(--pin on --reps 1 --rate 750 --rate-n 8000)
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) peers=${2:?--peers needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    --pin | --reps | --rate | --rate-n | --warmup | --conc | --n)
      [ $# -ge 2 ] || { echo "compare.sh: $1 needs a value" >&2; exit 2; }
      kit_args+=("$1" "$2"); shift 2 ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
export MAX_SECONDS=${MAX_SECONDS:-600}

cd "$kit"
for peer in $peers; do
  ./run.sh "$peer" "${kit_args[@]}" --out "$out"
done
./run.sh contender --name dovetail --url "http://127.0.0.1:${PEER_PORT:-9200}/hooks/crm/order-won" \
  --start "$here/start.sh" "${kit_args[@]}" --out "$out"
./run.sh report "$out"

# Dovetail's closed-loop throughput as a ratio to each peer's, per CPU mode and concurrency (medians over reps)
echo
echo "**Dovetail / peer, closed-loop throughput** (median over repetitions)"
echo
awk '
  function str(name) { return match($0, "\"" name "\":\"[^\"]*\"") ? substr($0, RSTART + length(name) + 4, RLENGTH - length(name) - 5) : "" }
  function num(name) { return match($0, "\"" name "\":[0-9.]+") ? substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 3) + 0 : 0 }
  /"kind":"throughput"/ {
    peer = str("peer"); pin = str("pin"); c = num("c"); t = num("throughput")
    key = peer SUBSEP pin SUBSEP c; n[key]++; v[key, n[key]] = t
    pins[pin] = 1; cs[c] = 1; if (peer != "dovetail") others[peer] = 1
  }
  function median(key,   i, j, k, tmp, a) {
    k = n[key]; if (k == 0) return 0
    for (i = 1; i <= k; i++) a[i] = v[key, i]
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  END {
    for (p in others) for (pin in pins) {
      line = "| dovetail / " p " | " pin " |"
      for (c = 1; c <= 1024; c++) if (c in cs) {
        d = median("dovetail" SUBSEP pin SUBSEP c); o = median(p SUBSEP pin SUBSEP c)
        line = line sprintf(" c=%d: %s |", c, (d > 0 && o > 0) ? sprintf("%.2f", d / o) : "–")
      }
      print line
    }
  }' "$out/runs.jsonl"
echo
echo "Results: $out"
