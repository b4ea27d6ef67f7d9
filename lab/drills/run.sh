#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fault drills against the lab (make lab first): each drill prints its counts,
# the run ends with one verdict line per drill and exits non-zero when a drill
# missed its target.
#
#   lab/drills/run.sh [DRILL...]     (make drills; DRILLS="kill_app tls_scan" make drills)
#
# Drills, in this order by default (crash last: it changes the topology):
#   kill_app      docker kill an app server under load: failed requests (target 0); then start it again
#   rolling       playbooks/rolling_update.yml under load: failed requests (target 0)
#   replica_stop  stop MariaDB on the replica under reads: read errors seen by the app (target 0)
#   port_scan     nmap from the outside client (lb) and from an app server (db, mon): open ports beyond
#                 the flow table of docs/security.md (target 0)
#   tls_scan      Debian's testssl.sh with the lab CA: MEDIUM/HIGH/CRITICAL findings (target 0), SSLv2/SSLv3/
#                 TLS1/TLS1_1 not offered, HSTS_time and the chain of trust OK; the two findings on the issuing
#                 CA's certificate profile (pebble's: 5-year validity, no CRL/OCSP URI) are counted apart
#   blip          docker pause the primary for BLIP_SECONDS (40) < MySQLPrimaryDown's for: (1m): long enough
#                 for two failed scrapes (interval 15 s, timeout 10 s), so the alert must be seen pending, but it
#                 must not fire and the rulebook must run nothing (target 0 runs)
#   crash         numbered writes through the site, docker kill of the primary; with no action from the drill,
#                 Prometheus fires MySQLPrimaryDown, Alertmanager calls the failover rulebook (lab/eda.sh),
#                 which runs playbooks/mysql_failover.yml: acknowledged writes missing on the new primary
#                 (target 0), kill -> first successful write, failed writes; then the old primary is started
#                 again and must be fenced (read_only) by the rulebook's mysql_fence.yml
# CRASH_SEMI_SYNC=false applies mysql_server_semi_sync=false to the databases before the crash drill;
# CRASH_FAILOVER=playbook runs the failover playbook from the drill right after the kill (no EDA).
# Results: build/lab/drills/ (DRILLS_OUT; one file per drill, verdicts.txt).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
export PATH="$ROOT/.venv/bin:$PATH" ANSIBLE_FORCE_COLOR=false ANSIBLE_NOCOLOR=1
INVENTORY=$ROOT/inventories/lab
OUT=${DRILLS_OUT:-$ROOT/build/lab/drills}
CLIENT=lab-client
LB=lab-lb1
APP=lab-app1
PRIMARY=lab-db1
REPLICA=lab-db2
SITE=https://www.webstack.test
CA=/var/tmp/webstack-lab-root.pem
mkdir -p "$OUT"
: >"$OUT/verdicts.txt"
FAILED=0

log() { printf '[drills] %s\n' "$*" >&2; }
now() { date +%s.%N; }
verdict() {  # name pass|FAIL text
  printf '%-13s %-4s %s\n' "$1" "$2" "$3" | tee -a "$OUT/verdicts.txt"
  [ "$2" = pass ] || FAILED=1
}
# Address of a container on a lab network.
address() {
  docker inspect -f "{{ (index .NetworkSettings.Networks \"$2\").IPAddress }}" "$1"
}
apt_install() {  # container command packages...: install the packages unless the command exists
  local host=$1 command=$2; shift 2
  docker exec "$host" sh -c "command -v $command >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $* >/dev/null; }"
}

# The client trusts the lab CA's issuing root (pebble makes a new one at each start);
# lab/summary.yml keeps it in build/lab/pebble-root.pem.
prepare() {
  [ -s build/lab/pebble-root.pem ] || { log "build/lab/pebble-root.pem is missing: run make lab"; exit 2; }
  docker cp build/lab/pebble-root.pem "$CLIENT:$CA" >/dev/null
  docker cp lab/files/request_loop.py "$CLIENT:/var/tmp/request_loop.py" >/dev/null
  docker cp lab/drills/writer.py "$CLIENT:/var/tmp/writer.py" >/dev/null
}

