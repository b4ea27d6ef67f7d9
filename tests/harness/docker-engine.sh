#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Make sure a Docker engine answers: use the running one, otherwise install
# Debian's docker.io and start dockerd by hand (no systemd on CI hosts).
set -euo pipefail

log() { printf '[docker-engine] %s\n' "$*" >&2; }

# Every container runs systemd, and each systemd takes inotify instances from the
# host's per-user budget (root's, shared by all containers). Debian's default of
# 128 runs out at about eight containers: systemd then fails to boot ("Failed to
# create inotify object: Too many open files"). Raise it for the tests and the lab.
ensure_inotify() {
  local key=fs.inotify.max_user_instances want=1024 have
  have=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo "$want")
  [ "$have" -ge "$want" ] && return 0
  if [ "$(id -u)" -eq 0 ] && sysctl -qw "$key=$want" 2>/dev/null; then
    log "raised $key from $have to $want (systemd in every container needs inotify instances)"
  else
    log "warning: $key is $have; containers may fail to boot systemd beyond about eight (as root: sysctl -w $key=$want)"
  fi
}
ensure_inotify

if docker info >/dev/null 2>&1; then
  log "engine already running ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "no Docker engine answers and this is not root: install and start Docker (e.g. 'sudo apt-get install docker.io'), or add your user to the docker group, then re-run"
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "no dockerd and no apt-get: install a Docker engine for this OS (https://docs.docker.com/engine/install/), start it, then re-run"
    exit 1
  fi
  log "installing Debian's docker.io"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

# A systemd host starts the engine itself; elsewhere start dockerd by hand.
if [ -d /run/systemd/system ] && systemctl start docker 2>/dev/null; then
  log "started docker.service"
else
  log "starting dockerd (log: /var/log/dockerd.log)"
  # setsid: the daemon must outlive the make process that started it.
  setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine answers ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/dockerd.log"
tail -n 20 /var/log/dockerd.log >&2 || true
exit 1
