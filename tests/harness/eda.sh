#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Suite eda: tests/eda/check_rulebook.sh, after making sure ansible-rulebook has
# its Java runtime (Debian's default-jre-headless; it installs only as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v java >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null; }
  install || { apt-get update -qq && install; }
fi
command -v java >/dev/null 2>&1 || { echo "java not found: install Debian's default-jre-headless" >&2; exit 1; }
exec tests/eda/check_rulebook.sh
