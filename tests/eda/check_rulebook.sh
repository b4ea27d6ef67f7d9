#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs extensions/eda/rulebooks/mysql_failover.yml under the real ansible-rulebook, with the
# collection's own event source (foobar.webstack.alertmanager), and feeds it Alertmanager
# webhooks: a resolved MySQLPrimaryDown, another alert firing, then MySQLPrimaryDown firing three
# times. The fence playbook must run exactly once (for the resolved one), the failover playbook
# exactly once (the throttle), and nothing else. The inventory has no database or app hosts, so
# the failover stops at its first check and the fence finds nothing to do: what is counted is
# which playbooks ran, how often.
#
#   tests/eda/check_rulebook.sh          (suite eda of tests/harness/run-suite.sh)
#
# ansible-rulebook (requirements.txt) needs a Java runtime: Debian's default-jre-headless.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${RULEBOOK_VENV:-$ROOT/.venv}
WORK=$(mktemp -d)
PID=
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
PORT=${PORT:-5099}

mkdir -p "$WORK/collections/ansible_collections/foobar"
ln -s "$ROOT" "$WORK/collections/ansible_collections/foobar/webstack"
printf 'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n' > "$WORK/inventory.yml"
printf 'alertmanager_host: 127.0.0.1\nalertmanager_port: %s\n' "$PORT" > "$WORK/vars.yml"

# The playbooks' own dependencies (community.mysql, community.general): the project's virtualenv.
DEPS=$(find -L "$ROOT/.venv/lib" -maxdepth 2 -name site-packages -type d 2>/dev/null | head -1 || true)
cd "$WORK"
ANSIBLE_LOG_PATH=$WORK/ansible.log ANSIBLE_COLLECTIONS_PATH=$WORK/collections${DEPS:+:$DEPS} PATH=$VENV/bin:$PATH \
  "$VENV/bin/ansible-rulebook" --rulebook foobar.webstack.mysql_failover -i "$WORK/inventory.yml" \
  --vars "$WORK/vars.yml" --print-events -v > "$WORK/rulebook.log" 2>&1 &
PID=$!
# Until the webhook listens (an empty notification makes no event).
for _ in $(seq 90); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" -d '{}' -H 'Content-Type: application/json' 2>/dev/null && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/rulebook.log"; echo "FAIL: ansible-rulebook exited" >&2; exit 1; }
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
for _ in $(seq 90); do
  grep -q 'db_primary must hold exactly one host' "$WORK/rulebook.log" && break
  sleep 1
done
sleep 5  # let a wrongly unthrottled second run show up
kill "$PID" 2>/dev/null || true
wait "$PID" 2>/dev/null || true
PID=

# ansible-rulebook logs a failed playbook's output twice; the playbooks' own log has each run once.
failovers=$(grep -c 'PLAY \[Check the failover request\]' "$WORK/ansible.log" || true)
fences=$(grep -c 'PLAY \[Learn where the app servers write\]' "$WORK/ansible.log" || true)
echo "failover playbook runs: $failovers (want 1); fence playbook runs: $fences (want 1)"
if [ "$failovers" != 1 ] || [ "$fences" != 1 ] || ! grep -q 'db_primary must hold exactly one host' "$WORK/rulebook.log"; then
  cat "$WORK/rulebook.log" "$WORK/ansible.log"
  echo "FAIL: expected one run of foobar.webstack.mysql_fence, then one of foobar.webstack.mysql_failover" >&2
  exit 1
fi
echo "OK: the rulebook received the webhooks through foobar.webstack.alertmanager and ran each playbook once"
