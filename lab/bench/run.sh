#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks against the lab (make lab first); figures in build/lab/bench/results.txt.
#
#   lab/bench/run.sh [deploy] [settings] [traffic] [lag]     (make bench; BENCH="traffic" make bench)
#
# deploy   wall times of playbooks/site.yml on the lab's hosts: fresh (new containers), a no-change re-run,
#          and the floor: new containers that only install the same Debian packages (the ones a deploy
#          added to the image, found by dpkg on the deployed hosts; apt-get update + install on every host
#          at once). Twice: with this checkout's ansible.cfg, and without its speed settings (pipelining
#          off, forks 5, no fact cache, gathering implicit). Ratios no-change/fresh and fresh/floor; the
#          fresh run's ten slowest tasks (ansible.posix.profile_tasks). It rebuilds the lab three times
#          (about 25 minutes here) and ends with `lab/run.sh up` (the lab as make lab leaves it).
# settings no-change site.yml runs on the running lab, alternating with and without the speed settings
#          (SETTINGS_ROUNDS pairs, default 2), so that both see the same machine: each time and the medians.
# traffic  wrk (Debian) from the load balancer, keep-alive, BENCH_THREADS/BENCH_CONNECTIONS/BENCH_SECONDS
#          (2/16/20): requests/s and p50/p99 for a static file and a dynamic read, through HAProxy
#          (https://www.webstack.test/) and directly to lab-app1:8443; ratio HAProxy/direct.
#          wrk does not verify certificates: both paths do the same TLS work, verified or not.
# lag      replication lag of lab-db2 under a sustained write load (LAG_WRITERS clients, default 4, for
#          LAG_SECONDS, default 60, POST /api/messages through the site): a heartbeat row written on the
#          primary every 0.2 s, its age sampled on the replica every 0.5 s (what pt-heartbeat does: Debian's
#          pt-heartbeat failed here with a duplicate key on the lab's server ids above 2^31); p50/p99.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
export PATH="$ROOT/.venv/bin:$PATH" ANSIBLE_FORCE_COLOR=false ANSIBLE_NOCOLOR=1
OUT=$ROOT/build/lab/bench
LB=lab-lb1
APP=lab-app1
CLIENT=lab-client
PRIMARY=lab-db1
REPLICA=lab-db2
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
DURATION=${BENCH_SECONDS:-20}
mkdir -p "$OUT"
: >"$OUT/results.txt"

log() { printf '[bench] %s\n' "$*" >&2; }
result() { echo "$*" | tee -a "$OUT/results.txt"; }
apt_install() {  # container command packages...: install the packages unless the command exists
  local host=$1 command=$2; shift 2
  docker exec "$host" sh -c "command -v $command >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $* >/dev/null; }"
}

# wrk's report -> "rps p50_ms p99_ms errors"
parse_wrk() {
  python3 -c '
import re, sys
text = open(sys.argv[1]).read()
def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, "0"])[1])
print("%s %.2f %.2f %d" % (rps, p50, p99, errors))
' "$1"
}

INVENTORY=$ROOT/inventories/lab
STACK_HOSTS=(lab-lb1 lab-app1 lab-app2 lab-db1 lab-db2 lab-mon1)

