# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLAYBOOK = REPO / "tests" / "integration" / "playbooks" / "apply_role.yml"
INVENTORIES = REPO / "tests" / "integration" / "inventories"


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    """A collections path where foobar.webstack is this working tree."""
    root = tmp_path_factory.mktemp("collections")
    namespace = root / "ansible_collections" / "foobar"
    namespace.mkdir(parents=True)
    (namespace / "webstack").symlink_to(REPO, target_is_directory=True)
    return root


@pytest.fixture
def apply_role(collections_path):
    """Run playbooks/apply_role.yml in check mode against the controller; return (rc, output).
    With inventory="databases" (a file in inventories/), run as its host `target`."""

    def run(role, extra_vars, *args, inventory=None, target=None):
        if target:
            extra_vars = dict(extra_vars, target=target)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path), ANSIBLE_NOCOLOR="1",
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        command = [str(Path(sys.executable).parent / "ansible-playbook"), "--check",
                   "-i", str(INVENTORIES / (inventory + ".yml")) if inventory else "localhost,",
                   "-e", json.dumps(dict(extra_vars, role_under_test=role)), str(PLAYBOOK), *args]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        return result.returncode, result.stdout + result.stderr

    return run


@pytest.fixture
def expect_rejected(apply_role):
    """Apply a role with bad variables and assert it stops in argument validation
    or in a preflight check (a task named "Check ..."), with a message containing
    `message`, and never reaches `first_change` (the role's first task that can
    change a host)."""

    def check(role, bad_vars, message, first_change, **where):
        rc, output = apply_role(role, bad_vars, **where)
        assert rc != 0, output
        assert message in output, output
        assert first_change not in output, "the role went past its checks:\n" + output
        failed_task = re.findall(r"TASK \[([^\]]+)\]", output)[-1]
        assert "Validating arguments" in failed_task or ": Check " in failed_task, failed_task

    return check
