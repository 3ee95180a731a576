# Start/stop functions for the real servers (PostgreSQL, Kafka, MinIO). Sourced.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

LOCAL_ENV="$SPIN_SECRETS_DIR/local.env"
PG_DATA="$SPIN_DATA_DIR/postgres"
KAFKA_DATA="$SPIN_DATA_DIR/kafka"
MINIO_DATA="$SPIN_DATA_DIR/minio"

random_secret() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }

# Credentials are generated once per checkout and kept in var/secrets (git-ignored).
ensure_local_env() {
  [ -f "$LOCAL_ENV" ] || new_local_env
  # The ports follow var/port-offset, which may have been set after the file was made; the
  # credentials stay as they were.
  sed -i -E \
    -e "s#^SPIN_KAFKA_BOOTSTRAP=127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+)*\$#SPIN_KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP#" \
    -e "s#^(SPIN_S3_ENDPOINT=127\.0\.0\.1:)[0-9]+\$#\1$MINIO_PORT#" \
    -e "s#^(SPIN_DATABASE_URL=postgresql\+asyncpg://[^@]*@127\.0\.0\.1:)[0-9]+(/spin)\$#\1$PG_PORT\2#" \
    "$LOCAL_ENV"
  # Added to a file made before it existed: the portal never signs cookies with the
  # development default, which is public.
  grep -q '^SPIN_SESSION_SECRET=' "$LOCAL_ENV" ||
    (umask 077; echo "SPIN_SESSION_SECRET=$(random_secret)$(random_secret)" >> "$LOCAL_ENV")
  ensure_kafka_credentials
  ensure_topology_settings
}

# The topics' replication follows the topology (env.sh); every process that creates topics
# reads it from here.
ensure_topology_settings() {
  sed -i -E '/^SPIN_KAFKA_(REPLICATION_FACTOR|MIN_INSYNC_REPLICAS)=/d' "$LOCAL_ENV"
  printf 'SPIN_KAFKA_REPLICATION_FACTOR=%s\nSPIN_KAFKA_MIN_INSYNC_REPLICAS=%s\n' \
    "$KAFKA_REPLICATION_FACTOR" "$KAFKA_MIN_INSYNC_REPLICAS" >> "$LOCAL_ENV"
}

# A topology is changed only while nothing runs (the other one's servers would hold the ports).
choose_topology() {
  local wanted="KAFKA_BROKERS=$KAFKA_BROKERS"$'\n'"MINIO_DRIVES=$MINIO_DRIVES"
  [ "$wanted" = "$(cat "$SPIN_TOPOLOGY_FILE" 2>/dev/null)" ] && return 0
  if [ -f "$SPIN_TOPOLOGY_FILE" ] || [ "$wanted" != $'KAFKA_BROKERS=1\nMINIO_DRIVES=1' ]; then
    local pidfile
    for pidfile in "$SPIN_RUN_DIR"/kafka*.pid "$SPIN_RUN_DIR"/minio.pid; do
      pid_alive "$pidfile" && die "the stack runs as $(tr '\n' ' ' < "$SPIN_TOPOLOGY_FILE" 2>/dev/null || echo 'KAFKA_BROKERS=1 MINIO_DRIVES=1'); 'make down' before changing it"
    done
  fi
  echo "$wanted" > "$SPIN_TOPOLOGY_FILE"
}

# Kafka principals (SASL/SCRAM): local.env holds the operator's (admin: a super user, for infra,
# tests and the ops commands); each service gets only its own file, var/secrets/kafka/<name>.env,
# and its ACLs (spincore.kafka_access). The controller listener has a PLAIN principal of its own.
KAFKA_SECRETS="$SPIN_SECRETS_DIR/kafka"
KAFKA_SERVICES=(ingest transcode planner portal)
KAFKA_MECHANISM=SCRAM-SHA-512
ensure_kafka_credentials() {
  (umask 077; mkdir -p "$KAFKA_SECRETS")
  grep -q '^SPIN_KAFKA_USERNAME=' "$LOCAL_ENV" ||
    (umask 077; printf 'SPIN_KAFKA_USERNAME=admin\nSPIN_KAFKA_PASSWORD=%s\n' "$(random_secret)" >> "$LOCAL_ENV")
  local name
  for name in "${KAFKA_SERVICES[@]}"; do
    [ -f "$KAFKA_SECRETS/$name.env" ] || (umask 077
      printf 'SPIN_KAFKA_USERNAME=%s\nSPIN_KAFKA_PASSWORD=%s\n' "$name" "$(random_secret)" > "$KAFKA_SECRETS/$name.env")
  done
  [ -f "$KAFKA_SECRETS/controller.password" ] ||
    (umask 077; random_secret > "$KAFKA_SECRETS/controller.password")
}

kafka_credential() { # kafka_credential <service> <USERNAME|PASSWORD>
  sed -n "s/^SPIN_KAFKA_$2=//p" "$KAFKA_SECRETS/$1.env"
}

