# Shared settings for the infra scripts. Sourced, never executed.
# The same variable names configure the services (see README, "Configuration").
set -euo pipefail

SPIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Downloads and builds live outside the checkout so that a fresh clone reuses them.
SPIN_CACHE_DIR="${SPIN_CACHE_DIR:-$HOME/.cache/spin-vig}"
SPIN_VAR_DIR="${SPIN_VAR_DIR:-$SPIN_ROOT/var}"
SPIN_RUN_DIR="$SPIN_VAR_DIR/run"
SPIN_LOG_DIR="$SPIN_VAR_DIR/log"
SPIN_DATA_DIR="$SPIN_VAR_DIR/data"
SPIN_SECRETS_DIR="$SPIN_VAR_DIR/secrets"

# A second checkout runs its own stack beside the first: `echo 100 > var/port-offset` (or
# SPIN_PORT_OFFSET=100) moves every port below by that much, for servers, services and tests.
SPIN_PORT_OFFSET="${SPIN_PORT_OFFSET:-$(cat "$SPIN_VAR_DIR/port-offset" 2>/dev/null || echo 0)}"
port() { echo $(( $1 + SPIN_PORT_OFFSET )); }

# The topology: how many Kafka brokers and MinIO drives. `KAFKA_BROKERS=3 MINIO_DRIVES=4 make up`
# chooses it; var/topology keeps the choice, so `make down`, `make status` and the next `make up`
# agree with what runs. The default, one broker and one drive, is the single-node stack.
SPIN_TOPOLOGY_FILE="$SPIN_VAR_DIR/topology"
saved_topology() { sed -n "s/^$1=//p" "$SPIN_TOPOLOGY_FILE" 2>/dev/null || true; }
KAFKA_BROKERS="${KAFKA_BROKERS:-$(saved_topology KAFKA_BROKERS)}"; KAFKA_BROKERS="${KAFKA_BROKERS:-1}"
MINIO_DRIVES="${MINIO_DRIVES:-$(saved_topology MINIO_DRIVES)}"; MINIO_DRIVES="${MINIO_DRIVES:-1}"
[[ "$KAFKA_BROKERS" =~ ^[1-9]$ ]] || { echo "KAFKA_BROKERS must be 1 to 9, not '$KAFKA_BROKERS'" >&2; exit 1; }
[[ "$MINIO_DRIVES" =~ ^(1|[4-9]|1[0-6])$ ]] || { echo "MINIO_DRIVES must be 1 or 4 to 16 (erasure coding), not '$MINIO_DRIVES'" >&2; exit 1; }
# Replication follows the brokers: three copies where three brokers run, and a write acked by
# all in-sync replicas needs two of them (one broker may be lost without losing a write).
KAFKA_REPLICATION_FACTOR=$(( KAFKA_BROKERS < 3 ? KAFKA_BROKERS : 3 ))
KAFKA_MIN_INSYNC_REPLICAS=$(( KAFKA_REPLICATION_FACTOR > 1 ? KAFKA_REPLICATION_FACTOR - 1 : 1 ))

KAFKA_VERSION="4.1.1"
KAFKA_HOME="$SPIN_CACHE_DIR/kafka-$KAFKA_VERSION"
KAFKA_PORT="${KAFKA_PORT:-$(port 19092)}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$(port 19093)}"
# Broker n (1..KAFKA_BROKERS) listens two ports above broker n-1: 19092/19093, 19094/19095, ...
kafka_port() { echo $(( KAFKA_PORT + 2 * ($1 - 1) )); }
kafka_controller_port() { echo $(( KAFKA_CONTROLLER_PORT + 2 * ($1 - 1) )); }
kafka_nodes() { seq 1 "$KAFKA_BROKERS"; }
KAFKA_BOOTSTRAP=$(for n in $(kafka_nodes); do printf '127.0.0.1:%s,' "$(kafka_port "$n")"; done)
KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP%,}"

# MinIO upstream was archived in 2026; this is the last commit the Go module proxy
# serves (the final release line, RELEASE.2025-10-15T17-29-55Z, plus archive commits).
MINIO_MODULE_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
MINIO_BIN="$SPIN_CACHE_DIR/minio-$MINIO_MODULE_VERSION/minio"
MINIO_PORT="${MINIO_PORT:-$(port 19000)}"
MINIO_CONSOLE_PORT="${MINIO_CONSOLE_PORT:-$(port 19001)}"

PG_BIN_DIR="${PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"
PG_PORT="${PG_PORT:-$(port 15432)}"

INGEST_PORT="${INGEST_PORT:-$(port 8101)}"
TRANSCODE_PORT="${TRANSCODE_PORT:-$(port 8102)}"
PLANNER_PORT="${PLANNER_PORT:-$(port 8103)}"
PORTAL_PORT="${PORTAL_PORT:-$(port 8104)}"

mkdir -p "$SPIN_CACHE_DIR" "$SPIN_RUN_DIR" "$SPIN_LOG_DIR" "$SPIN_DATA_DIR" "$SPIN_SECRETS_DIR"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

need() { # need <command> <what to install>
  command -v "$1" >/dev/null 2>&1 || die "'$1' is missing: $2"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free() { ! port_open "$1"; }

# Refuse to start on a port something else holds (our own pid file says otherwise).
claim_port() { # claim_port <name> <port>
  port_free "$2" || die "port $2 (for $1) is already taken by another process; free it or set ${1^^}_PORT"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # wait_for <name> <seconds> <log> <command...>
  local name=$1 secs=$2 log=$3; shift 3
  for _ in $(seq $((secs * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "--- last lines of $log ---" >&2
  tail -n 40 "$log" >&2 || true
  die "$name did not become ready within ${secs}s"
}

# Start a process in its own session so `down` can stop exactly its process group.
start_detached() { # start_detached <name> <command...>
  local name=$1; shift
  setsid "$@" >>"$SPIN_LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$SPIN_RUN_DIR/$name.pid"
}

stop_pidfile() { # stop_pidfile <name>: TERM the process group, then KILL after 20 s
  local pidfile="$SPIN_RUN_DIR/$1.pid"
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  local pid; pid=$(cat "$pidfile")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid" 2>/dev/null || true; }
  rm -f "$pidfile"
}