# A request loop from the client through HAProxy, in the background; stop_loop ends it and prints its JSON.
start_loop() {  # path threads result-file
  docker exec "$CLIENT" rm -f /var/tmp/drill.stop
  docker exec "$CLIENT" python3 /var/tmp/request_loop.py "$SITE$1" "$CA" 600 "$2" 1000000 /var/tmp/drill.stop >"$3" 2>&1 &
  LOOP_PID=$!
  sleep 2
}
stop_loop() {
  docker exec "$CLIENT" touch /var/tmp/drill.stop
  wait "$LOOP_PID"
}
count() {  # result-file key
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2" 2>/dev/null || echo "?"
}

# Wait until HAProxy reports every app server UP (stats CSV on the lb's private address).
wait_backends_up() {
  local address deadline=$((SECONDS + 120))
  address=$(address "$LB" webstack-lab-private)
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$(docker exec "$LB" curl -s "http://$address:8405/stats;csv" | awk -F, '$1 == "webstack_app" && $2 != "BACKEND" && $2 != "FRONTEND" && $18 !~ /^UP/' | wc -l)" = 0 ]; then
      return 0
    fi
    sleep 2
  done
  return 1
}

drill_kill_app() {
  log "kill_app: request loop (8 clients, /api/info), docker kill $APP after 8 s"
  local before after result=$OUT/kill_app.json
  before=$(address "$APP" webstack-lab-private)
  start_loop /api/info 8 "$result"
  sleep 8
  local killed_at; killed_at=$(now)
  docker kill "$APP" >/dev/null
  sleep 20
  stop_loop
  log "kill_app: $(cat "$result")"
  log "kill_app: starting $APP again"
  docker start "$APP" >/dev/null
  after=$(address "$APP" webstack-lab-private)
  if [ "$before" != "$after" ]; then
    log "kill_app: $APP came back as $after (was $before): site.yml --limit $APP,loadbalancers"
    ansible-playbook -i "$INVENTORY" --flush-cache playbooks/site.yml --limit "$APP,loadbalancers,databases" >"$OUT/kill_app-site.log" 2>&1
  fi
  local up=yes; wait_backends_up || up=no
  local failed; failed=$(count "$result" failed)
  printf 'killed at %s; requests %s ok %s failed %s; back up: %s\n' "$killed_at" "$(count "$result" requests)" \
    "$(count "$result" ok)" "$failed" "$up" >"$OUT/kill_app.txt"
  if [ "$failed" = 0 ] && [ "$up" = yes ]; then
    verdict kill_app pass "$(cat "$OUT/kill_app.txt")"
  else
    verdict kill_app FAIL "$(cat "$OUT/kill_app.txt") (target: 0 failed, server back)"
  fi
}

drill_rolling() {
  log "rolling: request loop (8 clients, /api/info) during playbooks/rolling_update.yml"
  local result=$OUT/rolling.json rc=0 start=$SECONDS
  start_loop /api/info 8 "$result"
  ansible-playbook -i "$INVENTORY" playbooks/rolling_update.yml >"$OUT/rolling.log" 2>&1 || rc=$?
  stop_loop
  local failed; failed=$(count "$result" failed)
  printf 'playbook rc %s in %s s; requests %s ok %s failed %s; by host %s\n' "$rc" $((SECONDS - start)) \
    "$(count "$result" requests)" "$(count "$result" ok)" "$failed" "$(count "$result" by_host)" >"$OUT/rolling.txt"
  if [ "$failed" = 0 ] && [ "$rc" = 0 ]; then
    verdict rolling pass "$(cat "$OUT/rolling.txt")"
  else
    verdict rolling FAIL "$(cat "$OUT/rolling.txt") (target: 0 failed, playbook ok)"
  fi
}

drill_replica_stop() {
  log "replica_stop: reads (4 clients, /api/messages?limit=10), MariaDB stopped on $REPLICA for 20 s"
  local result=$OUT/replica_stop.json
  start_loop "/api/messages?limit=10" 4 "$result"
  sleep 5
  docker exec "$REPLICA" systemctl stop mariadb
  sleep 20
  docker exec "$REPLICA" systemctl start mariadb
  sleep 5
  stop_loop
  local failed running
  failed=$(count "$result" failed)
  running=$(docker exec "$REPLICA" mariadb -N -B -e "SHOW SLAVE STATUS" 2>/dev/null | awk -F'\t' '{print $11 "/" $12}')
  printf 'requests %s ok %s read errors %s; replica threads after restart (IO/SQL) %s\n' "$(count "$result" requests)" \
    "$(count "$result" ok)" "$failed" "${running:-?}" >"$OUT/replica_stop.txt"
  if [ "$failed" = 0 ]; then
    verdict replica_stop pass "$(cat "$OUT/replica_stop.txt")"
  else
    verdict replica_stop FAIL "$(cat "$OUT/replica_stop.txt") (target: 0 read errors)"
  fi
}

