#!/usr/bin/env bash
# supervise.sh <name> <command...>: run a service, restarting it with backoff when it dies.
# Runs as the leader of its own process group; `down` stops the group by pid.
name=$1; shift
child=0
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
backoff=1
while true; do
  started=$(date +%s)
  "$@" &
  child=$!
  wait "$child"
  status=$?
  echo "{\"event\": \"supervisor: $name exited with status $status, restarting in ${backoff}s\"}"
  sleep "$backoff"
  if [ $(( $(date +%s) - started )) -gt 60 ]; then backoff=1; else backoff=$(( backoff < 30 ? backoff * 2 : 30 )); fi
done