# New containers: the lab removed and created again (containers, ACME CA), nothing deployed.
fresh_containers() {
  lab/eda.sh stop >/dev/null 2>&1 || true
  if ! ansible-playbook -i "$INVENTORY" lab/down.yml >"$OUT/deploy-down.log" 2>&1 ||
    ! ansible-playbook -i "$INVENTORY" lab/up.yml >"$OUT/deploy-up.log" 2>&1; then
    log "deploy: could not recreate the lab's containers (see $OUT/deploy-*.log)"
    exit 1
  fi
}
# ansible.cfg's speed settings switched off (parts deploy and settings compare with them).
NO_SPEED_SETTINGS=(ANSIBLE_PIPELINING=False ANSIBLE_FORKS=5 ANSIBLE_GATHERING=implicit ANSIBLE_CACHE_PLUGIN=memory)
# timed LOG COMMAND...: run, print the wall time in seconds; fail (status 1) on failure. It runs in
# $(...), where exit leaves only the subshell: callers add `|| exit 1`.
timed() {
  local logfile=$1 start rc=0; shift
  start=$(date +%s.%N)
  "$@" >"$logfile" 2>&1 || rc=$?
  [ "$rc" = 0 ] || { log "deploy: failed ($rc): $* (see $logfile)"; exit 1; }
  python3 -c 'import sys, time; print("%.0f" % (time.time() - float(sys.argv[1])))' "$start"
}
changes() {  # playbook log -> total changed
  sed -n '/^PLAY RECAP/,$p' "$1" | awk -F'changed=' 'NF > 1 {split($2, n, " "); total += n[1]} END {print total + 0}'
}
site() {  # log [env settings...]: site.yml as make lab runs it
  local logfile=$1; shift
  timed "$logfile" env "$@" ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks PROFILE_TASKS_TASK_OUTPUT_LIMIT=10 \
    ansible-playbook -i "$INVENTORY" --flush-cache playbooks/site.yml
}
# The packages a deploy added on each stack host: everything dpkg has beyond the base image's list.
deployed_packages() {
  local image_list=$OUT/deploy-image-packages.txt host
  local debian=${WEBSTACK_DEBIAN:-12} image
  image=WEBSTACK_TEST_IMAGE_DEBIAN$debian
  image=${!image:-localhost/webstack-debian:$debian}
  docker run --rm --entrypoint dpkg-query "$image" \
    -W -f '${Package}\n' | sort >"$image_list"
  for host in "${STACK_HOSTS[@]}"; do
    docker exec "$host" dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" {print $2}' | sort |
      comm -13 "$image_list" - | paste -sd' ' - >"$OUT/deploy-packages-$host.txt"
  done
}
install_floor() {  # every stack host at once: apt-get update, then install its deploy's packages
  local host pids=() rc=0
  for host in "${STACK_HOSTS[@]}"; do
    docker exec -e DEBIAN_FRONTEND=noninteractive "$host" sh -c \
      "apt-get update -qq && apt-get install -y -qq --no-install-recommends $(cat "$OUT/deploy-packages-$host.txt") >/dev/null" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return "$rc"
}

bench_deploy() {
  log "deploy: fresh containers, then site.yml with this checkout's ansible.cfg (a few minutes)"
  local fresh nochange floor fresh_plain nochange_plain
  fresh_containers
  fresh=$(site "$OUT/deploy-fresh.log") || exit 1
  log "deploy: fresh ${fresh} s; the no-change re-run"
  nochange=$(site "$OUT/deploy-nochange.log") || exit 1
  deployed_packages
  log "deploy: no-change ${nochange} s (changed $(changes "$OUT/deploy-nochange.log")); the package floor on new containers"
  fresh_containers
  floor=$(timed "$OUT/deploy-floor.log" install_floor) || exit 1
  log "deploy: floor ${floor} s; without the speed settings (${NO_SPEED_SETTINGS[*]}) on new containers"
  fresh_containers
  fresh_plain=$(site "$OUT/deploy-fresh-plain.log" "${NO_SPEED_SETTINGS[@]}") || exit 1
  nochange_plain=$(site "$OUT/deploy-nochange-plain.log" "${NO_SPEED_SETTINGS[@]}") || exit 1
  python3 - "$fresh" "$nochange" "$floor" "$fresh_plain" "$nochange_plain" \
    "$(changes "$OUT/deploy-fresh.log")" "$(changes "$OUT/deploy-nochange.log")" "$(changes "$OUT/deploy-nochange-plain.log")" \
    "$(cat "$OUT"/deploy-packages-*.txt | wc -w)" <<'PY' | tee -a "$OUT/results.txt"
import sys
fresh, nochange, floor, fresh_plain, nochange_plain, c_fresh, c_nochange, c_plain, packages = map(float, sys.argv[1:10])
print("deploy (ansible.cfg as shipped): fresh %.0f s (%d changed), no-change re-run %.0f s (%d changed), package floor %.0f s (%d packages on 6 hosts)"
      % (fresh, c_fresh, nochange, c_nochange, floor, packages))
print("deploy ratios: no-change/fresh %.2f (target <= 0.25), fresh/floor %.2f (target <= 1.5)" % (nochange / fresh, fresh / floor))
print("deploy without the speed settings: fresh %.0f s, no-change %.0f s (%d changed); shipped settings vs none: fresh %.2f, no-change %.2f"
      % (fresh_plain, nochange_plain, c_plain, fresh / fresh_plain, nochange / nochange_plain))
PY
  result "deploy: slowest tasks of the fresh run (profile_tasks):"
  sed -n '/^=\{10,\}/,$p' "$OUT/deploy-fresh.log" | grep -E ' -+ +[0-9.]+s$' | head -n 10 | sed 's/^/  /' | tee -a "$OUT/results.txt"
  log "deploy: restoring the lab (lab/run.sh up: summary and the failover rulebook)"
  lab/run.sh up >"$OUT/deploy-lab-up.log" 2>&1 || { log "deploy: lab/run.sh up failed (see $OUT/deploy-lab-up.log)"; exit 1; }
}

