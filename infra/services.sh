# Start/stop functions for the four Python services. Sourced.
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

SERVICES=(ingest transcode planner portal)

service_port() { local var="${1^^}_PORT"; echo "${!var}"; }

ensure_auth_keys() {
  [ -f "$SPIN_SECRETS_DIR/auth-private.pem" ] && return 0
  (cd "$SPIN_ROOT" && uv run --frozen spin-auth keygen --out-dir "$SPIN_SECRETS_DIR" >/dev/null)
}

start_service() { # start_service <name>
  local name=$1 port; port=$(service_port "$1")
  pid_alive "$SPIN_RUN_DIR/$name.pid" && return 0
  claim_port "$name" "$port"
  # Its own Kafka principal replaces the operator's of local.env in its environment.
  SPIN_KAFKA_USERNAME="$(kafka_credential "$name" USERNAME)" \
    SPIN_KAFKA_PASSWORD="$(kafka_credential "$name" PASSWORD)" \
    SPIN_SERVICE_NAME="$name" SPIN_HTTP_PORT="$port" SPIN_DB_SCHEMA="$name" \
    SPIN_PLANNER_URL="${SPIN_PLANNER_URL:-http://127.0.0.1:$PLANNER_PORT}" \
    SPIN_PORTAL_URL="${SPIN_PORTAL_URL:-http://127.0.0.1:$PORTAL_PORT}" \
    SPIN_INGEST_PUBLIC_URL="${SPIN_INGEST_PUBLIC_URL:-http://127.0.0.1:$INGEST_PORT}" \
    start_detached "$name" "$SPIN_ROOT/infra/supervise.sh" "$name" \
    "$SPIN_ROOT/.venv/bin/spin-$name"
}

services_up() {
  (cd "$SPIN_ROOT" && uv sync --frozen --quiet)
  ensure_auth_keys
  for name in "${SERVICES[@]}"; do start_service "$name"; done
  for name in "${SERVICES[@]}"; do
    wait_for "$name" 120 "$SPIN_LOG_DIR/$name.log" \
      curl -fsS "http://127.0.0.1:$(service_port "$name")/readyz"
  done
}

services_down() {
  for name in "${SERVICES[@]}"; do
    pid_alive "$SPIN_RUN_DIR/$name.pid" && say "stopping $name"
    stop_pidfile "$name"
  done
}