new_local_env() {
  umask 077
  cat > "$LOCAL_ENV" <<ENV
SPIN_ENV=development
SPIN_KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP
SPIN_S3_ENDPOINT=127.0.0.1:$MINIO_PORT
SPIN_S3_ACCESS_KEY=spin-$(random_secret | tr -dc 'a-z0-9' | head -c 8)
SPIN_S3_SECRET_KEY=$(random_secret)
SPIN_DATABASE_URL=postgresql+asyncpg://spin:$(random_secret)@127.0.0.1:$PG_PORT/spin
SPIN_AUTH_PUBLIC_KEY_FILE=$SPIN_SECRETS_DIR/auth-public.pem
SPIN_AUTH_PRIVATE_KEY_FILE=$SPIN_SECRETS_DIR/auth-private.pem
ENV
}

load_local_env() { set -a; source "$LOCAL_ENV"; set +a; }

# MinIO's KMS key (encryption at rest, SSE-S3): `<name>:<base64 of 32 random bytes>`, made once.
# Its own file, so checkouts whose local.env predates it get one too. Losing it loses the data.
MINIO_KMS_KEY_FILE="$SPIN_SECRETS_DIR/minio-kms.key"
ensure_kms_key() {
  [ -f "$MINIO_KMS_KEY_FILE" ] && return 0
  (umask 077; python3 -c 'import base64, secrets; print("spin-local:" + base64.b64encode(secrets.token_bytes(32)).decode())' > "$MINIO_KMS_KEY_FILE")
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

db_password() { sed -E 's#.*://spin:([^@]*)@.*#\1#' <<<"$SPIN_DATABASE_URL"; }

start_postgres() {
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "initialising PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$PG_DATA"
    local pwfile; pwfile=$(mktemp); db_password > "$pwfile"; chmod 644 "$pwfile"
    as_postgres "$PG_BIN_DIR/initdb" -D "$PG_DATA" -U spin --pwfile="$pwfile" \
      --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if as_postgres "$PG_BIN_DIR/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then return 0; fi
  claim_port postgres "$PG_PORT"
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  touch "$SPIN_LOG_DIR/postgres.log"; [ "$(id -u)" = 0 ] && chown postgres: "$SPIN_LOG_DIR/postgres.log"
  as_postgres "$PG_BIN_DIR/pg_ctl" -D "$PG_DATA" -l "$SPIN_LOG_DIR/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=300 -c fsync=on" start >/dev/null \
    || { tail -n 40 "$SPIN_LOG_DIR/postgres.log" >&2; die "PostgreSQL failed to start"; }
  PGPASSWORD="$(db_password)" "$PG_BIN_DIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U spin -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='spin'" | grep -q 1 \
    || PGPASSWORD="$(db_password)" "$PG_BIN_DIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U spin spin
}

stop_postgres() {
  [ -f "$PG_DATA/postmaster.pid" ] || return 0
  say "stopping PostgreSQL"
  as_postgres "$PG_BIN_DIR/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
}

source "$(dirname "${BASH_SOURCE[0]}")/kafka.sh"

# One drive folder, or MINIO_DRIVES of them erasure-coded (MinIO's `dir{1...4}` expansion): an
# object stays readable with up to half of them gone (parity EC:2 of four).
minio_drives() {
  if [ "$MINIO_DRIVES" = 1 ]; then echo "$MINIO_DATA"; else echo "$MINIO_DATA-drives/drive{1...$MINIO_DRIVES}"; fi
}

start_minio() {
  pid_alive "$SPIN_RUN_DIR/minio.pid" && return 0
  claim_port minio "$MINIO_PORT"; claim_port minio-console "$MINIO_CONSOLE_PORT"
  if [ "$MINIO_DRIVES" = 1 ]; then mkdir -p "$MINIO_DATA"
  else for n in $(seq 1 "$MINIO_DRIVES"); do mkdir -p "$MINIO_DATA-drives/drive$n"; done; fi
  ensure_kms_key
  say "starting MinIO on 127.0.0.1:$MINIO_PORT over $MINIO_DRIVES drive folder(s) (encrypting at rest)"
  # The drive folders share the root disk, which MinIO refuses to erasure-code without MINIO_CI_CD.
  local ci_cd=""; [ "$MINIO_DRIVES" = 1 ] || ci_cd=on
  MINIO_ROOT_USER="$SPIN_S3_ACCESS_KEY" MINIO_ROOT_PASSWORD="$SPIN_S3_SECRET_KEY" \
  MINIO_KMS_SECRET_KEY="$(cat "$MINIO_KMS_KEY_FILE")" \
  MINIO_BROWSER=off MINIO_UPDATE=off MINIO_CI_CD="$ci_cd" \
    start_detached minio "$MINIO_BIN" server --quiet --address "127.0.0.1:$MINIO_PORT" \
    --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" "$(minio_drives)"
  wait_for minio 60 "$SPIN_LOG_DIR/minio.log" curl -fsS "http://127.0.0.1:$MINIO_PORT/minio/health/ready"
}

servers_up() {
  choose_topology
  ensure_local_env; load_local_env
  start_postgres
  start_kafka
  provision_kafka
  start_minio
}

servers_down() {
  [ -f "$LOCAL_ENV" ] && load_local_env
  pid_alive "$SPIN_RUN_DIR/minio.pid" && say "stopping minio"
  stop_pidfile minio
  stop_kafka
  stop_postgres
}
