# SPDX-License-Identifier: GPL-3.0-or-later
"""foobar.webstack.most_advanced_replica: the filter the failover playbook uses, and its documentation."""
import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.foobar.webstack.plugins.filter import most_advanced_replica as plugin


def status(applied, received=None):
    return {'role': 'replica', 'flavor': 'mariadb', 'gtid_executed': applied, 'gtid_io_pos': received or applied,
            'seconds_behind': 0, 'last_sql_errno': 0}


def test_filter_is_registered_under_its_name():
    assert plugin.FilterModule().filters() == {'most_advanced_replica': plugin.most_advanced_replica}


def test_picks_the_most_advanced_with_inventory_order():
    statuses = {'db-b': status('0-1-5'), 'db-a': status('0-1-5')}
    assert plugin.most_advanced_replica(statuses)['primary'] == 'db-b'
    assert plugin.most_advanced_replica(statuses, order=['db-a', 'db-b'])['primary'] == 'db-a'


def test_empty_registered_results_are_excluded():
    pick = plugin.most_advanced_replica({'db-a': {}, 'db-b': status('0-1-5')})
    assert pick['primary'] == 'db-b' and 'db-a' in pick['excluded']


def test_rejects_what_is_not_a_dict():
    with pytest.raises(AnsibleFilterError, match='needs a dict of host name to status result'):
        plugin.most_advanced_replica(['db-a'])


def test_documentation_parses_and_names_the_filter():
    doc = yaml.safe_load(plugin.DOCUMENTATION)
    assert doc['name'] == 'most_advanced_replica'
    assert set(doc['options']) == {'_input', 'order'}
    returned = yaml.safe_load(plugin.RETURN)['_value']['contains']
    assert set(returned) == {'primary', 'position', 'reason', 'excluded', 'ranking'}
    yaml.safe_load(plugin.EXAMPLES)
