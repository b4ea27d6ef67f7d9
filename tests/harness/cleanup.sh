#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Remove what an earlier (possibly interrupted) test run left behind:
# containers and networks labelled org.foobar.webstack.test.
set -euo pipefail
docker info >/dev/null 2>&1 || exit 0
containers=$(docker ps -aq --filter label=org.foobar.webstack.test)
if [ -n "$containers" ]; then
  echo "[cleanup] removing leftover containers: $(docker ps -a --filter label=org.foobar.webstack.test --format '{{.Names}}' | tr '\n' ' ')" >&2
  # shellcheck disable=SC2086
  docker rm -f $containers >/dev/null
fi
networks=$(docker network ls -q --filter label=org.foobar.webstack.test)
if [ -n "$networks" ]; then
  echo "[cleanup] removing leftover networks" >&2
  # shellcheck disable=SC2086
  docker network rm $networks >/dev/null
fi
