#!/bin/sh
# docker compose's kafka-users step: the SCRAM users (admin and one per service) and the ACLs of
# infra/kafka/acls.txt (`python -m spincore.kafka_access acls`; tests/unit checks it is current),
# applied as admin over PLAIN (the broker's static credential). Re-running it changes nothing;
# an ACL removed from the file must also be removed by hand (kafka-acls.sh --remove).
# Passwords come from SPIN_KAFKA_<USER>_PASSWORD (letters, digits, - and _).
set -euf  # -f: KAFKA_RUN may hold a class path with a glob
RUN="${KAFKA_RUN:-/opt/kafka/bin/kafka-run-class.sh}"
BOOTSTRAP="${KAFKA_ADMIN_BOOTSTRAP:-kafka:29092}"
ACLS="${KAFKA_ACLS:-/provision/acls.txt}"
config=$(mktemp)
trap 'rm -f "$config"' EXIT
cat > "$config" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$SPIN_KAFKA_ADMIN_PASSWORD";
PROPS
for user in admin ingest transcode planner portal; do
  password=$(printenv "SPIN_KAFKA_$(echo "$user" | tr a-z A-Z)_PASSWORD")
  $RUN kafka.admin.ConfigCommand --bootstrap-server "$BOOTSTRAP" --command-config "$config" \
    --alter --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]"
done
# One call per principal, resource type and operation (a call grants every operation it names
# on every resource it names).
awk '$1 == "acl" { k = $2 " " $5 " " $3; names[k] = names[k] " --" tolower($3) " " $4 }
     END { for (k in names) { split(k, f, " "); print f[1], f[2], names[k] } }' "$ACLS" |
while read -r principal operation resources; do
  # shellcheck disable=SC2086 # resources: several "--topic <name>" words
  $RUN org.apache.kafka.tools.AclCommand --bootstrap-server "$BOOTSTRAP" --command-config "$config" \
    --add --allow-principal "$principal" --operation "$operation" $resources >/dev/null
done
echo "kafka: SCRAM users and ACLs applied"
