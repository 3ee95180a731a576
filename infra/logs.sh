#!/usr/bin/env bash
# make logs [NAME=service]: follow the logs of everything, or of one process.
source "$(dirname "$0")/env.sh"
if [ -n "${1:-}" ]; then exec tail -n 100 -F "$SPIN_LOG_DIR/$1.log"; fi
exec tail -n 20 -F "$SPIN_LOG_DIR"/*.log
