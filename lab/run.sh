#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The lab: the whole stack as Docker containers on this machine, deployed by the
# real playbooks/site.yml (inventories/lab), certificates from a local ACME CA.
#
#   lab/run.sh up     create or update the lab, print its URLs and a summary, start the
#                     failover rulebook (lab/eda.sh) (make lab)
#   lab/run.sh down   remove its containers and networks (make lab-down)
#
# Settings: WEBSTACK_DEBIAN (12 or 13, default 12). Full Ansible output goes to
# build/lab/*.log; the terminal shows one progress line per step.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/.venv/bin:$PATH" ANSIBLE_FORCE_COLOR=false ANSIBLE_NOCOLOR=1
LOGS=$ROOT/build/lab
INVENTORY=$ROOT/inventories/lab
mkdir -p "$LOGS"
tools/link-collection.sh >/dev/null

log() { printf '[lab] %s\n' "$*" >&2; }

# Run an ansible-playbook step with its output in a log file and, on the
# terminal, a progress line: the step's name, elapsed seconds, the current task.
step() {
  local name=$1 logfile=$LOGS/$2; shift 2
  local start=$SECONDS rc=0 task=""
  if [ -t 2 ]; then
    "$@" >"$logfile" 2>&1 &
    local pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      task=$(grep -E '^(TASK|PLAY) \[' "$logfile" 2>/dev/null | tail -n 1 | cut -c1-70 || true)
      printf '\r\033[K[lab] %s %4ds  %s' "$name" $((SECONDS - start)) "$task" >&2
      sleep 1
    done
    wait "$pid" || rc=$?
    printf '\r\033[K' >&2
  else
    log "$name ..."
    "$@" >"$logfile" 2>&1 || rc=$?
  fi
  if [ "$rc" -ne 0 ]; then
    log "$name FAILED after $((SECONDS - start)) s; the end of $logfile:"
    tail -n 40 "$logfile" >&2
    exit "$rc"
  fi
  local recap
  recap=$(sed -n '/^PLAY RECAP/,$p' "$logfile" | awk -F'changed=' 'NF > 1 {split($2, n, " "); total += n[1]} END {print total + 0}')
  log "$name done in $((SECONDS - start)) s (changed: $recap; log: ${logfile#"$ROOT"/})"
}

case "${1:-up}" in
  up)
    log "1/5 Docker engine and the Debian ${WEBSTACK_DEBIAN:-12} image"
    tests/harness/docker-engine.sh
    tests/harness/images.sh "${WEBSTACK_DEBIAN:-12}"
    step "2/5 containers and the ACME CA" containers.log ansible-playbook -i "$INVENTORY" lab/up.yml
    # --flush-cache: a recreated container has a new address; never deploy from cached facts.
    step "3/5 playbooks/site.yml" site.log ansible-playbook -i "$INVENTORY" --flush-cache playbooks/site.yml
    step "4/5 summary" summary.log ansible-playbook -i "$INVENTORY" lab/summary.yml
    log "5/5 automatic failover (ansible-rulebook, lab/eda.sh)"
    lab/eda.sh start
    echo
    cat "$LOGS/summary.txt"
    ;;
  down)
    lab/eda.sh stop
    if docker info >/dev/null 2>&1; then
      ansible-playbook -i "$INVENTORY" lab/down.yml >"$LOGS/down.log" 2>&1 || { tail -n 20 "$LOGS/down.log" >&2; exit 1; }
    fi
    log "removed"
    ;;
  *)
    log "usage: lab/run.sh up|down"; exit 2 ;;
esac
