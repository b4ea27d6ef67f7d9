# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input stops the database roles before they change anything (see conftest.expect_rejected).
The roles run as the hosts of inventories/databases.yml, which are the controller in check mode."""
import pytest

SECRETS = {
    "mysql_server_replication_password": "x" * 16,
    "mysql_server_exporter_password": "y" * 16,
    "mysql_primary_app_password": "z" * 16,
    "mysql_primary_app_reader_password": "w" * 16,
}
INSTALL = "Install MariaDB and the Python driver"

# (role, host, bad variables, text the error must contain)
CASES = [
    ("mysql_replica", "db-replica", {"mysql_replica_primary": "db-replica-2"},
     "mysql_replica_primary resolves to 'db-replica-2'"),
    ("mysql_replica", "db-replica", {"mysql_replica_primary": "db-replica"},
     "db_primary: ['db-primary']"),
    ("mysql_replica", "db-replica", {"mysql_server_replication_password": ""},
     "Missing secret(s): mysql_server_replication_password"),
    ("mysql_primary", "db-primary", {"mysql_primary_app_password": ""},
     "Missing secret(s): mysql_primary_app_password"),
    ("mysql_primary", "db-primary", {"mysql_server_id": 7},
     "server_id must be unique across the databases group"),
    ("mysql_primary", "db-primary", {"mysql_server_innodb_buffer_pool_size": "lots"},
     "mysql_server_innodb_buffer_pool_size a size such as 256M"),
    ("mysql_primary", "db-primary", {"mysql_primary_app_extra_hosts": ["%"]},
     "mysql_primary_app_extra_hosts must list IP addresses"),
    ("mysql_primary", "db-replica", {}, "mysql_primary runs on the single host of the db_primary group"),
    ("mysql_replica", "db-replica", {"mysql_replica_max_lag": "soon"}, "mysql_replica_max_lag"),
    ("mysql_primary", "db-primary", {"mysql_server_semi_sync": "sometimes"},
     "mysql_server_semi_sync must be auto, true or false (got 'sometimes')"),
    ("mysql_replica", "db-replica", {"mysql_server_semi_sync_timeout": 0},
     "mysql_server_semi_sync_timeout a number of milliseconds, 1 or more (got '0')"),
    ("mysql_primary", "db-primary", {"mysql_server_semi_sync_timeout": "10s"},
     "argument 'mysql_server_semi_sync_timeout' is of type str and we were unable to convert to int"),
]


@pytest.mark.parametrize(("role", "host", "bad_vars", "message"), CASES,
                         ids=[f"{c[0]}-{next(iter(c[2]), 'wrong-host')}" for c in CASES])
def test_bad_input_fails_before_any_change(expect_rejected, role, host, bad_vars, message):
    expect_rejected(role, dict(SECRETS, **bad_vars), message, INSTALL, inventory="databases", target=host)


@pytest.mark.parametrize(("role", "host"), [("mysql_primary", "db-primary"), ("mysql_replica", "db-replica")])
def test_valid_input_passes_the_checks(apply_role, role, host):
    rc, output = apply_role(role, SECRETS, "--tags", f"{role}_preflight,mysql_server_preflight",
                            inventory="databases", target=host)
    assert rc == 0, output
    assert "Validating arguments" in output, output
