#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The lab's automatic failover: ansible-rulebook with the collection's failover rulebook
# (extensions/eda/rulebooks/mysql_failover.yml), listening for the lab Alertmanager's webhook
# on this machine's address on the lab's private network (lab_eda_address:lab_eda_port,
# inventories/lab/host_vars/lab-mon1/eda.yml). It runs here, not on the monitoring host,
# because the lab's Ansible reaches the containers through this machine's Docker engine.
#
#   lab/eda.sh start     start it unless it runs (make lab does); waits until it listens
#   lab/eda.sh stop      stop it (make lab-down does)
#   lab/eda.sh status
#
# Logs: build/lab/eda/rulebook.log (events, actions), build/lab/eda/playbooks.log (the
# playbooks it ran). ansible-rulebook needs Java: Debian's default-jre-headless, installed here
# when missing (as root).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/.venv/bin:$PATH" ANSIBLE_FORCE_COLOR=false ANSIBLE_NOCOLOR=1
STATE=$ROOT/build/lab/eda
PIDFILE=$STATE/rulebook.pid
mkdir -p "$STATE"

log() { printf '[lab] %s\n' "$*" >&2; }
running() { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

# host:port the webhook listens on, from the lab inventory (one place for both).
listen_address() {
  ANSIBLE_CALLBACK_RESULT_FORMAT=json ansible lab-mon1 -i inventories/lab -m ansible.builtin.debug \
    -a 'msg=EDA={{ lab_eda_address }}:{{ lab_eda_port }}' 2>/dev/null | sed -n 's/.*EDA=\([0-9a-f.:]*\).*/\1/p'
}

start() {
  if running; then
    log "EDA: ansible-rulebook runs already (pid $(cat "$PIDFILE"))"
    return 0
  fi
  tools/ensure-debian-package.sh java default-jre-headless  # ansible-rulebook needs Java
  local address host port
  address=$(listen_address)
  [ -n "$address" ] || { log "EDA: cannot read lab_eda_address from inventories/lab (is the lab up?)"; exit 1; }
  host=${address%:*}
  port=${address##*:}
  printf 'alertmanager_host: %s\nalertmanager_port: %s\n' "$host" "$port" >"$STATE/vars.yml"
  # The playbooks run through ansible-runner in a directory of their own: point them at this
  # checkout's ansible.cfg and collections (foobar.webstack is the working tree).
  # ansible-rulebook copies the inventory: WEBSTACK_LAB_STATE keeps the lab's state directory
  # (and the internal CA in it, inventories/lab/group_vars/all/lab.yml) where make lab has it.
  WEBSTACK_LAB_STATE=$ROOT/build/lab ANSIBLE_CONFIG=$ROOT/ansible.cfg ANSIBLE_LOG_PATH=$STATE/playbooks.log \
    ANSIBLE_COLLECTIONS_PATH="$(tools/link-collection.sh)" \
    setsid nohup ansible-rulebook --rulebook foobar.webstack.mysql_failover -i "$ROOT/inventories/lab" \
    --vars "$STATE/vars.yml" --print-events -v >>"$STATE/rulebook.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + 90))
  until curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{}' "http://$address/" 2>/dev/null; do
    if ! running || [ "$SECONDS" -ge "$deadline" ]; then
      log "EDA: ansible-rulebook did not start listening on $address; the end of $STATE/rulebook.log:"
      tail -n 30 "$STATE/rulebook.log" >&2
      exit 1
    fi
    sleep 1
  done
  log "EDA: ansible-rulebook listens on $address for Alertmanager (log: ${STATE#"$ROOT"/}/rulebook.log)"
}

stop() {
  if running; then
    kill -- "-$(cat "$PIDFILE")" 2>/dev/null || kill "$(cat "$PIDFILE")" 2>/dev/null || true
    log "EDA: ansible-rulebook stopped"
  fi
  rm -f "$PIDFILE"
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$PIDFILE"))"; else echo "stopped"; exit 3; fi ;;
  *) log "usage: lab/eda.sh start|stop|status"; exit 2 ;;
esac
