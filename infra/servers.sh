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
    -e "s#^(SPIN_KAFKA_BOOTSTRAP=127\.0\.0\.1:)[0-9]+\$#\1$KAFKA_PORT#" \
    -e "s#^(SPIN_S3_ENDPOINT=127\.0\.0\.1:)[0-9]+\$#\1$MINIO_PORT#" \
    -e "s#^(SPIN_DATABASE_URL=postgresql\+asyncpg://[^@]*@127\.0\.0\.1:)[0-9]+(/spin)\$#\1$PG_PORT\2#" \
    "$LOCAL_ENV"
  # Added to a file made before it existed: the portal never signs cookies with the
  # development default, which is public.
  grep -q '^SPIN_SESSION_SECRET=' "$LOCAL_ENV" ||
    (umask 077; echo "SPIN_SESSION_SECRET=$(random_secret)$(random_secret)" >> "$LOCAL_ENV")
  ensure_kafka_credentials
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
SPIN_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
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

KAFKA_JAVA=(java -Xms256m -Xmx768m -XX:+UseG1GC
  "-Dlog4j2.configurationFile=$SPIN_ROOT/infra/kafka/log4j2.xml" -cp "$KAFKA_HOME/libs/*")

# Every client authenticates (SASL/SCRAM on the client listener) and is authorised by ACLs; only
# admin and the controller are super users. Admin may also sign in with PLAIN, a static
# credential of this file (the broker's own connections and provisioning use it: it holds before
# any SCRAM user exists). The file holds passwords, so only we read it.
write_kafka_config() {
  local controller_password; controller_password=$(cat "$KAFKA_SECRETS/controller.password")
  (umask 077; cat > "$KAFKA_DATA/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=CLIENT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=CLIENT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=CLIENT
sasl.enabled.mechanisms=$KAFKA_MECHANISM,PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.client.${KAFKA_MECHANISM,,}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.client.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$SPIN_KAFKA_PASSWORD" user_admin="$SPIN_KAFKA_PASSWORD";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$controller_password" user_controller="$controller_password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:controller
allow.everyone.if.no.acl.found=false
log.dirs=$KAFKA_DATA/logs
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
message.max.bytes=10485760
PROPS
  )
}

# SCRAM users and ACLs (a data folder from before SCRAM is upgraded in place, its topics and
# offsets kept), then the registered topics, as admin. Skipped
# when the plan (credentials and grants) is what was applied last time.
provision_kafka() {
  local plan marker="$KAFKA_DATA/provisioned.sha256"
  plan="user admin $SPIN_KAFKA_PASSWORD"$'\n'
  for name in "${KAFKA_SERVICES[@]}"; do
    plan+="user $(kafka_credential "$name" USERNAME) $(kafka_credential "$name" PASSWORD)"$'\n'
  done
  plan+=$(cd "$SPIN_ROOT" && uv run --frozen --quiet python -m spincore.kafka_access acls --prefix "${SPIN_TOPIC_PREFIX:-}")
  if [ "$(sha256sum <<<"$plan" | cut -d' ' -f1)" != "$(cat "$marker" 2>/dev/null)" ]; then
    say "applying Kafka users and ACLs"
    PROVISION_ADMIN_PASSWORD="$SPIN_KAFKA_PASSWORD" \
      "${KAFKA_JAVA[@]}" "$SPIN_ROOT/infra/kafka/Provision.java" \
      "127.0.0.1:$KAFKA_PORT" "$KAFKA_MECHANISM" <<<"$plan" >>"$SPIN_LOG_DIR/kafka.log" 2>&1 \
      || { tail -n 20 "$SPIN_LOG_DIR/kafka.log" >&2; die "applying Kafka users and ACLs failed"; }
    sha256sum <<<"$plan" | cut -d' ' -f1 > "$marker"
  fi
  (cd "$SPIN_ROOT" && uv run --frozen --quiet python -m spincore.kafka_access topics) \
    || die "creating the Kafka topics failed"
}

start_kafka() {
  if pid_alive "$SPIN_RUN_DIR/kafka.pid"; then
    grep -q '^authorizer.class.name=' "$KAFKA_DATA/server.properties" && return 0
    say "restarting Kafka with authentication and ACLs (its data is kept)"
    stop_pidfile kafka
  fi
  claim_port kafka "$KAFKA_PORT"; claim_port kafka-controller "$KAFKA_CONTROLLER_PORT"
  mkdir -p "$KAFKA_DATA"
  write_kafka_config
  if [ ! -f "$KAFKA_DATA/logs/meta.properties" ]; then
    say "formatting Kafka storage (KRaft)"
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format --cluster-id="$(python3 -c 'import base64,uuid;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
      -c "$KAFKA_DATA/server.properties" >>"$SPIN_LOG_DIR/kafka.log" 2>&1 \
      || { tail -n 40 "$SPIN_LOG_DIR/kafka.log" >&2; die "Kafka storage format failed"; }
  fi
  say "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT"
  start_detached kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DATA/server.properties"
  wait_for kafka 90 "$SPIN_LOG_DIR/kafka.log" port_open "$KAFKA_PORT"
}

start_minio() {
  pid_alive "$SPIN_RUN_DIR/minio.pid" && return 0
  claim_port minio "$MINIO_PORT"; claim_port minio-console "$MINIO_CONSOLE_PORT"
  mkdir -p "$MINIO_DATA"
  ensure_kms_key
  say "starting MinIO on 127.0.0.1:$MINIO_PORT (encrypting at rest)"
  MINIO_ROOT_USER="$SPIN_S3_ACCESS_KEY" MINIO_ROOT_PASSWORD="$SPIN_S3_SECRET_KEY" \
  MINIO_KMS_SECRET_KEY="$(cat "$MINIO_KMS_KEY_FILE")" \
  MINIO_BROWSER=off MINIO_UPDATE=off \
    start_detached minio "$MINIO_BIN" server --quiet --address "127.0.0.1:$MINIO_PORT" \
    --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" "$MINIO_DATA"
  wait_for minio 60 "$SPIN_LOG_DIR/minio.log" curl -fsS "http://127.0.0.1:$MINIO_PORT/minio/health/ready"
}

servers_up() {
  ensure_local_env; load_local_env
  start_postgres
  start_kafka
  provision_kafka
  start_minio
}

servers_down() {
  [ -f "$LOCAL_ENV" ] && load_local_env
  for s in minio kafka; do
    pid_alive "$SPIN_RUN_DIR/$s.pid" && say "stopping $s"
    stop_pidfile "$s"
  done
  stop_postgres
}