# No-change runs, alternating shipped settings / none, on the lab as it is.
bench_settings() {
  local rounds=${SETTINGS_ROUNDS:-2} round shipped=() plain=() t
  for round in $(seq "$rounds"); do
    t=$(site "$OUT/settings-shipped-$round.log") || exit 1; shipped+=("$t")
    log "settings: round $round: shipped ${t} s"
    t=$(site "$OUT/settings-none-$round.log" "${NO_SPEED_SETTINGS[@]}") || exit 1; plain+=("$t")
    log "settings: round $round: none ${t} s"
  done
  python3 - "${shipped[*]}" "${plain[*]}" <<'PY' | tee -a "$OUT/results.txt"
import statistics, sys
shipped, plain = ([float(x) for x in arg.split()] for arg in sys.argv[1:3])
print("settings (no-change site.yml, alternating): shipped %s s, none %s s; medians %.0f vs %.0f s, shipped/none %.2f"
      % (shipped, plain, statistics.median(shipped), statistics.median(plain), statistics.median(shipped) / statistics.median(plain)))
PY
}

bench_traffic() {
  log "traffic: wrk on $LB, $THREADS threads, $CONNECTIONS connections, $DURATION s per run"
  apt_install "$LB" wrk wrk
  local lb_public
  lb_public=$(docker inspect -f '{{ (index .NetworkSettings.Networks "webstack-lab-public").IPAddress }}' "$LB")
  # The site's name resolves to the lb's public address on the lb itself (as a client outside would see it).
  docker exec "$LB" sh -c "grep -q ' www.webstack.test\$' /etc/hosts || echo '$lb_public www.webstack.test' >>/etc/hosts"
  local name path via url file line
  declare -A rps
  result "traffic: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency (keep-alive) from $LB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for name in static dynamic; do
    case $name in
      static) path=/static/webstack.css ;;
      dynamic) path="/api/messages?limit=10" ;;
    esac
    for via in haproxy direct; do
      case $via in
        haproxy) url="https://www.webstack.test$path" ;;
        direct) url="https://$APP:8443$path" ;;
      esac
      file=$OUT/wrk-$name-$via.txt
      docker exec "$LB" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$file" 2>&1
      read -r -a line <<<"$(parse_wrk "$file" 2>/dev/null || echo "? ? ? ?")"
      rps[$name-$via]=${line[0]}
      result "$(printf '  %-8s %-8s %-44s %10s req/s  p50 %8s ms  p99 %8s ms  errors %s' \
        "$name" "$via" "$url" "${line[0]}" "${line[1]}" "${line[2]}" "${line[3]}")"
    done
    result "$(printf '  %-8s ratio HAProxy/direct %s' "$name" \
      "$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "${rps[$name-haproxy]}" "${rps[$name-direct]}" 2>/dev/null || echo '?')")"
  done
}

