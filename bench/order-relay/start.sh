#!/usr/bin/env bash
# Runs the Dovetail hub in the foreground on the order-relay workspace (this folder), for the peer
# benchmark kit's `run.sh contender` (see bench/README.md and docs/benchmarks.md):
#
#   bench/order-relay/start.sh        # webhook http://127.0.0.1:$PEER_PORT/hooks/crm/order-won
#
# Environment:
#   PEER_PORT          HTTP port of the hub (default 9200)
#   SINK_URL           base URL of the ERP sink; orders go to $SINK_URL/erp/orders (default http://127.0.0.1:9100)
#   KEEP_DATA=1        keep the store of the previous start (e.g. to restart after a SIGKILL);
#                      otherwise every start begins with an empty store
#   BENCH_DATA_DIR     the store's folder (default: $TMPDIR or /tmp, dovetail-bench-order-relay-<port>)
#   DOVETAIL_JAVA_OPTS JVM options (default: the launcher's, -XX:+UseSerialGC -Xms256m -Xmx512m -Xmn200m ...)
#   DOVETAIL_SERVER_JAR a server jar to run instead of dovetail-server/target/dovetail-server.jar
#
# The server jar is built (./dovetail build server) only when it is missing, so a benchmark never
# times a build; run `./dovetail build server` first to benchmark the current sources.
# Durability stays on: every event is on disk (group commit) before its webhook is answered 202.
# Extra arguments are passed to the server (e.g. --logging.level.root=WARN).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)

port=${PEER_PORT:-9200}
sink=${SINK_URL:-http://127.0.0.1:9100}
case "$port" in '' | *[!0-9]*) echo "start.sh: PEER_PORT must be a number, not '$port'" >&2; exit 2 ;; esac

data=${BENCH_DATA_DIR:-${TMPDIR:-/tmp}/dovetail-bench-order-relay-$port}
marker=$data/.dovetail-bench-store
if [ "${KEEP_DATA:-0}" != 1 ]; then
  # Only a folder this script made (it holds the marker) or an empty one is ever deleted.
  if [ -d "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ] && [ ! -f "$marker" ]; then
    echo "start.sh: $data is not empty and was not made by this script; not deleting it" >&2
    exit 2
  fi
  rm -rf "$data"
fi
mkdir -p "$data"
touch "$marker"

if [ -z "${DOVETAIL_SERVER_JAR:-}" ] && [ ! -f "$root/dovetail-server/target/dovetail-server.jar" ]; then
  "$root/dovetail" build server >&2
fi

# The kit does not use the API; the first admin account gets a random password nobody needs.
DOVETAIL_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
export DOVETAIL_ADMIN_PASSWORD
export SINK_URL=$sink
export DOVETAIL_NO_BUILD=1

exec "$root/dovetail" run --workspace "$here" --port "$port" --data "$data" -- "$@"