# Open TCP ports per target, from a vantage point, compared with what the flow table admits from there.
drill_port_scan() {
  log "port_scan: nmap -p- from $CLIENT (public) and $APP (private)"
  apt_install "$CLIENT" nmap nmap &
  apt_install "$APP" nmap nmap &
  wait
  local extra=0 line target expected open host address network vantage
  : >"$OUT/port_scan.txt"
  # vantage target network expected-open (flow table, docs/security.md)
  while read -r vantage host network expected; do
    address=$(address "$host" "$network")
    open=$(docker exec "$vantage" nmap -Pn -n -p- -T4 --min-rate 2000 --open -oG - "$address" 2>/dev/null |
      grep -o '[0-9]*/open/tcp' | cut -d/ -f1 | sort -n | paste -sd, -)
    target=$(comm -23 <(tr , '\n' <<<"$open" | grep . | sort) <(tr , '\n' <<<"$expected" | sort) | paste -sd, -)
    line="from $vantage to $host ($address): open ${open:-none}; flow table ${expected}; beyond it: ${target:-none}"
    echo "$line" | tee -a "$OUT/port_scan.txt" >&2
    [ -z "$target" ] || extra=$((extra + $(tr , '\n' <<<"$target" | wc -l)))
  done <<EOF
$CLIENT $LB webstack-lab-public 80,443
$APP $PRIMARY webstack-lab-private 3306
$APP $REPLICA webstack-lab-private 3306
$APP lab-mon1 webstack-lab-private -
EOF
  if [ "$extra" = 0 ]; then
    verdict port_scan pass "0 ports open beyond the flow table ($(wc -l <"$OUT/port_scan.txt") scans)"
  else
    verdict port_scan FAIL "$extra ports open beyond the flow table (see $OUT/port_scan.txt)"
  fi
}

drill_tls_scan() {
  log "tls_scan: testssl.sh from $CLIENT against www.webstack.test:443 (a few minutes)"
  apt_install "$CLIENT" testssl testssl.sh bsdextrautils dnsutils
  docker exec "$CLIENT" rm -f /var/tmp/testssl.json
  docker exec "$CLIENT" testssl --quiet --warnings off --color 0 --jsonfile /var/tmp/testssl.json --add-ca "$CA" \
    www.webstack.test:443 >"$OUT/tls_scan.log" 2>&1
  docker cp "$CLIENT:/var/tmp/testssl.json" "$OUT/testssl.json" >/dev/null || { verdict tls_scan FAIL "no JSON (see $OUT/tls_scan.log)"; return; }
  python3 - "$OUT/testssl.json" >"$OUT/tls_scan.txt" <<'EOF'
import collections, json, sys
findings = json.load(open(sys.argv[1]))
by = collections.Counter(f["severity"] for f in findings)
print("findings by severity: " + ", ".join("%s %d" % (s, by.get(s, 0)) for s in ("CRITICAL", "HIGH", "MEDIUM", "LOW", "WARN", "INFO", "OK")))
ids = {f["id"].split(" ")[0]: f for f in findings}
# Two findings judge the issuing CA's certificate profile, which no server setting changes: pebble (the
# lab's ACME CA) issues 5-year certificates without a CRL or OCSP URI. They are counted apart, and only
# when pebble issued the certificate.
issuer = " ".join(f["finding"] for f in findings if f["id"].split(" ")[0] == "cert_caIssuers")
ca_profile = {"cert_revocation", "cert_validityPeriod"} if "Pebble" in issuer else set()
serious = [f for f in findings if f["severity"] in ("MEDIUM", "HIGH", "CRITICAL")]
lab_ca = [f for f in serious if f["id"].split(" ")[0] in ca_profile]
print("MEDIUM or worse from the stack: %d; from the lab CA's certificate profile (%s): %d"
      % (len(serious) - len(lab_ca), issuer or "issuer unknown", len(lab_ca)))
for f in lab_ca:
    print("  lab CA: %s %s: %s" % (f["severity"], f["id"], f["finding"]))
problems = ["%s %s: %s" % (f["severity"], f["id"], f["finding"]) for f in serious if f not in lab_ca]
for name in ("SSLv2", "SSLv3", "TLS1", "TLS1_1"):
    if name not in ids or "not offered" not in ids[name]["finding"]:
        problems.append("%s: %s" % (name, ids.get(name, {}).get("finding", "missing")))
for name in ("HSTS_time", "cert_chain_of_trust"):
    if ids.get(name, {}).get("severity") != "OK":
        problems.append("%s: %s" % (name, ids.get(name, {}).get("finding", "missing")))
for problem in problems:
    print("  " + problem)
print("gate: " + ("pass" if not problems else "FAIL (%d)" % len(problems)))
EOF
  cat "$OUT/tls_scan.txt" >&2
  if tail -n 1 "$OUT/tls_scan.txt" | grep -q '^gate: pass'; then
    verdict tls_scan pass "$(head -n 2 "$OUT/tls_scan.txt" | paste -sd';' -)"
  else
    verdict tls_scan FAIL "$(head -n 1 "$OUT/tls_scan.txt"); $(tail -n +2 "$OUT/tls_scan.txt" | head -n 6 | paste -sd';' -)"
  fi
}

