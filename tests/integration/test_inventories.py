# SPDX-License-Identifier: GPL-3.0-or-later
"""The shipped inventories: they parse, have the topology's groups, resolve their
secrets, and playbooks/site.yml passes --syntax-check against them."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROD = REPO / "inventories" / "prod"
VAULT_PASSWORD = PROD / "example-vault-password.txt"
GROUPS = {"loadbalancers", "app_servers", "databases", "db_primary", "db_replicas", "monitoring"}


def run(tool, *args, collections_path):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path), ANSIBLE_NOCOLOR="1")
    result = subprocess.run([str(BIN / tool), *args], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize("name", ["prod", "lab"])
def test_inventory_has_the_topology(name, collections_path):
    inventory = json.loads(run("ansible-inventory", "-i", str(REPO / "inventories" / name), "--list",
                               "--vault-password-file", str(VAULT_PASSWORD), collections_path=collections_path))
    assert GROUPS <= set(inventory), sorted(inventory)
    assert inventory["db_primary"]["hosts"] and len(inventory["db_primary"]["hosts"]) == 1
    assert len(inventory["app_servers"]["hosts"]) >= 2
    graph = run("ansible-inventory", "-i", str(REPO / "inventories" / name), "--graph",
                collections_path=collections_path)
    assert "@databases" in graph and "@db_replicas" in graph


@pytest.mark.parametrize("name", ["prod", "lab"])
def test_site_passes_syntax_check(name, collections_path):
    output = run("ansible-playbook", "-i", str(REPO / "inventories" / name), "--syntax-check",
                 "--vault-password-file", str(VAULT_PASSWORD), str(REPO / "playbooks" / "site.yml"),
                 collections_path=collections_path)
    assert "playbook: " in output


def test_prod_secrets_come_from_the_vault(collections_path):
    """Every secret the roles require resolves, through the encrypted vault, to a non-empty value."""
    secrets = ["mysql_server_replication_password", "mysql_server_exporter_password",
               "mysql_primary_app_password", "mysql_primary_app_reader_password"]
    assert (PROD / "group_vars" / "all" / "vault.yml").read_text().startswith("$ANSIBLE_VAULT;")
    output = run("ansible", "-i", str(PROD), "db-01", "-m", "ansible.builtin.debug",
                 "-a", "msg={{ [" + ", ".join(secrets) + "] | select | length }}",
                 "--vault-password-file", str(VAULT_PASSWORD), collections_path=collections_path)
    assert '"msg": %d' % len(secrets) in output or "msg: %d" % len(secrets) in output, output
