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

# Installed from the tarball into an empty collections path, every plugin's and
# role's documentation renders (what a user of the Galaxy release sees).
installed=$(mktemp -d)
trap 'rm -rf "$installed"' EXIT
tarball=$PWD/$tarball
cd "$installed"  # away from this checkout, its ansible.cfg and the copies Molecule installs
export ANSIBLE_COLLECTIONS_PATH=$installed
ansible-galaxy collection install --force --no-deps --offline -p "$installed" "$tarball" >/dev/null
modules=$(ansible-doc -l foobar.webstack | awk '{print $1}')
filters=$(ansible-doc -t filter -l foobar.webstack | awk '{print $1}')
if [ -z "$modules" ] || [ -z "$filters" ]; then
  echo "ansible-doc lists no modules or filters of the installed collection" >&2
  exit 1
fi
for module in $modules; do
  ansible-doc "$module" >/dev/null
done
for filter in $filters; do
  ansible-doc -t filter "$filter" >/dev/null
done
for role in $(echo "$contents" | sed -n 's|^roles/\([a-z_]*\)/meta/argument_specs.yml$|\1|p'); do
  ansible-doc -t role "foobar.webstack.$role" >/dev/null
done
echo "documentation renders: $(wc -w <<<"$modules") module(s), $(wc -w <<<"$filters") filter(s), $(echo "$contents" | grep -c '^roles/[a-z_]*/meta/argument_specs.yml$') role(s)"

# Its playbooks resolve by FQCN from the installed copy alone (no repository paths).
for playbook in $(echo "$contents" | sed -n 's|^playbooks/\([a-z_]*\)\.yml$|\1|p'); do
  ANSIBLE_HOST_PATTERN_MISMATCH=ignore ansible-playbook -i localhost, --syntax-check "foobar.webstack.$playbook" >/dev/null
done
echo "playbooks pass --syntax-check by FQCN: $(echo "$contents" | grep -c '^playbooks/[a-z_]*\.yml$')"

# The execution environment definition (execution-environment.yml) renders a build
# context with this tarball in it (ansible-builder create; building the image needs a registry).
cd "$OLDPWD"
cp "$tarball" ee/foobar-webstack.tar.gz
rm -rf build/ee
ansible-builder create --file execution-environment.yml --context build/ee >/dev/null
grep -rq 'ansible-core==2.19.14' build/ee
test -f build/ee/_build/collections/foobar-webstack.tar.gz
echo "execution environment build context: build/ee/"