# The failover rulebook's playbook log (lab/eda.sh): how many lines it has, and the playbooks started after a line.
EDA_LOG=$ROOT/build/lab/eda/playbooks.log
eda_lines() { [ -f "$EDA_LOG" ] && wc -l <"$EDA_LOG" || echo 0; }
eda_plays_since() {  # line: the first play of every playbook run after that line
  tail -n +"$(($1 + 1))" "$EDA_LOG" 2>/dev/null | grep -oE 'PLAY \[(Check the failover request|Learn where the app servers write)\]' | sed 's/PLAY \[\(.*\)\]/\1/' || true
}
prometheus_query() {  # PromQL -> the number of series it returns
  curl -fsS --get "http://127.0.0.1:9090/api/v1/query" --data-urlencode "query=$1" |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["data"]["result"]))' 2>/dev/null || echo "?"
}
read_only() {  # container -> 0/1, or "down"
  docker exec "$1" mariadb -N -B -e "SELECT @@read_only" 2>/dev/null || echo down
}

# The primary unreachable for less than MySQLPrimaryDown's for: (1m): nothing may fire or run.
drill_blip() {
  local seconds=${BLIP_SECONDS:-40} since wait_after=60
  lab/eda.sh status >/dev/null || { verdict blip FAIL "the failover rulebook does not run (lab/eda.sh start)"; return; }
  since=$(eda_lines)
  log "blip: docker pause $PRIMARY for $seconds s (the alert's for: is 1m), then watch for $wait_after s"
  docker pause "$PRIMARY" >/dev/null
  sleep "$seconds"
  docker unpause "$PRIMARY" >/dev/null
  sleep "$wait_after"
  local window=$((seconds + wait_after + 15)) pending firing runs ro
  pending=$(prometheus_query "max_over_time(ALERTS{alertname=\"MySQLPrimaryDown\",alertstate=\"pending\"}[${window}s])")
  firing=$(prometheus_query "max_over_time(ALERTS{alertname=\"MySQLPrimaryDown\",alertstate=\"firing\"}[${window}s])")
  runs=$(eda_plays_since "$since" | grep -c . || true)
  ro=$(read_only "$PRIMARY")
  printf 'primary paused %s s; MySQLPrimaryDown pending series %s, firing series %s; playbooks the rulebook ran %s; %s read_only %s\n' \
    "$seconds" "$pending" "$firing" "$runs" "$PRIMARY" "$ro" >"$OUT/blip.txt"
  # pending > 0: the monitoring saw the blip (otherwise the drill proved nothing); firing 0: for: held it back.
  if [ "$pending" != 0 ] && [ "$pending" != "?" ] && [ "$firing" = 0 ] && [ "$runs" = 0 ] && [ "$ro" = 0 ]; then
    verdict blip pass "$(cat "$OUT/blip.txt")"
  else
    verdict blip FAIL "$(cat "$OUT/blip.txt") (target: the alert pending but never firing, nothing run, the primary writable)"
  fi
}

