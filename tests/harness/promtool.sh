#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the monitoring_server role's rule templates with its defaults into
# build/prometheus/rules/, checks them with `promtool check rules` and runs the
# unit tests tests/prometheus/*.test.yml with `promtool test rules`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# promtool comes with Debian's prometheus package (the server is not started here).
if ! command -v promtool >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
command -v promtool >/dev/null 2>&1 || { echo "promtool not found: install Debian's prometheus package" >&2; exit 1; }
rm -rf build/prometheus/rules
ANSIBLE_FORCE_COLOR=false ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
  ansible-playbook -i localhost, tests/prometheus/render.yml
promtool check rules build/prometheus/rules/*.yml
promtool test rules tests/prometheus/*.test.yml
