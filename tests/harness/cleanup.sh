#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Remove what an earlier (possibly interrupted) test run left behind:
# containers and networks labelled org.foobar.webstack.test; with scenario
# names as arguments, only those scenarios' (so that a run of one scenario
# leaves another one's containers alone).
set -euo pipefail
docker info >/dev/null 2>&1 || exit 0
filters=()
for scenario in "${@:-}"; do
  if [ -n "$scenario" ]; then
    filters+=("label=org.foobar.webstack.scenario=$scenario")
  else
    filters+=("label=org.foobar.webstack.test")
  fi
done
for filter in "${filters[@]}"; do
  names=$(docker ps -a --filter "$filter" --format '{{.Names}}' | tr '\n' ' ')
  if [ -n "${names// /}" ]; then
    echo "[cleanup] removing leftover containers: $names" >&2
    # shellcheck disable=SC2086
    docker rm -f $names >/dev/null
  fi
  networks=$(docker network ls -q --filter "$filter")
  if [ -n "$networks" ]; then
    echo "[cleanup] removing leftover networks" >&2
    # shellcheck disable=SC2086
    docker network rm $networks >/dev/null
  fi
done
