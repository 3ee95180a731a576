#!/usr/bin/env bash
# Starts only the real servers (PostgreSQL, Kafka, MinIO); the test harness uses this.
source "$(dirname "$0")/servers.sh"
"$SPIN_ROOT/infra/install.sh"
servers_up
