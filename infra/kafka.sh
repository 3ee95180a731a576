# Kafka for the local stack: one KRaft node (broker and controller), or KAFKA_BROKERS of them as
# one cluster whose controllers form the quorum. Sourced by servers.sh.

# A single node keeps its folder of old; a cluster has its own (a node formatted for a quorum of
# one cannot join a quorum of three), one folder per node.
kafka_data() { # kafka_data <node>
  if [ "$KAFKA_BROKERS" = 1 ]; then echo "$KAFKA_DATA"; else echo "$KAFKA_DATA-cluster/node-$1"; fi
}
kafka_name() { if [ "$KAFKA_BROKERS" = 1 ]; then echo kafka; else echo "kafka-$1"; fi; }
kafka_voters() {
  local n voters=""
  for n in $(kafka_nodes); do voters+="$n@127.0.0.1:$(kafka_controller_port "$n"),"; done
  echo "${voters%,}"
}
KAFKA_PROVISIONED="$(kafka_data 1)/provisioned.sha256"

# Three JVMs share the machine with everything else: a smaller heap each.
KAFKA_HEAP=$([ "$KAFKA_BROKERS" = 1 ] && echo 768m || echo 512m)
KAFKA_JAVA=(java -Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC
  "-Dlog4j2.configurationFile=$SPIN_ROOT/infra/kafka/log4j2.xml" -cp "$KAFKA_HOME/libs/*")

# Every client authenticates (SASL/SCRAM on the client listener) and is authorised by ACLs; only
# admin and the controller are super users. Admin may also sign in with PLAIN, a static
# credential of this file (the brokers' own connections and provisioning use it: it holds before
# any SCRAM user exists). The file holds passwords, so only we read it.
write_kafka_config() { # write_kafka_config <node>
  local node=$1 data port cport controller_password
  data=$(kafka_data "$node"); port=$(kafka_port "$node"); cport=$(kafka_controller_port "$node")
  controller_password=$(cat "$KAFKA_SECRETS/controller.password")
  (umask 077; cat > "$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=$node
controller.quorum.voters=$(kafka_voters)
listeners=CLIENT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=CLIENT://127.0.0.1:$port
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
log.dirs=$data/logs
num.partitions=3
auto.create.topics.enable=false
default.replication.factor=$KAFKA_REPLICATION_FACTOR
offsets.topic.replication.factor=$KAFKA_REPLICATION_FACTOR
transaction.state.log.replication.factor=$KAFKA_REPLICATION_FACTOR
transaction.state.log.min.isr=$KAFKA_MIN_INSYNC_REPLICAS
share.coordinator.state.topic.replication.factor=$KAFKA_REPLICATION_FACTOR
share.coordinator.state.topic.min.isr=$KAFKA_MIN_INSYNC_REPLICAS
group.initial.rebalance.delay.ms=0
message.max.bytes=10485760
PROPS
  )
}

# SCRAM users and ACLs (a data folder from before SCRAM is upgraded in place, its topics and
# offsets kept), then the registered topics (replicated as the topology says), as admin.
# Skipped when the plan (credentials and grants) is what was applied last time.
provision_kafka() {
  local plan name
  plan="user admin $SPIN_KAFKA_PASSWORD"$'\n'
  for name in "${KAFKA_SERVICES[@]}"; do
    plan+="user $(kafka_credential "$name" USERNAME) $(kafka_credential "$name" PASSWORD)"$'\n'
  done
  plan+=$(cd "$SPIN_ROOT" && uv run --frozen --quiet python -m spincore.kafka_access acls --prefix "${SPIN_TOPIC_PREFIX:-}")
  if [ "$(sha256sum <<<"$plan" | cut -d' ' -f1)" != "$(cat "$KAFKA_PROVISIONED" 2>/dev/null)" ]; then
    say "applying Kafka users and ACLs"
    PROVISION_ADMIN_PASSWORD="$SPIN_KAFKA_PASSWORD" \
      "${KAFKA_JAVA[@]}" "$SPIN_ROOT/infra/kafka/Provision.java" \
      "$KAFKA_BOOTSTRAP" "$KAFKA_MECHANISM" <<<"$plan" >>"$SPIN_LOG_DIR/$(kafka_name 1).log" 2>&1 \
      || { tail -n 20 "$SPIN_LOG_DIR/$(kafka_name 1).log" >&2; die "applying Kafka users and ACLs failed"; }
    sha256sum <<<"$plan" | cut -d' ' -f1 > "$KAFKA_PROVISIONED"
  fi
  (cd "$SPIN_ROOT" && uv run --frozen --quiet python -m spincore.kafka_access topics) \
    || die "creating the Kafka topics failed"
}

new_cluster_id() {
  python3 -c 'import base64,uuid;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))'
}

# Every node of a cluster is formatted with the same cluster id (kept beside the nodes).
format_kafka_node() { # format_kafka_node <node> <log>
  local data cluster_id_file cluster_id
  data=$(kafka_data "$1"); cluster_id_file="$(dirname "$data")/cluster.id"
  [ -f "$data/logs/meta.properties" ] && return 0
  if [ "$KAFKA_BROKERS" = 1 ]; then cluster_id=$(new_cluster_id)
  else [ -f "$cluster_id_file" ] || new_cluster_id > "$cluster_id_file"; cluster_id=$(cat "$cluster_id_file"); fi
  say "formatting Kafka storage (KRaft) of $(kafka_name "$1")"
  "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format --cluster-id="$cluster_id" \
    -c "$data/server.properties" >>"$2" 2>&1 \
    || { tail -n 40 "$2" >&2; die "Kafka storage format failed"; }
}

start_kafka_node() { # start_kafka_node <node>: start it unless it runs
  local node=$1 name data log
  name=$(kafka_name "$node"); data=$(kafka_data "$node"); log="$SPIN_LOG_DIR/$name.log"
  if pid_alive "$SPIN_RUN_DIR/$name.pid"; then
    grep -q '^authorizer.class.name=' "$data/server.properties" && return 0
    say "restarting Kafka with authentication and ACLs (its data is kept)"
    stop_pidfile "$name"
  fi
  claim_port "$name" "$(kafka_port "$node")"; claim_port "$name-controller" "$(kafka_controller_port "$node")"
  mkdir -p "$data"
  write_kafka_config "$node"
  format_kafka_node "$node" "$log"
  say "starting Kafka $KAFKA_VERSION node $node of $KAFKA_BROKERS on 127.0.0.1:$(kafka_port "$node")"
  start_detached "$name" "${KAFKA_JAVA[@]}" kafka.Kafka "$data/server.properties"
}

# The nodes start together (a quorum of three elects its leader only once two of them answer).
start_kafka() {
  local node
  for node in $(kafka_nodes); do start_kafka_node "$node"; done
  for node in $(kafka_nodes); do
    wait_for "$(kafka_name "$node")" 90 "$SPIN_LOG_DIR/$(kafka_name "$node").log" port_open "$(kafka_port "$node")"
  done
}

# Every Kafka pid file, whatever the topology: `down` stops what runs, not what is configured.
stop_kafka() {
  local pidfile name
  for pidfile in "$SPIN_RUN_DIR"/kafka.pid "$SPIN_RUN_DIR"/kafka-[0-9]*.pid; do
    [ -f "$pidfile" ] || continue
    name=$(basename "$pidfile" .pid)
    pid_alive "$pidfile" && say "stopping $name"
    stop_pidfile "$name"
  done
}
