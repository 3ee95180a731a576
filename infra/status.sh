#!/usr/bin/env bash
# make status: one line per process: running or not, pid, readiness.
source "$(dirname "$0")/services.sh"
row() { printf '%-10s %-8s %-8s %s\n' "$@"; }
row NAME STATE PID DETAIL
for name in kafka minio; do
  if pid_alive "$SPIN_RUN_DIR/$name.pid"; then row "$name" running "$(cat "$SPIN_RUN_DIR/$name.pid")" ""
  else row "$name" stopped - ""; fi
done
if [ -f "$SPIN_DATA_DIR/postgres/postmaster.pid" ]; then
  row postgres running "$(head -1 "$SPIN_DATA_DIR/postgres/postmaster.pid")" "127.0.0.1:$PG_PORT"
else row postgres stopped - ""; fi
for name in "${SERVICES[@]}"; do
  port=$(service_port "$name")
  if pid_alive "$SPIN_RUN_DIR/$name.pid"; then
    ready=$(curl -s "http://127.0.0.1:$port/readyz" || echo "not answering")
    row "$name" running "$(cat "$SPIN_RUN_DIR/$name.pid")" "$ready"
  else row "$name" stopped - ""; fi
done
