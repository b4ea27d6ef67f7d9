#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ansible-test sanity needs the collection under ansible_collections/foobar/webstack:
# run it on a copy of the working tree (tracked and new files, nothing ignored).
# Extra arguments go to ansible-test (e.g. --test pylint).
set -euo pipefail
cd "$(dirname "$0")/../.."
# ansible-test bootstraps pip with a script from a host that is not reachable
# here; the stand-in installs pip from the interpreter's bundled wheel.
pip_version=$(python -c '
from ansible_test._internal.python_requirements import get_venv_packages
class Python: version = "{0.major}.{0.minor}".format(__import__("sys").version_info)
print(get_venv_packages(Python())["pip"])')
mkdir -p ~/.ansible/test/cache
cp tests/harness/get_pip_offline.py ~/.ansible/test/cache/get_pip_"${pip_version//./_}".py
# The shellcheck sanity test is skipped (with a warning) without the tool.
if ! command -v shellcheck >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
fi
# The copy lives outside this repository: inside it, ansible-test would ask
# git for the file list and skip everything under the ignored build/.
workdir=$(mktemp -d "${TMPDIR:-/tmp}/webstack-sanity.XXXXXX")
trap 'rm -rf "$workdir"' EXIT
copy=$workdir/ansible_collections/foobar/webstack
mkdir -p "$copy"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -C "$copy" -xf -
# Collections this one depends on (galaxy.yml dependencies) must sit in the same
# ansible_collections tree, or validate-modules, import and ansible-doc cannot
# resolve their doc fragments and module_utils: link them from the venv's bundle.
python - "$workdir/ansible_collections" <<'PY'
import importlib, os, sys, yaml
with open('galaxy.yml') as galaxy:
    dependencies = yaml.safe_load(galaxy).get('dependencies') or {}
for name in dependencies:
    namespace, collection = name.split('.')
    path = list(importlib.import_module('ansible_collections.%s' % name).__path__)[0]
    os.makedirs(os.path.join(sys.argv[1], namespace), exist_ok=True)
    os.symlink(path, os.path.join(sys.argv[1], namespace, collection))
PY
cd "$copy"
# Sanity runs on the controller's Python; the Debian 13 scenarios run the
# modules on Python 3.13 for real.
ansible-test sanity --local --color no --python "$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" "$@"
