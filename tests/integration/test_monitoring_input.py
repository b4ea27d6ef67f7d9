# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input stops the monitoring_server and monitoring_agent roles before they change anything
(see conftest.expect_rejected). The roles run as hosts of inventories/monitoring.yml, which are
the controller in check mode."""
import pytest

SERVER_FIRST_CHANGE = "Install Prometheus, Alertmanager"
AGENT_FIRST_CHANGE = "Install the exporters"

# (test id, bad variables, text the error must contain)
SERVER_CASES = [
    ("receiver-type", {"monitoring_server_alertmanager_receivers": [{"name": "ops", "type": "pagerduty", "url": "https://x.example/"}]},
     'monitoring_server_alertmanager_receivers[0] (ops): type "pagerduty" is not one of webhook, email'),
    ("receiver-type-missing", {"monitoring_server_alertmanager_receivers": [{"name": "ops"}]},
     'monitoring_server_alertmanager_receivers[0] (ops): type "" is not one of webhook, email'),
    ("webhook-url", {"monitoring_server_alertmanager_receivers": [{"name": "ops", "type": "webhook", "url": "hooks.example"}]},
     "monitoring_server_alertmanager_receivers[0] (ops): a webhook needs url"),
    ("email-fields", {"monitoring_server_alertmanager_receivers": [{"name": "ops", "type": "email", "to": "ops@example.com"}]},
     "monitoring_server_alertmanager_receivers[0] (ops): an email receiver needs to, from (addresses) and smarthost (host:port)"),
    ("route-unknown-receiver", {"monitoring_server_alertmanager_route": {"receiver": "pager"}},
     'monitoring_server_alertmanager_route names receivers ["pager"] that monitoring_server_alertmanager_receivers does not define'),
    ("nested-route-unknown-receiver",
     {"monitoring_server_alertmanager_route": {"receiver": "null", "routes": [{"matchers": ["severity=critical"], "receiver": "pager"}]}},
     'names receivers ["pager"]'),
    ("threshold-not-a-number", {"monitoring_server_alert_replication_lag_seconds": "thirty"},
     'Set monitoring_server_alert_replication_lag_seconds to a number >= 0 (got "thirty")'),
    ("ratio-not-a-number", {"monitoring_server_alert_5xx_ratio": "5%"},
     'Set monitoring_server_alert_5xx_ratio to a number, a share between 0 and 1 exclusive such as 0.05 (got "5%")'),
    ("ratio-out-of-range", {"monitoring_server_alert_disk_free_ratio": 10},
     'Set monitoring_server_alert_disk_free_ratio to a number, a share between 0 and 1 exclusive'),
    ("for-not-a-duration", {"monitoring_server_alert_host_down_for": "5 minutes"},
     'Set monitoring_server_alert_host_down_for to a Prometheus duration such as 30s, 5m, 1h30m or 15d'),
    ("for-bad-unit-order", {"monitoring_server_alert_backend_down_for": "30s1m"},
     'Set monitoring_server_alert_backend_down_for to a Prometheus duration'),
    ("retention-not-a-duration", {"monitoring_server_retention_time": "15 days"},
     'Set monitoring_server_retention_time to a Prometheus duration'),
    ("scrape-interval-number", {"monitoring_server_scrape_interval": 15},
     'Set monitoring_server_scrape_interval to a Prometheus duration'),
    ("retention-size", {"monitoring_server_retention_size": "10 gigabytes"},
     'monitoring_server_retention_size empty or a size such as 10GB (got "10 gigabytes")'),
    ("port", {"monitoring_server_prometheus_port": 90900}, 'Set monitoring_server_prometheus_port to a TCP port, 1-65535 (got "90900")'),
    ("blackbox-target", {"monitoring_server_blackbox_targets": ["www.example.com"]},
     'monitoring_server_blackbox_targets to http(s) URLs (got ["www.example.com"])'),
]

AGENT_CASES = [
    ("port", {"monitoring_agent_node_exporter_port": 0}, 'Set monitoring_agent_node_exporter_port to a TCP port, 1-65535 (got "0")'),
    ("listen-address", {"monitoring_agent_listen_address": "mon.example.com"},
     'Set monitoring_agent_listen_address empty (the private address) or to one IP address (got "mon.example.com")'),
    ("node-extra-args", {"monitoring_agent_node_exporter_extra_args": ["--collector.textfile.directory=/var/lib/my dir"]},
     "Set monitoring_agent_node_exporter_extra_args to flags such as --collector.systemd"),
]


@pytest.mark.parametrize(("bad_vars", "message"), [case[1:] for case in SERVER_CASES], ids=[case[0] for case in SERVER_CASES])
def test_bad_server_input_fails_before_any_change(expect_rejected, bad_vars, message):
    expect_rejected("monitoring_server", bad_vars, message, SERVER_FIRST_CHANGE, inventory="monitoring", target="mon-01")


@pytest.mark.parametrize(("bad_vars", "message"), [case[1:] for case in AGENT_CASES], ids=[case[0] for case in AGENT_CASES])
def test_bad_agent_input_fails_before_any_change(expect_rejected, bad_vars, message):
    expect_rejected("monitoring_agent", bad_vars, message, AGENT_FIRST_CHANGE, inventory="monitoring", target="app-01")


def test_a_database_without_the_exporter_secret_is_rejected(expect_rejected):
    expect_rejected("monitoring_agent", {"mysql_server_exporter_password": ""},
                    "Missing secret: monitoring_agent_mysqld_exporter_password (by default the inventory's mysql_server_exporter_password)",
                    AGENT_FIRST_CHANGE, inventory="monitoring", target="db-replica")


@pytest.mark.parametrize("extra", [
    {},
    {"monitoring_server_alertmanager_receivers": [
        {"name": "ops", "type": "webhook", "url": "https://hooks.example.com/alerts"},
        {"name": "mail", "type": "email", "to": "ops@example.com", "from": "alerts@example.com", "smarthost": "smtp.example.com:587"}],
     "monitoring_server_alertmanager_route": {"receiver": "ops", "routes": [{"matchers": ["severity=warning"], "receiver": "mail"}]},
     "monitoring_server_alert_5xx_ratio": "0.02", "monitoring_server_alert_host_down_for": "1h30m", "monitoring_server_retention_size": "10GB"},
], ids=["defaults", "receivers-and-thresholds"])
def test_valid_server_input_passes_the_checks(apply_role, extra):
    rc, output = apply_role("monitoring_server", extra, "--tags", "monitoring_server_preflight", inventory="monitoring", target="mon-01")
    assert rc == 0, output


@pytest.mark.parametrize("target", ["lb-01", "app-01", "db-primary", "mon-01"])
def test_valid_agent_input_passes_the_checks(apply_role, target):
    rc, output = apply_role("monitoring_agent", {}, "--tags", "monitoring_agent_preflight", inventory="monitoring", target=target)
    assert rc == 0, output
