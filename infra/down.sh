#!/usr/bin/env bash
# make down: stop exactly what `make up` started (pid files; never by process name). Data stays.
source "$(dirname "$0")/services.sh"
services_down
servers_down
say "stopped; data kept in $SPIN_DATA_DIR"
