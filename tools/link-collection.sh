#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Make this checkout resolvable as the collection foobar.webstack: a link
# build/collections/ansible_collections/foobar/webstack -> the checkout, on the
# collections path of ansible.cfg. Playbooks run from the checkout
# (ansible-playbook playbooks/site.yml ...) then use the working tree's roles
# and plugins, never a stale installed copy. Prints the collections path.
# `make venv` runs it; so do the test harness and the lab.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
link=$root/build/collections/ansible_collections/foobar/webstack
mkdir -p "$(dirname "$link")"
[ "$(readlink "$link" 2>/dev/null)" = "$root" ] || ln -sfn "$root" "$link"
echo "$root/build/collections"
