#!/usr/bin/env bash
# make status: one line per process: running or not, pid, readiness.
source "$(dirname "$0")/services.sh"
row() { printf '%-10s %-8s %-8s %s\n' "$@"; }
echo "topology: KAFKA_BROKERS=$KAFKA_BROKERS MINIO_DRIVES=$MINIO_DRIVES (replication factor $KAFKA_REPLICATION_FACTOR, min.insync.replicas $KAFKA_MIN_INSYNC_REPLICAS)"
row NAME STATE PID DETAIL
for node in $(kafka_nodes); do
  name=$(kafka_name "$node")
  if pid_alive "$SPIN_RUN_DIR/$name.pid"; then row "$name" running "$(cat "$SPIN_RUN_DIR/$name.pid")" "127.0.0.1:$(kafka_port "$node")"
  else row "$name" stopped - ""; fi
done
if pid_alive "$SPIN_RUN_DIR/minio.pid"; then row minio running "$(cat "$SPIN_RUN_DIR/minio.pid")" "$(minio_drives)"
else row minio stopped - ""; fi
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
