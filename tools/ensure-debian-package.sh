#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Make sure a command exists on this machine, installing the Debian package that has it when it
# does not (as root, with apt-get; the package lists are refreshed once when the first try fails).
# Exits non-zero, naming the package, when the command is still missing.
#
#   tools/ensure-debian-package.sh COMMAND PACKAGE     e.g. java default-jre-headless
set -euo pipefail
command=$1
package=$2
command -v "$command" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's $package (for $command)" >&2
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null; }
  install || { apt-get update -qq && install; } || true
fi
command -v "$command" >/dev/null 2>&1 || { echo "$command not found: install Debian's $package" >&2; exit 1; }