# Numbered writes through the site, docker kill of the primary; the failover is automatic
# (Prometheus -> Alertmanager -> the rulebook, lab/eda.sh). CRASH_FAILOVER=playbook runs the
# playbook from here instead, right after the kill (no EDA). Then the old primary is started
# again and must end up fenced (read-only) by the rulebook's fence on the resolved alert.
drill_crash() {
  local semi=${CRASH_SEMI_SYNC:-default} mode=${CRASH_FAILOVER:-eda} tag rc=0 since
  tag=crash-$(date +%s)
  if [ "$mode" = eda ] && ! lab/eda.sh status >/dev/null; then
    verdict crash FAIL "the failover rulebook does not run (lab/eda.sh start), or set CRASH_FAILOVER=playbook"
    return
  fi
  if [ "$semi" = false ]; then
    log "crash: applying mysql_server_semi_sync=false to the databases first"
    ansible-playbook -i "$INVENTORY" playbooks/site.yml --limit databases -e mysql_server_semi_sync=false \
      >"$OUT/crash-semisync-off.log" 2>&1 || { verdict crash FAIL "could not turn semi-sync off"; return; }
  fi
  log "crash: failover: $mode; writer (4 clients) through the site, docker kill $PRIMARY after 10 s"
  since=$(eda_lines)
  docker exec "$CLIENT" rm -f /var/tmp/writer.log
  docker exec "$CLIENT" python3 /var/tmp/writer.py "$SITE/api/messages" "$CA" "$tag" /var/tmp/writer.log /var/tmp/writer.stop 4 900 &
  local writer=$!
  sleep 10
  # Semi-sync as the writes see it (an idle primary reports OFF until a replica acknowledges a write).
  local status; status=$(docker exec "$PRIMARY" mariadb -N -B -e "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_master_status'" | cut -f2)
  log "crash: semi-sync on the primary right before the kill: ${status:-?}"
  local killed_at; killed_at=$(now)
  docker kill "$PRIMARY" >/dev/null
  local start=$SECONDS
  if [ "$mode" = playbook ]; then
    log "crash: killed $PRIMARY at $killed_at; running playbooks/mysql_failover.yml (automatic mode)"
    ansible-playbook -i "$INVENTORY" playbooks/mysql_failover.yml >"$OUT/crash-failover.log" 2>&1 || rc=$?
  else
    log "crash: killed $PRIMARY at $killed_at; no action from here on: waiting for the alert and the rulebook"
  fi
  # Wait for the first acknowledged write after the first failed one (the app servers write to the new primary).
  local deadline=$((SECONDS + 420)) recovered=no
  while [ "$SECONDS" -lt "$deadline" ]; do
    if docker exec "$CLIENT" awk -v t="$killed_at" '$2 != 201 && $3 > t {failed = 1} failed && $2 == 201 && $3 > t {ok = 1} END {exit !ok}' /var/tmp/writer.log; then
      recovered=yes
      break
    fi
    sleep 2
  done
  sleep 5
  docker exec "$CLIENT" touch /var/tmp/writer.stop
  wait "$writer"
  if [ "$mode" = eda ]; then
    # The rulebook's run: its end (PLAY RECAP) and whether any host failed.
    deadline=$((SECONDS + 300))
    until tail -n +"$((since + 1))" "$EDA_LOG" | grep -q 'PLAY \[Release the lock\]' || [ "$SECONDS" -ge "$deadline" ]; do sleep 2; done
    sleep 3
    tail -n +"$((since + 1))" "$EDA_LOG" >"$OUT/crash-failover.log"
    grep -q 'PLAY \[Release the lock\]' "$OUT/crash-failover.log" || rc=timeout
    ! grep -qE 'failed=[1-9]' "$OUT/crash-failover.log" || rc=failed
  fi
  log "crash: failover done ($mode, rc $rc) $((SECONDS - start)) s after the kill; writes recovered: $recovered"
  docker cp "$CLIENT:/var/tmp/writer.log" "$OUT/crash-writer.log" >/dev/null
  docker exec "$REPLICA" mariadb -N -B -e "SELECT body FROM webstack.messages WHERE body LIKE '$tag-%'" >"$OUT/crash-present.txt"
  # The old primary comes back: the rulebook's fence (MySQLPrimaryDown resolved) must make it read-only.
  log "crash: starting $PRIMARY again; waiting until it is fenced (read_only = 1)"
  docker start "$PRIMARY" >/dev/null
  local back=$SECONDS fenced=no first_seen=none ro
  deadline=$((SECONDS + 240))
  while [ "$SECONDS" -lt "$deadline" ]; do
    ro=$(read_only "$PRIMARY")
    [ "$first_seen" != none ] || [ "$ro" = down ] || first_seen=$ro
    if [ "$ro" = 1 ]; then fenced="yes, $((SECONDS - back)) s after docker start"; break; fi
    sleep 2
  done
  local runs; runs=$(eda_plays_since "$since" | paste -sd, -)
  python3 - "$OUT/crash-writer.log" "$OUT/crash-present.txt" "$tag" "$killed_at" "$rc" "${status:-?}" "$mode" >"$OUT/crash.txt" <<'PY'
import sys
log, present, tag, killed, rc, semi, mode = sys.argv[1:8]
killed = float(killed)
rows = [line.split() for line in open(log) if line.strip()]
acked = {int(r[0]) for r in rows if r[1] == "201"}
there = {int(b.rsplit("-", 1)[1]) for b in open(present).read().split()}
missing = sorted(acked - there)
failed = [r for r in rows if r[1] != "201"]
# Writes in flight at the kill may still be acknowledged just after it: recovery is the first
# acknowledged write after the first failed one.
first_failure = min([float(r[2]) for r in failed if float(r[2]) > killed] or [killed])
after = [float(r[2]) for r in rows if r[1] == "201" and float(r[2]) > first_failure]
first = (min(after) - killed) if after else None
print("semi-sync %s; failover %s; writes %d acknowledged %d present on the new primary %d; acknowledged but missing %d;%s"
      % (semi, mode, len(rows), len(acked), len(there & acked), len(missing), (" " + str(missing[:10])) if missing else ""))
print("failed writes during the switch %d; kill -> first acknowledged write %s; unacknowledged rows present %d; failover rc %s"
      % (len(failed), ("%.1f s" % first) if first is not None else "never", len(there - acked), rc))
PY
  printf 'old primary back: first read_only seen %s; fenced: %s; playbooks the rulebook ran: %s\n' \
    "$first_seen" "$fenced" "${runs:-none}" >>"$OUT/crash.txt"
  echo "$killed_at" >"$OUT/crash-killed-at.txt"
  lab/plot.sh crash "$OUT/crash-writer.log" "$killed_at" "$OUT/crash.png" >/dev/null || log "crash: no plot (lab/plot.sh)"
  cat "$OUT/crash.txt" >&2
  if grep -q 'acknowledged but missing 0;' "$OUT/crash.txt" && [ "$rc" = 0 ] && [ "$recovered" = yes ] && [[ $fenced == yes* ]]; then
    verdict crash pass "$(paste -sd';' "$OUT/crash.txt")"
  else
    verdict crash FAIL "$(paste -sd';' "$OUT/crash.txt") (target: 0 missing, writes recover, the old primary fenced)"
  fi
  log "crash: the lab's topology changed ($PRIMARY fenced, $REPLICA primary): make lab-down && make lab to drill again"
}

DRILL_LIST=("$@")
[ ${#DRILL_LIST[@]} -gt 0 ] || read -r -a DRILL_LIST <<<"${DRILLS:-kill_app rolling replica_stop port_scan tls_scan blip crash}"
prepare
for drill in "${DRILL_LIST[@]}"; do
  case "$drill" in
    kill_app) drill_kill_app ;;
    rolling) drill_rolling ;;
    replica_stop) drill_replica_stop ;;
    port_scan) drill_port_scan ;;
    tls_scan) drill_tls_scan ;;
    blip) drill_blip ;;
    crash) drill_crash ;;
    *) log "unknown drill: $drill"; exit 2 ;;
  esac
done
echo
echo "Verdicts ($OUT/verdicts.txt)"
cat "$OUT/verdicts.txt"
exit "$FAILED"
