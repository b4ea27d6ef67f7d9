#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the monitoring_server role's rule templates with its defaults into
# build/prometheus/rules/, checks them with `promtool check rules` and runs the
# unit tests tests/prometheus/*.test.yml with `promtool test rules`.
set -euo pipefail
cd "$(dirname "$0")/../.."
# promtool comes with Debian's prometheus package (the server is not started here).
tools/ensure-debian-package.sh promtool prometheus
rm -rf build/prometheus/rules
ANSIBLE_FORCE_COLOR=false ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
  ansible-playbook -i localhost, tests/prometheus/render.yml
promtool check rules build/prometheus/rules/*.yml
promtool test rules tests/prometheus/*.test.yml
