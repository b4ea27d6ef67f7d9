#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The test suite behind `make test` and its faster targets.
#   run-suite.sh all|lint|unit|promtool|eda|sanity|build|molecule
# Each suite (a lint tool, the build, sanity, pytest, one Molecule scenario on
# one Debian release) is counted; the last line reads "N passed, N failed" and
# the exit status is non-zero when any failed. Logs: build/test-logs/.
# Settings: DEBIAN ("12 13"), SCENARIO (default: every molecule/*/ scenario).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
LOGS=$ROOT/build/test-logs
mkdir -p "$LOGS"
PASSED=0
FAILED=0
FAILED_NAMES=()

suite() { # suite NAME COMMAND... : run one suite, log it, count it
  local name=$1 log start rc
  shift
  log="$LOGS/${name//\//_}.log"
  start=$(date +%s)
  printf '==> %-36s ' "$name"
  "$@" >"$log" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then
    PASSED=$((PASSED + 1))
    printf 'passed  (%ss)\n' "$(($(date +%s) - start))"
  else
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
    printf 'FAILED  (%ss, exit %s, log %s)\n' "$(($(date +%s) - start))" "$rc" "${log#"$ROOT"/}"
    tail -n 60 "$log" | sed 's/^/    | /'
  fi
  return $rc
}

# A collections path where foobar.webstack is this working tree, so that tools
# resolve the collection's own modules and roles by FQCN.
collection_link() {
  "$ROOT/tools/link-collection.sh"
}

lint() {
  suite yamllint yamllint --strict .
  suite ansible-lint env ANSIBLE_COLLECTIONS_PATH="$(collection_link)" ansible-lint --offline
}

build() {
  suite collection-build tests/harness/build-collection.sh
}

sanity() {
  suite ansible-test-sanity tests/harness/sanity.sh
}

unit() {
  suite pytest python -m pytest -q tests/unit tests/integration
  promtool_rules
  eda_rulebook
}

promtool_rules() {
  suite promtool tests/harness/promtool.sh
}

# The failover rulebook under the real ansible-rulebook (Java from Debian when missing).
eda_rulebook() {
  suite eda-rulebook tests/harness/eda.sh
}

# Which scenarios run on which Debian release. Default (CI's budget, docs/testing.md):
# every role scenario on Debian 12, and the full stack (molecule/default), which runs
# every role together, on Debian 13. MATRIX=full runs every scenario on every release
# in DEBIAN; SCENARIO=... runs those scenarios on every release in DEBIAN.
scenarios_for() {
  local debian=$1 all
  all=$(for f in molecule/*/molecule.yml; do basename "$(dirname "$f")"; done)
  if [ -n "${SCENARIO:-}" ]; then
    echo "$SCENARIO"
  elif [ "${MATRIX:-ci}" = full ]; then
    echo "$all"
  elif [ "$debian" = 12 ]; then
    grep -vx default <<<"$all" || true
  else
    grep -x default <<<"$all" || true
  fi
}

molecule_suites() {
  local debian scenario
  collection_link >/dev/null  # the scenarios use the working tree as foobar.webstack
  # Fails loudly (and counts) when no engine can be had or an image cannot be built.
  suite docker-engine tests/harness/docker-engine.sh || return
  # shellcheck disable=SC2086  # one argument per scenario (none: every leftover)
  tests/harness/cleanup.sh ${SCENARIO:-}
  for debian in ${DEBIAN:-12 13}; do
    suite "image-debian$debian" tests/harness/images.sh "$debian" || continue
    for scenario in $(scenarios_for "$debian"); do
      # Own state directory per release: two releases of a scenario never share state.
      suite "molecule/$scenario/debian$debian" env WEBSTACK_DEBIAN="$debian" \
        MOLECULE_EPHEMERAL_DIRECTORY="$ROOT/build/molecule/$scenario-debian$debian" \
        molecule test -s "$scenario"
    done
  done
}

case "${1:-all}" in
  all) lint; build; sanity; unit; molecule_suites ;;
  lint) lint ;;
  build) build ;;
  sanity) sanity ;;
  unit) unit ;;
  promtool) promtool_rules ;;
  eda) eda_rulebook ;;
  molecule) molecule_suites ;;
  *) echo "usage: $0 all|lint|unit|promtool|eda|sanity|build|molecule" >&2; exit 2 ;;
esac

[ $FAILED -eq 0 ] || printf 'failed: %s\n' "${FAILED_NAMES[*]}"
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[ $FAILED -eq 0 ]
