#!/usr/bin/env bash
# make up (after `make install`): start the servers and the four services, wait until ready.
source "$(dirname "$0")/services.sh"
started=$(date +%s)
servers_up
services_up
cat <<INFO

SPIN VIG stack is up ($(( $(date +%s) - started ))s). Everything listens on 127.0.0.1.
  ingest     http://127.0.0.1:$INGEST_PORT     (tus uploads: /files/, docs: /docs)
  transcode  http://127.0.0.1:$TRANSCODE_PORT     (docs: /docs)
  planner    http://127.0.0.1:$PLANNER_PORT     (docs: /docs)
  portal     http://127.0.0.1:$PORTAL_PORT     (web UI)
  kafka      $KAFKA_BOOTSTRAP ($KAFKA_BROKERS broker(s))   minio (S3) http://127.0.0.1:$MINIO_PORT ($MINIO_DRIVES drive(s))   postgresql 127.0.0.1:$PG_PORT
Credentials: $LOCAL_ENV (generated, git-ignored); token signing keys: $SPIN_SECRETS_DIR/auth-*.pem
Logs: make logs (files in $SPIN_LOG_DIR)   Status: make status   Stop: make down
INFO