bench_lag() {
  local writers=${LAG_WRITERS:-4} seconds=${LAG_SECONDS:-60}
  log "lag: heartbeat on $PRIMARY every 0.2 s, sampled on $REPLICA every 0.5 s; $writers writers for $seconds s"
  # A heartbeat row written on the primary (binary-logged, so replicated) with a microsecond timestamp; the
  # replica's lag is its clock minus the newest heartbeat it has applied (same kernel clock: containers of
  # one machine). An upper bound: it includes up to one heartbeat interval (0.2 s) of staleness.
  docker exec "$PRIMARY" mariadb -e "CREATE TABLE IF NOT EXISTS webstack.bench_heartbeat (id TINYINT PRIMARY KEY, ts DATETIME(6) NOT NULL)"
  # shellcheck disable=SC2016  # expanded in the container
  docker exec "$PRIMARY" bash -c 'end=$((SECONDS + $1)); while [ $SECONDS -lt $end ]; do
      mariadb -e "REPLACE INTO webstack.bench_heartbeat VALUES (1, NOW(6))"; sleep 0.2; done' _ $((seconds + 5)) &
  local beat=$!
  sleep 2
  docker cp build/lab/pebble-root.pem "$CLIENT:/var/tmp/webstack-lab-root.pem" >/dev/null
  docker cp lab/drills/writer.py "$CLIENT:/var/tmp/writer.py" >/dev/null
  docker exec "$CLIENT" python3 /var/tmp/writer.py https://www.webstack.test/api/messages /var/tmp/webstack-lab-root.pem \
    "bench-$(date +%s)" /var/tmp/bench-writer.log /var/tmp/bench-writer.stop "$writers" "$seconds" &
  local writer=$!
  # shellcheck disable=SC2016  # expanded in the container
  docker exec "$REPLICA" bash -c 'end=$((SECONDS + $1)); while [ $SECONDS -lt $end ]; do
      mariadb -N -B -e "SELECT UNIX_TIMESTAMP(NOW(6)), TIMESTAMPDIFF(MICROSECOND, ts, NOW(6)) / 1e6 FROM webstack.bench_heartbeat"
      sleep 0.5; done' _ "$seconds" >"$OUT/lag-samples.txt" 2>&1
  wait "$writer"
  wait "$beat"
  docker cp "$CLIENT:/var/tmp/bench-writer.log" "$OUT/lag-writer.log" >/dev/null
  python3 - "$OUT/lag-samples.txt" "$OUT/lag-writer.log" "$seconds" "$writers" <<'EOF' | tee -a "$OUT/results.txt"
import sys
lags = [float(f[1]) for f in (line.split() for line in open(sys.argv[1])) if len(f) == 2]
rows = [line.split() for line in open(sys.argv[2]) if line.strip()]
acked = sum(1 for r in rows if r[1] == "201")
if not lags:
    print("lag: no samples (see build/lab/bench/lag-samples.txt)")
    sys.exit(0)
lags.sort()
def pct(p):
    return lags[min(len(lags) - 1, int(round(p / 100.0 * (len(lags) - 1))))]
print("lag: %s writers for %s s: %d writes acknowledged (%.1f/s), %d failed; %d samples: p50 %.3f s, p99 %.3f s, max %.3f s"
      % (sys.argv[4], sys.argv[3], acked, acked / float(sys.argv[3]), len(rows) - acked, len(lags), pct(50), pct(99), lags[-1]))
EOF
  lab/plot.sh lag "$OUT/lag-samples.txt" "$OUT/lag-writer.log" "$OUT/lag.png" >/dev/null && result "lag: plot $OUT/lag.png"
}

PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || read -r -a PARTS <<<"${BENCH:-deploy settings traffic lag}"
result "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB memory, load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)"
for part in "${PARTS[@]}"; do
  case $part in
    deploy) bench_deploy ;;
    settings) bench_settings ;;
    traffic) bench_traffic ;;
    lag) bench_lag ;;
    *) log "unknown part: $part"; exit 2 ;;
  esac
done
