#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the collection tarball into build/ and check that nothing meant to
# stay out of it (build_ignore in galaxy.yml) got in.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')
tarball=build/foobar-webstack-$version.tar.gz
mkdir -p build
ansible-galaxy collection build --force --output-path build .
test -f "$tarball"
contents=$(tar -tzf "$tarball")
leaked=$(echo "$contents" | grep -E '^(molecule|tests|extensions/molecule|\.ci|\.venv|\.config|build)/' || true)
if [ -n "$leaked" ]; then
  echo "the tarball holds files build_ignore should keep out:" >&2
  echo "$leaked" | head -20 >&2
  exit 1
fi
for required in README.md meta/runtime.yml roles/common/tasks/main.yml MANIFEST.json; do
  grep -qx "$required" <<<"$contents" || { echo "the tarball lacks $required" >&2; exit 1; }
done
echo "built $tarball ($(wc -l <<<"$contents") entries)"
