#!/usr/bin/env bash
# How the embedded H2 store grows under a steady stream of events.
#
#   bench/store-growth/run.sh [--rate EVENTS_PER_S] [--minutes M] [--every SECONDS]
#
# Runs the order-relay hub (bench/order-relay/start.sh, a fresh store) with the peer benchmark kit's
# checking ERP sink, sends the kit's CRM order events at a fixed rate (open loop) for M minutes
# (default: 100 events/s for 10 minutes), and prints every SECONDS (default 30) the size of the store
# folder, the events the sink has received and the bytes per event. A store that keeps only what it
# needs levels off once the journal's retention starts removing entries; one that leaks grows in a
# straight line. Writes bench/results/store-growth-<date>.csv.
#
# Needs the kit (../shared/bench beside the checkout, or BENCH_KIT=DIR): its src/Sink.java,
# src/LoadGen.java, src/Orders.java and src/Json.java are compiled into a temp folder.
# The hub keeps finished entries for dovetail.journal.keep-finished (7 days by default); pass
# KEEP_FINISHED=2m (the default here) to see retention at work within the run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
rate=100
minutes=10
every=30
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --every) every=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$rate" "$minutes" "$every"; do
  case "$n" in '' | *[!0-9]* | 0) echo "--rate, --minutes and --every need positive whole numbers" >&2; exit 2 ;; esac
done

kit=${BENCH_KIT:-$root/../shared/bench}
[ -f "$kit/src/LoadGen.java" ] || { echo "the peer benchmark kit is not at $kit (set BENCH_KIT)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }
# shellcheck source=../../.mvn/jdk.sh
. "$root/.mvn/jdk.sh"
dovetail_find_jdk || exit 2
java=$JAVA_HOME/bin/java

work=$(mktemp -d "${TMPDIR:-/tmp}/dovetail-store-growth.XXXXXX")
pids=()
cleanup() {
  for p in ${pids[@]+"${pids[@]}"}; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 40); do # the hub drains for up to ~15 s after SIGTERM
    alive=0
    for p in ${pids[@]+"${pids[@]}"}; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for p in ${pids[@]+"${pids[@]}"}; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$JAVA_HOME/bin/javac" -d "$work/classes" "$kit"/src/Sink.java "$kit"/src/LoadGen.java "$kit"/src/Orders.java "$kit"/src/Json.java

sink_port=${SINK_PORT:-9110}
hub_port=${PEER_PORT:-9210}
data=$work/store
"$java" -cp "$work/classes" Sink --port "$sink_port" > "$work/sink.log" 2>&1 &
pids+=($!)

PEER_PORT=$hub_port SINK_URL=http://127.0.0.1:$sink_port BENCH_DATA_DIR=$data \
  "$root/bench/order-relay/start.sh" --logging.level.root=WARN \
  "--dovetail.journal.keep-finished=${KEEP_FINISHED:-2m}" --dovetail.journal.cleanup-interval=30s > "$work/hub.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$hub_port/actuator/health" 2>/dev/null | grep -q UP && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$hub_port/actuator/health" | grep -q UP || { echo "the hub did not start; log:" >&2; tail -40 "$work/hub.log" >&2; exit 1; }

events=$((rate * minutes * 60))
"$java" -cp "$work/classes" LoadGen --url "http://127.0.0.1:$hub_port/hooks/crm/order-won" \
  --sink "http://127.0.0.1:$sink_port" --rate "$rate" --n "$events" --warmup 0 --c 64 \
  --max-seconds $((minutes * 60 + 60)) --label store-growth --out "$work/loadgen.jsonl" > "$work/loadgen.log" 2>&1 &
loadgen=$!
pids+=("$loadgen")

mkdir -p "$root/bench/results"
csv=$root/bench/results/store-growth-$(date -u +%Y%m%dT%H%M%SZ).csv
echo "seconds,store_bytes,events_sent_so_far,bytes_per_event" > "$csv"
printf '%8s %12s %10s %14s\n' seconds store_MB events bytes/event
start=$(date +%s)
while kill -0 "$loadgen" 2>/dev/null; do
  sleep "$every"
  elapsed=$(($(date +%s) - start))
  bytes=$(du -sb "$data" | cut -f1)
  sent=$((elapsed * rate > events ? events : elapsed * rate))
  per=$((sent > 0 ? bytes / sent : 0))
  echo "$elapsed,$bytes,$sent,$per" >> "$csv"
  printf '%8d %12.1f %10d %14d\n' "$elapsed" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" "$sent" "$per"
done
echo "load generator: $(tail -3 "$work/loadgen.log" | tr '\n' ' ')"
echo "written: $csv"
