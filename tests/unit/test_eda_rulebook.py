# SPDX-License-Identifier: GPL-3.0-or-later
"""extensions/eda/rulebooks/mysql_failover.yml, checked for its shape (tests/eda/check_rulebook.sh runs it under
the real ansible-rulebook, suite `eda` of tests/harness/run-suite.sh)."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
RULEBOOK = ROOT / 'extensions' / 'eda' / 'rulebooks' / 'mysql_failover.yml'


def load():
    return yaml.safe_load(RULEBOOK.read_text())


def test_one_ruleset_with_hosts_sources_and_rules():
    rulesets = load()
    assert isinstance(rulesets, list) and len(rulesets) == 1
    ruleset = rulesets[0]
    assert set(ruleset) == {'name', 'hosts', 'sources', 'rules'}
    assert ruleset['hosts'] == 'all'


def test_source_is_the_alertmanager_webhook_with_host_and_port_variables():
    source = load()[0]['sources'][0]
    args = source['foobar.webstack.alertmanager']
    assert set(source) == {'name', 'foobar.webstack.alertmanager'}
    assert (ROOT / 'extensions' / 'eda' / 'plugins' / 'event_source' / 'alertmanager.py').is_file()
    assert 'alertmanager_host' in args['host'] and 'alertmanager_port' in args['port']
    # One event per alert, no host limit: the playbook works on the inventory's database groups.
    assert args['data_alerts_path'] == 'alerts' and args['data_host_path'] == ''


def test_rule_runs_the_failover_once_when_the_primary_down_alert_fires():
    rule = load()[0]['rules'][0]
    assert len(load()[0]['rules']) == 2
    assert set(rule) == {'name', 'condition', 'throttle', 'action'}
    assert 'event.alert.labels.alertname == "MySQLPrimaryDown"' in rule['condition']
    assert 'event.alert.status == "firing"' in rule['condition']
    assert rule['throttle']['once_within'].split()[1] in ('minutes', 'hours')
    assert rule['throttle']['group_by_attributes'] == ['event.alert.labels.alertname']
    # No extra_vars: the playbook picks the replica itself.
    assert rule['action'] == {'run_playbook': {'name': 'foobar.webstack.mysql_failover'}}
    assert (ROOT / 'playbooks' / 'mysql_failover.yml').is_file()


def test_rule_fences_when_the_primary_down_alert_resolves():
    rule = load()[0]['rules'][1]
    assert set(rule) == {'name', 'condition', 'action'}
    assert 'event.alert.labels.alertname == "MySQLPrimaryDown"' in rule['condition']
    assert 'event.alert.status == "resolved"' in rule['condition']
    assert rule['action'] == {'run_playbook': {'name': 'foobar.webstack.mysql_fence'}}
    assert (ROOT / 'playbooks' / 'mysql_fence.yml').is_file()


def test_the_alert_name_is_the_one_documented_for_the_monitoring_role():
    assert 'MySQLPrimaryDown' in (ROOT / 'docs' / 'database.md').read_text()
