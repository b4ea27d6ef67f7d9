#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Suite eda: tests/eda/check_rulebook.sh, after making sure ansible-rulebook has
# its Java runtime (Debian's default-jre-headless; it installs only as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/ensure-debian-package.sh java default-jre-headless
exec tests/eda/check_rulebook.sh
