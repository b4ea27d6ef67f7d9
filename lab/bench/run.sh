#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmarks against the lab (make lab first); figures in build/lab/bench/results.txt.
#
#   lab/bench/run.sh [traffic] [lag]     (make bench; BENCH="traffic" make bench)
#
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
}

PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || read -r -a PARTS <<<"${BENCH:-traffic lag}"
result "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB memory, load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)"
for part in "${PARTS[@]}"; do
  case $part in
    traffic) bench_traffic ;;
    lag) bench_lag ;;
    *) log "unknown part: $part"; exit 2 ;;
  esac
done
