#!/usr/bin/env bash
# Startup time and idle memory of the Dovetail hub.
#
#   bench/startup/run.sh [-n RUNS] [--workspace DIR] [--idle SECONDS] [--nice N]
#
# After one warm-up start (reported apart), each run starts the server through the launcher
# (./dovetail run) on a free port with a fresh data folder, measures the time from spawn until
# /actuator/health answers UP (polled every 50 ms) and the CPU time used by then, waits SECONDS
# (default 10) and reads the idle resident memory (VmRSS from /proc/<pid>/status), then stops the
# server by its PID. Prints each run and median/min/max, and writes bench/results/startup-<date>.json.
# JVM options: the launcher's, or DOVETAIL_JAVA_OPTS. --nice N starts the server at that scheduling
# priority (a negative N needs root): on a machine shared with other work it approximates a dedicated one.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
runs=5
workspace=$root/examples/showcase
idle=10
niceness=0
ready_timeout=90

while [ $# -gt 0 ]; do
  case "$1" in
    -n | --runs) runs=$2; shift 2 ;;
    --workspace) workspace=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --nice) niceness=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$runs" in '' | *[!0-9]* | 0) echo "-n needs a positive number" >&2; exit 2 ;; esac
[ -d "$workspace" ] || { echo "workspace folder not found: $workspace" >&2; exit 2; }
workspace=$(cd "$workspace" && pwd -P)
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

free_port() { # a port nothing listens on, from the ephemeral range's neighbourhood
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port found" >&2
  exit 1
}

cpu_seconds() { # user+system CPU time of process $1, in seconds with two decimals
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

server_pid=""
work=$(mktemp -d "${TMPDIR:-/tmp}/dovetail-startup.XXXXXX")
stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 200); do # up to 20 s for a graceful stop
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The workspace's ${secret:NAME} references need values; unless the caller set them, placeholders do.
for name in $(grep -rhoE '\$\{secret:[A-Za-z0-9._-]+\}' "$workspace" 2>/dev/null | sed 's/^${secret:\(.*\)}$/\1/' | sort -u); do
  var=DOVETAIL_SECRET_$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]' | tr -c 'A-Z0-9' '_')
  [ -n "${!var:-}" ] || export "$var=bench-placeholder"
done

echo "Building what is missing ..." >&2
"$root/dovetail" build server
# Every run starts the jar as built now: no rebuild if a source changes meanwhile.
export DOVETAIL_NO_BUILD=1

. "$root/.mvn/jdk.sh"
dovetail_find_jdk
jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

ready_list=() cpu_list=() rss_list=() runs_json=() java_command=""
# Start 0 is a warm-up, reported apart: the first start after a build runs without the class-data
# archive the launcher sets up (docs/cli.md), and its stop writes that archive.
first_start_json=null
for i in $(seq 0 "$runs"); do
  port=$(free_port)
  log=$work/server-$i.log
  start=$(now_ms)
  nice -n "$niceness" "$root/dovetail" run --workspace "$workspace" --port "$port" --data "$work/data-$i" >"$log" 2>&1 &
  server_pid=$! # the launcher execs java, so this is the JVM's PID
  ready=""
  while [ $(($(now_ms) - start)) -lt $((ready_timeout * 1000)) ]; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "run $i: the server exited before it was ready; its log:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    if curl -s -m 1 "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status" *: *"UP"'; then
      ready=$(($(now_ms) - start))
      break
    fi
    sleep 0.05
  done
  if [ -z "$ready" ]; then
    echo "run $i: /actuator/health was not UP within ${ready_timeout} s; the log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  cpu=$(cpu_seconds "$server_pid")
  if [ "$i" -eq 0 ]; then
    stop_start=$(now_ms)
    stop_server
    stopped=$(($(now_ms) - stop_start))
    printf 'warm-up start: ready in %d ms (%s CPU-s), stopped in %d ms\n' "$ready" "$cpu" "$stopped"
    first_start_json="{\"ready_ms\": $ready, \"cpu_seconds_at_ready\": $cpu, \"stop_ms\": $stopped}"
    continue
  fi
  [ -n "$java_command" ] || java_command=$(tr '\0' ' ' <"/proc/$server_pid/cmdline" | sed 's/ $//')
  sleep "$idle" # measuring idle memory: the server is left alone for this long on purpose
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
  rss_mb=$((rss_kb / 1024))
  stop_server
  printf 'run %d: ready in %d ms (%s CPU-s), idle RSS after %s s: %d MB\n' "$i" "$ready" "$cpu" "$idle" "$rss_mb"
  ready_list+=("$ready") cpu_list+=("$cpu") rss_list+=("$rss_mb")
  runs_json+=("{\"ready_ms\": $ready, \"cpu_seconds_at_ready\": $cpu, \"idle_rss_mb\": $rss_mb}")
done

stats() { # median min max of the numbers given
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s %s %s\n", m, v[1], v[NR] }'
}
read -r ready_med ready_min ready_max < <(stats "${ready_list[@]}")
read -r cpu_med cpu_min cpu_max < <(stats "${cpu_list[@]}")
read -r rss_med rss_min rss_max < <(stats "${rss_list[@]}")

echo
printf 'ready (ms):        median %s  min %s  max %s   (target < 8000)\n' "$ready_med" "$ready_min" "$ready_max"
printf 'CPU at ready (s):  median %s  min %s  max %s\n' "$cpu_med" "$cpu_min" "$cpu_max"
printf 'idle RSS (MB):     median %s  min %s  max %s   (target < 400)\n' "$rss_med" "$rss_min" "$rss_max"

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
mkdir -p "$root/bench/results"
result=$root/bench/results/startup-$(date +%Y%m%d-%H%M%S).json
workspace_shown=${workspace#"$root"/}
{
  echo "{"
  echo "  \"benchmark\": \"startup\","
  echo "  \"date\": $(json_string "$(date -Iseconds)"),"
  echo "  \"machine\": {\"cores\": $(nproc), \"memory_mb\": $(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo), \"os\": $(json_string "$(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-unknown}")"), \"load_average_at_start\": $(json_string "$load_at_start")},"
  echo "  \"jdk\": $(json_string "$jdk"),"
  echo "  \"workspace\": $(json_string "$workspace_shown"),"
  echo "  \"java_command\": $(json_string "${java_command//"$root"\//}"),"
  echo "  \"idle_seconds\": $idle,"
  echo "  \"nice\": $niceness,"
  echo "  \"warm_up_start\": $first_start_json,"
  echo "  \"ready_ms\": {\"median\": $ready_med, \"min\": $ready_min, \"max\": $ready_max},"
  echo "  \"cpu_seconds_at_ready\": {\"median\": $cpu_med, \"min\": $cpu_min, \"max\": $cpu_max},"
  echo "  \"idle_rss_mb\": {\"median\": $rss_med, \"min\": $rss_min, \"max\": $rss_max},"
  echo "  \"targets\": {\"ready_ms\": 8000, \"idle_rss_mb\": 400},"
  echo "  \"runs\": ["
  for j in "${!runs_json[@]}"; do
    sep=","; [ "$j" -eq $((${#runs_json[@]} - 1)) ] && sep=""
    echo "    ${runs_json[$j]}$sep"
  done
  echo "  ]"
  echo "}"
} >"$result"
echo "wrote ${result#"$root"/}"
