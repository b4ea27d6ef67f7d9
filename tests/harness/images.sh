#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the Debian base images the Molecule scenarios run on, locally, with
# debootstrap + docker import (no registry is needed). An image is reused while
# its recipe (the build function, package list and mirrors) is unchanged and
# rebuilt when that changes.
#
# Usage: images.sh [12|13 ...]   (default: 12 13)
# Settings: WEBSTACK_TEST_IMAGE_DEBIAN12 / WEBSTACK_TEST_IMAGE_DEBIAN13 name the
# image a scenario uses; set them to a public image (e.g. one built from the
# same recipe and pushed to your registry) and this script leaves them alone.
set -euo pipefail

log() { printf '[images] %s\n' "$*" >&2; }

# The recipe: everything below decides what an image contains.
MIRROR=${WEBSTACK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${WEBSTACK_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
INCLUDE=python3,python3-apt,systemd,systemd-sysv,dbus,iproute2,ca-certificates,procps

codename() {
  case "$1" in
    12) echo bookworm ;;
    13) echo trixie ;;
    *) log "unknown Debian version '$1' (valid: 12, 13)"; exit 2 ;;
  esac
}

default_tag() { echo "localhost/webstack-debian:$1"; }

build() {
  local version=$1 tag=$2 suite root
  suite=$(codename "$version")
  if ! command -v debootstrap >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      log "debootstrap is missing: install it (Debian: apt-get install debootstrap) or set WEBSTACK_TEST_IMAGE_DEBIAN$version to a prebuilt image"
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  root=$(mktemp -d /var/tmp/webstack-rootfs.XXXXXX)
  ROOTFS=$root
  log "debootstrap $suite into $root (about a minute)"
  debootstrap --variant=minbase --include="$INCLUDE" "$suite" "$root" "$MIRROR" >"$root.log" 2>&1 \
    || { tail -n 30 "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  # Same sources a Debian server has: release, updates and security.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $MIRROR
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # No package lists and no cached .debs: the roles must update and install.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
  # ...and an empty list directory that looks old, so apt's cache_valid_time updates it.
  touch -d @0 "$root/var/lib/apt/lists"
  : >"$root/etc/machine-id"
  # Units that cannot work in a container and only slow boot down.
  for unit in getty.target systemd-timesyncd.service systemd-firstboot.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  # docker import takes no STOPSIGNAL: the scenario sets stop_signal SIGRTMIN+3.
  tar -C "$root" -c . | docker import \
    -c 'CMD ["/lib/systemd/systemd"]' \
    -c "LABEL org.foobar.webstack.recipe=$RECIPE" \
    - "$tag" >/dev/null
  log "built $tag (recipe $RECIPE)"
}

# The recipe's fingerprint: comments and other parts of this file do not count.
RECIPE=$( { declare -f build; echo "$INCLUDE $MIRROR $SECURITY_MIRROR"; } | sha256sum | cut -c1-16)
ROOTFS=
trap '[ -z "$ROOTFS" ] || rm -rf "$ROOTFS" "$ROOTFS.log"' EXIT

for version in "${@:-12 13}"; do
  for v in $version; do
    var="WEBSTACK_TEST_IMAGE_DEBIAN$v"
    tag=${!var:-}
    if [ -n "$tag" ] && [ "$tag" != "$(default_tag "$v")" ]; then
      log "Debian $v: using $tag from $var (not built here)"
      continue
    fi
    tag=$(default_tag "$v")
    have=$(docker image inspect -f '{{ index .Config.Labels "org.foobar.webstack.recipe" }}' "$tag" 2>/dev/null || true)
    if [ "$have" = "$RECIPE" ]; then
      log "Debian $v: reusing $tag (recipe $RECIPE)"
    else
      build "$v" "$tag"
    fi
  done
done
