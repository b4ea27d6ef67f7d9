# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input stops the nginx_app role before it changes anything (see conftest.expect_rejected).
The role runs as app-01 of inventories/app.yml, which is the controller in check mode."""
from pathlib import Path

import pytest

# The role's database passwords default to the inventory's mysql_primary_* secrets.
SECRETS = {"mysql_primary_app_password": "z" * 16, "mysql_primary_app_reader_password": "w" * 16}
FIRST_CHANGE = "Install Nginx, gunicorn"
DEMO_APP = str(Path(__file__).resolve().parents[2] / "roles" / "nginx_app" / "files" / "demo_app")

# (test id, bad variables, text the error must contain)
CASES = [
    ("writer-secret-missing", {"mysql_primary_app_password": ""},
     "Missing secret(s): nginx_app_db_password (by default the inventory's mysql_primary_app_password)."),
    ("reader-secret-missing", {"nginx_app_db_reader_password": ""}, "Missing secret(s): nginx_app_db_reader_password"),
    ("port-type", {"nginx_app_port": "https"}, "nginx_app_port"),
    ("port-range", {"nginx_app_port": 70000}, 'out of range: {"nginx_app_port": 70000}'),
    ("stub-status-port-clash", {"nginx_app_stub_status_port": 8443}, "must be 1-65535 and differ (got 8443 and 8443"),
    ("tls-type", {"nginx_app_tls": "maybe"}, "nginx_app_tls"),
    ("body-size", {"nginx_app_client_max_body_size": "10 MB"}, 'nginx_app_client_max_body_size an Nginx size such as 10m (got "10 MB")'),
    ("listen-address", {"nginx_app_listen_address": "app.example.com"}, 'nginx_app_listen_address empty or one IP address (got "app.example.com")'),
    ("trusted-proxies", {"nginx_app_trusted_proxies": ["10.0.0.0/33"]}, 'nginx_app_trusted_proxies IP addresses or networks (not valid: ["10.0.0.0/33"])'),
    ("header-name", {"nginx_app_security_headers": {"X Frame": "DENY"}}, 'nginx_app_security_headers names of letters, digits and dashes (got ["X Frame"])'),
    ("static-dir-escape", {"nginx_app_static_dir": "static/../../etc"}, 'nginx_app_static_dir a relative path inside the app\'s source'),
    ("gzip-types", {"nginx_app_gzip_static_types": ["text/css", "text/css;"]},
     'nginx_app_gzip_static_types MIME types such as text/css (not valid: ["text/css;"])'),
    ("source-choice", {"nginx_app_source": "svn"}, "nginx_app_source"),
    ("source-path-missing", {"nginx_app_source": "path", "nginx_app_source_path": "/nonexistent/webstack-app"},
     "nginx_app_source_path /nonexistent/webstack-app does not exist on the controller"),
    ("source-path-relative", {"nginx_app_source": "path", "nginx_app_source_path": "webstack-app"},
     'nginx_app_source_path must be an absolute path on the controller (got "webstack-app")'),
    ("source-path-not-archive", {"nginx_app_source": "path", "nginx_app_source_path": __file__},
     "is neither a directory nor an archive"),
    ("git-version-missing", {"nginx_app_source": "git", "nginx_app_source_git_url": "https://git.example.com/app.git"},
     "nginx_app_source_git_version must name the branch, tag or commit to deploy"),
    ("git-url", {"nginx_app_source": "git", "nginx_app_source_git_url": "git.example.com/app", "nginx_app_source_git_version": "v1"},
     'nginx_app_source_git_url must be a git URL such as https://git.example.com/app.git'),
    ("wsgi-app", {"nginx_app_wsgi_app": "wsgi.py"}, 'nginx_app_wsgi_app must be module:callable such as wsgi:application (got "wsgi.py")'),
    ("user-root", {"nginx_app_user": "root"}, 'nginx_app_user and nginx_app_group unprivileged account names (got "root"'),
    ("workers", {"nginx_app_workers": -1}, "nginx_app_workers >= 0"),
    ("workers-type", {"nginx_app_workers": "many"}, "nginx_app_workers"),
    ("keep-releases", {"nginx_app_keep_releases": 0}, "nginx_app_keep_releases >= 1"),
    ("environment-role-owned", {"nginx_app_environment": {"WEBSTACK_DB_PASSWORD": "x"}},
     'none of the role\'s own'),
    ("environment-name", {"nginx_app_environment": {"APP-MODE": "x"}}, 'got ["APP-MODE"]'),
    ("service-setting", {"nginx_app_service_extra_settings": {"memory max": "1G"}}, "nginx_app_service_extra_settings systemd [Service] keys"),
    ("write-host", {"nginx_app_db_write_host": "db.example.com"}, "nginx_app_db_write_host and nginx_app_db_read_hosts must be IP addresses"),
    ("read-hosts", {"nginx_app_db_read_hosts": ["10.0.0.300"]}, 'and ["10.0.0.300"]'),
    ("db-name", {"nginx_app_db_name": "web-stack"}, 'nginx_app_db_name 1-64 letters, digits or underscores (got "web-stack")'),
]


@pytest.mark.parametrize(("bad_vars", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_fails_before_any_change(expect_rejected, bad_vars, message):
    expect_rejected("nginx_app", dict(SECRETS, **bad_vars), message, FIRST_CHANGE, inventory="app", target="app-01")


def test_a_host_outside_app_servers_is_rejected(expect_rejected):
    expect_rejected("nginx_app", SECRETS, "db-primary is not in the app_servers group (which holds ['app-01'])", FIRST_CHANGE,
                    inventory="app", target="db-primary")


def test_no_primary_and_no_write_host_is_rejected(apply_role, tmp_path):
    """Without a db_primary host the role cannot tell where writes go."""
    inventory = tmp_path / "inventory.yml"
    inventory.write_text("app_servers:\n  hosts:\n    localhost:\n      webstack_private_ip: 10.0.0.21\n")
    rc, output = apply_role("nginx_app", SECRETS, "-i", str(inventory))
    assert rc != 0, output
    assert "the app writes to nginx_app_db_write_host, or when it is empty to the one host of db_primary" in output, output
    assert FIRST_CHANGE not in output, output


@pytest.mark.parametrize("source", [
    {},
    {"nginx_app_source": "path", "nginx_app_source_path": DEMO_APP},
    {"nginx_app_source": "git", "nginx_app_source_git_url": "git@git.example.com:web/app.git", "nginx_app_source_git_version": "v1.2.0"},
    {"nginx_app_db_write_host": "10.0.0.99", "nginx_app_db_read_hosts": ["10.0.0.98"], "nginx_app_tls": False},
], ids=["demo", "path", "git", "explicit-hosts"])
def test_valid_input_passes_the_checks(apply_role, source):
    rc, output = apply_role("nginx_app", dict(SECRETS, **source), "--tags", "nginx_app_preflight", inventory="app", target="app-01")
    assert rc == 0, output
    assert "Validating arguments" in output, output
    assert "Check the write host agrees with the last failover" in output, output
