#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs extensions/eda/rulebooks/mysql_failover.yml under a real ansible-rulebook and feeds it
# Alertmanager webhooks: a resolved MySQLPrimaryDown, another alert firing, then MySQLPrimaryDown
# firing three times. The failover playbook must start exactly once (the throttle), and nothing
# else. The playbook runs against an inventory with no database hosts, so it stops at its first
# check, which is what is counted.
#
#   RULEBOOK_VENV=/path/to/venv-with-ansible-rulebook tests/eda/check_rulebook.sh
#
# ansible-rulebook (PyPI) needs a Java runtime (Debian: default-jre-headless). Where the ansible.eda
# collection is not installed, tests/eda/alertmanager_stub.py stands in for its alertmanager source.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${RULEBOOK_VENV:?set RULEBOOK_VENV to a virtualenv with ansible-rulebook}
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
PORT=${PORT:-5099}

mkdir -p "$WORK/collections/ansible_collections/foobar"
ln -s "$ROOT" "$WORK/collections/ansible_collections/foobar/webstack"
EDA=$(find "$VENV" "$HOME/.ansible" "$ROOT/.venv/" -path '*ansible_collections/ansible/eda' -type d 2>/dev/null | head -1 || true)
if [ -z "$EDA" ]; then
  STUB=$WORK/collections/ansible_collections/ansible/eda
  mkdir -p "$STUB/extensions/eda/plugins/event_source"
  cp "$ROOT/tests/eda/alertmanager_stub.py" "$STUB/extensions/eda/plugins/event_source/alertmanager.py"
  printf 'namespace: ansible\nname: eda\nversion: 0.0.0\n' > "$STUB/galaxy.yml"
  echo "ansible.eda not installed: using tests/eda/alertmanager_stub.py as its alertmanager source"
fi
printf 'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n' > "$WORK/inventory.yml"
printf 'alertmanager_host: 127.0.0.1\nalertmanager_port: %s\n' "$PORT" > "$WORK/vars.yml"

# The playbook's own dependencies (community.mysql, community.general): the project's virtualenv.
DEPS=$(find -L "$ROOT/.venv/lib" -maxdepth 2 -name site-packages -type d 2>/dev/null | head -1 || true)
cd "$WORK"
ANSIBLE_LOG_PATH=$WORK/ansible.log ANSIBLE_COLLECTIONS_PATH=$WORK/collections${DEPS:+:$DEPS} PATH=$VENV/bin:$PATH \
  "$VENV/bin/ansible-rulebook" --rulebook foobar.webstack.mysql_failover -i "$WORK/inventory.yml" \
  --vars "$WORK/vars.yml" --print-events -v > "$WORK/rulebook.log" 2>&1 &
PID=$!
for _ in $(seq 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" -d '{}' -H 'Content-Type: application/json' 2>/dev/null && break
  sleep 1
done

alert() {  # name status
  curl -fsS -o /dev/null -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/alerts" -d "{
    \"receiver\": \"webstack-eda\", \"status\": \"$2\", \"groupLabels\": {\"alertname\": \"$1\"},
    \"alerts\": [{\"status\": \"$2\", \"labels\": {\"alertname\": \"$1\", \"severity\": \"critical\",
      \"instance\": \"db-01:9104\"}, \"annotations\": {\"summary\": \"test\"}, \"startsAt\": \"2026-01-01T00:00:00Z\"}]}"
}
alert MySQLPrimaryDown resolved
alert MySQLReplicationLag firing
alert MySQLPrimaryDown firing
alert MySQLPrimaryDown firing
alert MySQLPrimaryDown firing
for _ in $(seq 60); do
  grep -q 'db_primary must hold exactly one host' "$WORK/rulebook.log" && break
  sleep 1
done
sleep 5  # let a wrongly unthrottled second run show up
kill "$PID" 2>/dev/null || true
wait "$PID" 2>/dev/null || true

# ansible-rulebook logs a failed playbook's output twice; the playbook's own log has each run once.
runs=$(grep -c 'PLAY \[Check the failover request\]' "$WORK/ansible.log" || true)
events=$(grep -c "'alertname': 'MySQLPrimaryDown'" "$WORK/rulebook.log" || true)
echo "webhook events for MySQLPrimaryDown: $events; failover playbook runs: $runs"
if [ "$runs" != 1 ]; then
  cat "$WORK/rulebook.log" "$WORK/ansible.log"
  echo "FAIL: expected exactly one run of foobar.webstack.mysql_failover" >&2
  exit 1
fi
grep -q 'db_primary must hold exactly one host' "$WORK/rulebook.log"
echo "OK: the rulebook parsed, received the webhooks, and ran foobar.webstack.mysql_failover once"
