# SPDX-License-Identifier: GPL-3.0-or-later
"""Replica selection for the failover: GTID comparison across several replicas, ties, exclusions, divergence."""
import pytest

from ansible_collections.foobar.webstack.plugins.module_utils import _mysql_failover as fo
from ansible_collections.foobar.webstack.plugins.module_utils._mysql_replication import parse_mariadb_gtid_pos as pos


def replica(applied, received=None, lag=0, sql_errno=0, role='replica', flavor='mariadb'):
    """A status module result of a replica, as the playbook registers it."""
    return {'role': role, 'flavor': flavor, 'gtid_executed': applied, 'gtid_io_pos': received if received is not None else applied,
            'seconds_behind': lag, 'last_sql_errno': sql_errno, 'last_sql_error': 'Duplicate entry' if sql_errno else '',
            'healthy': not sql_errno, 'changed': False}


@pytest.mark.parametrize('left, right, expected', [
    ('0-1-10', '0-1-10', 0),
    ('0-1-11', '0-1-10', 1),
    ('0-1-9', '0-1-10', -1),
    ('0-1-10,1-2-5', '0-1-10', 1),            # a domain the other lacks
    ('', '0-1-1', -1),
    ('0-1-10,1-2-4', '0-1-9,1-2-5', None),    # ahead in one domain, behind in another
    ('0-1-10', '0-2-10', None),               # same seq_no from different servers: diverged
    ('0-3-12', '0-1-10', 1),                  # written by a newer primary after a failover
    ('0-1-1000', '0-1-999', 1),               # numbers, not strings
])
def test_compare_positions(left, right, expected):
    assert fo.compare_positions(pos(left), pos(right)) == expected
    if expected is not None:
        assert fo.compare_positions(pos(right), pos(left)) == -expected


def test_merge_takes_the_furthest_per_domain():
    assert fo.merge_positions(pos('0-1-10,1-2-3'), pos('0-1-12'), pos('2-5-1')) == pos('0-1-12,1-2-3,2-5-1')


def test_most_advanced_of_several():
    pick = fo.select_most_advanced({'db2': replica('0-1-100'), 'db3': replica('0-1-105'), 'db4': replica('0-1-99')})
    assert pick['primary'] == 'db3'
    assert pick['position'] == '0-1-105'
    assert pick['ranking'] == ['db3', 'db2', 'db4']
    assert pick['excluded'] == {}
    assert 'db3 (0-1-105) holds the most advanced' in pick['reason']


def test_relay_log_counts_a_replica_that_received_more_wins():
    # db2 applied more, but db3 received more (its SQL thread is behind): what db3 acknowledged is in its relay log.
    pick = fo.select_most_advanced({'db2': replica('0-1-100'), 'db3': replica('0-1-95', received='0-1-103', lag=4)})
    assert pick['primary'] == 'db3'
    assert pick['position'] == '0-1-103'


def test_stopped_sql_thread_without_error_is_behind_not_excluded():
    # The molecule scenario's case: db3's SQL thread was stopped before rows were written.
    stopped = dict(replica('0-1-100', received='0-1-100'), seconds_behind=None)
    pick = fo.select_most_advanced({'db2': replica('0-1-103'), 'db3': stopped})
    assert (pick['primary'], pick['excluded']) == ('db2', {})


def test_tie_goes_to_the_one_that_applied_more():
    pick = fo.select_most_advanced({'db2': replica('0-1-98', received='0-1-100'), 'db3': replica('0-1-100')})
    assert pick['primary'] == 'db3'
    assert 'as does db2' in pick['reason']


def test_tie_goes_to_the_lower_lag_then_unknown_lag_last():
    pick = fo.select_most_advanced({'db2': replica('0-1-100', lag=None), 'db3': replica('0-1-100', lag=7),
                                    'db4': replica('0-1-100', lag=2)})
    assert pick['ranking'] == ['db4', 'db3', 'db2']


def test_full_tie_goes_to_inventory_order():
    statuses = {'db3': replica('0-1-100'), 'db2': replica('0-1-100')}
    assert fo.select_most_advanced(statuses)['primary'] == 'db3'
    assert fo.select_most_advanced(statuses, order=['db2', 'db3'])['primary'] == 'db2'
    # Deterministic: the same input gives the same answer every time.
    assert {fo.select_most_advanced(statuses, order=["db2", "db3"])["primary"] for dummy in range(20)} == {"db2"}


def test_replica_with_sql_error_is_excluded_even_when_ahead():
    pick = fo.select_most_advanced({'db2': replica('0-1-100'), 'db3': replica('0-1-120', sql_errno=1062)})
    assert pick['primary'] == 'db2'
    assert pick['excluded'] == {'db3': 'replication error 1062: Duplicate entry'}


def test_unreachable_failed_and_missing_are_excluded():
    pick = fo.select_most_advanced({
        'db2': {'unreachable': True, 'msg': 'ssh: connect to host db2 port 22: No route to host', 'changed': False},
        'db3': {'failed': True, 'msg': "Cannot connect to the MySQL/MariaDB server"},
        'db4': None,
        'db5': replica('0-1-50'),
        'db6': replica('0-1-60', role='primary'),
    })
    assert pick['primary'] == 'db5'
    assert pick['excluded']['db2'].startswith('unreachable: ssh: connect')
    assert pick['excluded']['db3'].startswith('MariaDB did not answer')
    assert pick['excluded']['db4'] == 'no status (the host was not asked)'
    assert pick['excluded']['db6'] == 'not a replica (role primary)'


def test_none_left_says_why():
    pick = fo.select_most_advanced({'db2': replica('0-1-1', sql_errno=1032), 'db3': None})
    assert pick['primary'] is None and pick['position'] is None
    assert 'no replica can be promoted' in pick['reason']
    assert 'db2: replication error 1032' in pick['reason'] and 'db3: no status' in pick['reason']
    assert fo.select_most_advanced({})['reason'] == 'no replica can be promoted: there are none'


def test_diverged_positions_refuse_with_the_pair():
    pick = fo.select_most_advanced({'db2': replica('0-1-10,1-2-4'), 'db3': replica('0-1-9,1-2-5')})
    assert pick['primary'] is None
    assert 'diverged' in pick['reason']
    assert 'db2 (0-1-10,1-2-4)' in pick['reason'] and 'db3 (0-1-9,1-2-5)' in pick['reason']


def test_diverged_same_seq_no_from_different_servers_refuses():
    pick = fo.select_most_advanced({'db2': replica('0-1-10'), 'db3': replica('0-7-10')})
    assert pick['primary'] is None and 'diverged' in pick['reason']


def test_divergence_among_lagging_replicas_does_not_block_a_replica_ahead_of_both():
    pick = fo.select_most_advanced({'db2': replica('0-1-10,1-2-4'), 'db3': replica('0-1-9,1-2-5'),
                                    'db4': replica('0-1-12,1-2-6')})
    assert pick['primary'] == 'db4'


def test_unreadable_position_and_mysql_are_excluded():
    pick = fo.select_most_advanced({'db2': replica('garbage'), 'db3': replica('x:1-5', flavor='mysql'),
                                    'db4': replica('0-1-1')})
    assert pick['primary'] == 'db4'
    assert pick['excluded']['db2'].startswith('unreadable GTID position')
    assert pick['excluded']['db3'].startswith('not MariaDB (mysql)')
