# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure logic of mysql_replication_status: GTID comparisons, status rows of
MariaDB 10.11, MariaDB 11.8 and MySQL 8, roles and health. No server needed:
the rows come from tests/unit/plugins/conftest.py (fixture ``captured``)."""
import pytest

from ansible_collections.foobar.webstack.plugins.module_utils import _mysql_replication as repl

SERVERS = ['mariadb-10.11', 'mariadb-11.8', 'mysql-8']
MARIADB = ['mariadb-10.11', 'mariadb-11.8']
U1 = '3e11fa47-71ca-11e1-9e33-c80aa9429562'
U2 = 'b0a3c2e4-9d1f-11ee-8c4e-0242ac120003'


CAPTURED_ROW = object()


def status_of(captured, server, row=CAPTURED_ROW, **variables):
    """build_status() on a captured server, optionally with another row (None: no row) / variables."""
    if row is CAPTURED_ROW:
        row = captured.replica_row(server)
    return repl.build_status(captured.server_variables(server, **variables), row)


def health(captured, server, row=CAPTURED_ROW, variables=None, **kwargs):
    status, replica = status_of(captured, server, row, **(variables or {}))
    return repl.evaluate_health(status, replica, **kwargs)


# --------------------------------------------------------------------------
# MariaDB GTID positions
# --------------------------------------------------------------------------

def test_mariadb_position_parses_domains():
    assert repl.parse_mariadb_gtid_pos('0-1-100,1-2-50') == {0: (1, 100), 1: (2, 50)}


def test_mariadb_position_ignores_whitespace_and_empty():
    assert repl.parse_mariadb_gtid_pos(' 0-1-100,\n 1-2-50 ') == {0: (1, 100), 1: (2, 50)}
    assert repl.parse_mariadb_gtid_pos('') == {}
    assert repl.parse_mariadb_gtid_pos(None) == {}


@pytest.mark.parametrize('text', ['0-1', '0-1-2-3', 'a-b-c', '0-1-x', '0:1:2', '0-1-5,0-2-7', U1 + ':1-5'])
def test_mariadb_position_rejects_malformed(text):
    with pytest.raises(ValueError):
        repl.parse_mariadb_gtid_pos(text)


@pytest.mark.parametrize('applied, target, expected', [
    ('0-1-100', '0-1-100', True),                   # exactly there
    ('0-1-101', '0-1-100', True),                   # past it
    ('0-1-99', '0-1-100', False),                   # one behind
    ('0-1-100,1-2-50', '0-1-100,1-2-50', True),     # several domains
    ('0-1-100,1-2-49', '0-1-100,1-2-50', False),    # one domain behind
    ('1-2-49,0-1-100', '1-2-49,0-1-100', True),     # order does not matter
    ('0-1-100', '0-1-100,1-2-1', False),            # target domain never seen
    ('0-1-100,7-9-3', '0-1-100', True),             # extra applied domain is fine
    ('0-3-120', '0-1-100', True),                   # server_id differs (failover): seq_no counts
    ('', '0-1-1', False),                           # nothing applied
    ('0-1-5', '', True),                            # empty target: nothing to wait for
    ('0-1-1000', '0-1-999', True),                  # numeric, not string, comparison
    ('0-1-999', '0-1-1000', False),
])
def test_mariadb_caught_up(applied, target, expected):
    assert repl.mariadb_gtid_caught_up(applied, target) is expected


# --------------------------------------------------------------------------
# MySQL GTID sets
# --------------------------------------------------------------------------

def test_mysql_set_parses_and_merges_intervals():
    parsed = repl.parse_mysql_gtid_set(U1 + ':1-5:6-9:12:11,' + U2 + ':3')
    assert parsed == {(U1, ''): [(1, 9), (11, 12)], (U2, ''): [(3, 3)]}


def test_mysql_set_accepts_newlines_and_upper_case():
    # gtid_executed as MySQL prints it: a newline after every comma.
    text = U1.upper() + ':1-77,\n' + U2 + ':1-5\n'
    assert repl.parse_mysql_gtid_set(text) == {(U1, ''): [(1, 77)], (U2, ''): [(1, 5)]}


def test_mysql_set_tags_are_separate_from_untagged():
    parsed = repl.parse_mysql_gtid_set(U1 + ':1-5:blue:1-3:7')
    assert parsed == {(U1, ''): [(1, 5)], (U1, 'blue'): [(1, 3), (7, 7)]}


@pytest.mark.parametrize('text', [
    U1,                       # no interval
    U1 + ':5-1',              # reversed interval
    U1 + ':0-3',              # transactions start at 1
    'not-a-uuid:1-5',
    U1 + ':1-5:tag',          # tag without intervals
    U1 + ':1-x',
    '0-1-100',                # a MariaDB position
])
def test_mysql_set_rejects_malformed(text):
    with pytest.raises(ValueError):
        repl.parse_mysql_gtid_set(text)


@pytest.mark.parametrize('target, executed, expected', [
    (U1 + ':1-77', U1 + ':1-77', True),
    (U1 + ':1-50', U1 + ':1-77', True),
    (U1 + ':1-78', U1 + ':1-77', False),
    (U1 + ':1-9', U1 + ':1-5:7-9', False),                     # 6 missing: a gap
    (U1 + ':7-8', U1 + ':1-5:7-9', True),
    (U1 + ':1-9', U1 + ':1-5:6-9', True),                      # adjacent intervals join
    (U1 + ':1-5,' + U2 + ':1', U1 + ':1-5', False),            # a server never seen
    (U1 + ':1-5', U1 + ':1-5,\n' + U2 + ':1-3', True),         # extra executed server is fine
    (U1 + ':1-77', '\n' + U1.upper() + ':1-77,\n' + U2 + ':1-5\n', True),
    (U1 + ':tag:1-2', U1 + ':1-5', False),                     # untagged does not cover tagged
    (U1 + ':tag:1-2', U1 + ':1-5:tag:1-3', True),
    ('', U1 + ':1-5', True),                                   # empty target
    (U1 + ':1', '', False),                                    # nothing executed
])
def test_mysql_subset(target, executed, expected):
    assert repl.mysql_gtid_subset(target, executed) is expected


def test_gtid_caught_up_dispatches_on_flavor():
    assert repl.gtid_caught_up('mariadb', '0-1-5', '0-1-5') is True
    assert repl.gtid_caught_up('mysql', U1 + ':1-5', U1 + ':1-5') is True
    with pytest.raises(ValueError):
        repl.gtid_caught_up('mariadb', '0-1-5', U1 + ':1-5')
    with pytest.raises(ValueError):
        repl.gtid_caught_up('mysql', U1 + ':1-5', '0-1-5')


def test_normalize_gtid_joins_lines():
    assert repl.normalize_gtid(U1 + ':1-77,\n' + U2 + ':1-5\n') == U1 + ':1-77,' + U2 + ':1-5'
    assert repl.normalize_gtid(None) is None


# --------------------------------------------------------------------------
# Status rows of both flavors
# --------------------------------------------------------------------------

@pytest.mark.parametrize('server', SERVERS)
def test_captured_healthy_rows_parse_the_same(captured, server):
    replica = repl.parse_replica_status(captured.replica_row(server))
    assert replica['io_running'] == 'Yes'
    assert replica['sql_running'] == 'Yes'
    assert replica['seconds_behind'] == 0
    assert replica['source_host'] == '10.0.0.11'
    assert replica['source_port'] == 3306
    assert replica['ssl'] is True
    assert replica['ssl_verify_server_cert'] is True
    assert replica['last_io_error'] == '' and replica['last_sql_error'] == ''
    assert replica['last_io_errno'] == 0 and replica['last_sql_errno'] == 0
    assert replica['io_state'].startswith('Waiting for')


@pytest.mark.parametrize('server, io_column, lag_column, using_gtid', [
    ('mariadb-10.11', 'Slave_IO_Running', 'Seconds_Behind_Master', 'Slave_Pos'),
    ('mariadb-11.8', 'Slave_IO_Running', 'Seconds_Behind_Master', 'Slave_Pos'),
    ('mysql-8', 'Replica_IO_Running', 'Seconds_Behind_Source', 'Auto_Position'),
])
def test_status_keeps_the_server_column_names(captured, server, io_column, lag_column, using_gtid):
    replica = repl.parse_replica_status(captured.replica_row(server))
    assert replica['columns']['io_running'] == io_column
    assert replica['columns']['seconds_behind'] == lag_column
    assert replica['using_gtid'] == using_gtid


def test_mysql_without_auto_position_is_not_using_gtid(captured):
    row = dict(captured.replica_row('mysql-8'), Auto_Position=0)
    assert repl.parse_replica_status(row)['using_gtid'] == 'No'


def test_mysql_8_0_before_22_slave_names_parse(captured):
    # MySQL 8.0.21 SHOW SLAVE STATUS: Slave_*/Master_* names, Auto_Position, no Using_Gtid.
    renames = {'Replica_IO_State': 'Slave_IO_State', 'Source_Host': 'Master_Host', 'Source_Port': 'Master_Port',
               'Replica_IO_Running': 'Slave_IO_Running', 'Replica_SQL_Running': 'Slave_SQL_Running',
               'Seconds_Behind_Source': 'Seconds_Behind_Master', 'Source_SSL_Allowed': 'Master_SSL_Allowed',
               'Source_SSL_Verify_Server_Cert': 'Master_SSL_Verify_Server_Cert'}
    row = dict((renames.get(k, k), v) for k, v in captured.replica_row('mysql-8').items())
    row['Slave_SQL_Running'] = 'No'
    replica = repl.parse_replica_status(row)
    assert replica['sql_running'] == 'No'
    assert replica['columns']['sql_running'] == 'Slave_SQL_Running'
    assert replica['using_gtid'] == 'Auto_Position'
    assert replica['ssl'] is True


def test_status_columns_match_case_insensitively_and_decode_bytes(captured):
    row = dict((k.lower(), v) for k, v in captured.replica_row('mariadb-10.11').items())
    row['slave_io_running'] = b'Connecting'
    row['seconds_behind_master'] = b'17'
    replica = repl.parse_replica_status(row)
    assert replica['io_running'] == 'Connecting'
    assert replica['seconds_behind'] == 17


def test_null_lag_stays_unknown(captured):
    row = captured.replica_row('mariadb-10.11', seconds_behind=None)
    assert repl.parse_replica_status(row)['seconds_behind'] is None


@pytest.mark.parametrize('row', [None, {}])
def test_no_row_means_no_replica(row):
    assert repl.parse_replica_status(row) is None


# --------------------------------------------------------------------------
# Role, flavor and GTID variable
# --------------------------------------------------------------------------

@pytest.mark.parametrize('has_row, log_bin, expected', [
    (True, 'ON', 'replica'),
    (True, 'OFF', 'replica'),
    (False, 'ON', 'primary'),
    (False, 'OFF', 'standalone'),
])
def test_role(captured, has_row, log_bin, expected):
    row = captured.replica_row('mariadb-10.11') if has_row else None
    status, dummy = repl.build_status(captured.server_variables('mariadb-10.11', log_bin=log_bin), row)
    assert status['role'] == expected


def test_stopped_replica_is_still_a_replica(captured):
    status, dummy = status_of(captured, 'mariadb-10.11', captured.failing_row('mariadb-10.11', 'stopped'))
    assert status['role'] == 'replica'
    assert status['io_running'] is False and status['sql_running'] is False


@pytest.mark.parametrize('server, flavor', [('mariadb-10.11', 'mariadb'), ('mariadb-11.8', 'mariadb'),
                                            ('mysql-8', 'mysql')])
def test_flavor(captured, server, flavor):
    assert status_of(captured, server)[0]['flavor'] == flavor


def test_flavor_from_version_comment_only():
    assert repl.flavor_from_version('10.11.6', 'mariadb.org binary distribution') == 'mariadb'
    assert repl.flavor_from_version('8.0.40', 'MySQL Community Server - GPL') == 'mysql'


def test_mariadb_replica_reports_gtid_slave_pos(captured):
    status, dummy = status_of(captured, 'mariadb-10.11', gtid_slave_pos='0-167772171-40',
                              gtid_current_pos='0-167772172-3')
    assert (status['gtid_executed'], status['gtid_variable']) == ('0-167772171-40', 'gtid_slave_pos')
    assert status['gtid_binlog_pos'] == '0-167772171-42'


def test_mariadb_current_pos_replica_reports_gtid_current_pos(captured):
    row = dict(captured.replica_row('mariadb-10.11'), Using_Gtid='Current_Pos')
    status, dummy = status_of(captured, 'mariadb-10.11', row, gtid_slave_pos='0-167772171-40',
                              gtid_current_pos='0-167772171-41')
    assert (status['gtid_executed'], status['gtid_variable']) == ('0-167772171-41', 'gtid_current_pos')


def test_mariadb_primary_reports_gtid_current_pos(captured):
    status, dummy = repl.build_status(
        captured.server_variables('mariadb-11.8', gtid_current_pos='0-1-9', gtid_slave_pos='', read_only='OFF'), None)
    assert (status['role'], status['gtid_executed'], status['gtid_variable']) == ('primary', '0-1-9', 'gtid_current_pos')


def test_mysql_reports_gtid_executed_on_one_line(captured):
    status, dummy = status_of(captured, 'mysql-8')
    assert status['gtid_executed'] == U1 + ':1-77,' + U2 + ':1-5'
    assert status['gtid_variable'] == 'gtid_executed'
    assert status['gtid_binlog_pos'] is None


def test_super_read_only_only_where_it_exists(captured):
    assert status_of(captured, 'mysql-8')[0]['super_read_only'] is True
    assert status_of(captured, 'mariadb-10.11')[0]['super_read_only'] is None


def test_non_replica_has_empty_replication_fields(captured):
    status, replica = repl.build_status(captured.server_variables('mariadb-10.11', read_only='OFF'), None)
    assert replica is None
    assert status['io_running'] is False and status['sql_running'] is False
    assert status['seconds_behind'] is None and status['source_host'] is None
    assert status['last_io_error'] == '' and status['last_sql_error'] == ''
    assert status['read_only'] is False


# --------------------------------------------------------------------------
# Health
# --------------------------------------------------------------------------

@pytest.mark.parametrize('server', SERVERS)
def test_healthy_replica(captured, server):
    healthy, reasons, caught_up, dummy = health(captured, server, max_lag=10)
    assert (healthy, reasons, caught_up) == (True, [], None)


@pytest.mark.parametrize('server, column', [('mariadb-10.11', 'Slave_SQL_Running'),
                                            ('mariadb-11.8', 'Slave_SQL_Running'),
                                            ('mysql-8', 'Replica_SQL_Running')])
def test_sql_error_reason_names_column_and_error(captured, server, column):
    healthy, reasons, dummy, retryable = health(captured, server, captured.failing_row(server, 'sql-error'))
    assert healthy is False
    assert reasons == ["replica SQL thread is not running (%s=No): %s"
                       % (column, captured.failing_row(server, 'sql-error')['Last_SQL_Error'])]
    assert retryable is False


@pytest.mark.parametrize('server, column', [('mariadb-10.11', 'Slave_IO_Running'), ('mysql-8', 'Replica_IO_Running')])
def test_io_connecting_is_unhealthy_but_may_recover(captured, server, column):
    healthy, reasons, dummy, retryable = health(captured, server, captured.failing_row(server, 'io-connecting'))
    assert healthy is False
    assert len(reasons) == 1
    assert reasons[0].startswith('replica IO thread is not running (%s=Connecting): error connecting to master' % column)
    assert retryable is True


def test_io_fatal_error_cannot_recover(captured):
    healthy, reasons, dummy, retryable = health(captured, 'mariadb-11.8', captured.failing_row('mariadb-11.8', 'io-fatal'))
    assert healthy is False
    assert 'Slave_IO_Running=No' in reasons[0] and 'Got fatal error 1236' in reasons[0]
    assert retryable is False


def test_replication_stopped_on_purpose(captured):
    healthy, reasons, dummy, retryable = health(captured, 'mariadb-10.11', captured.failing_row('mariadb-10.11', 'stopped'))
    assert healthy is False
    assert reasons == ['replica IO thread is not running (Slave_IO_Running=No)',
                       'replica SQL thread is not running (Slave_SQL_Running=No)']
    assert retryable is False


@pytest.mark.parametrize('server', SERVERS)
def test_lag_over_max(captured, server):
    healthy, reasons, dummy, retryable = health(captured, server, captured.failing_row(server, 'lagging'), max_lag=30)
    assert healthy is False
    assert len(reasons) == 1 and 'is 120 s behind' in reasons[0] and 'max_lag=30' in reasons[0]
    assert retryable is True


def test_lag_at_max_is_healthy_and_without_max_lag_any_lag_is(captured):
    row = captured.failing_row('mysql-8', 'lagging')
    assert health(captured, 'mysql-8', row, max_lag=120)[0] is True
    assert health(captured, 'mysql-8', row)[0] is True


def test_unknown_lag_with_running_threads_is_unhealthy(captured):
    healthy, reasons, dummy, retryable = health(captured, 'mysql-8', captured.replica_row('mysql-8', seconds_behind=None))
    assert healthy is False
    assert reasons == ['replication lag is unknown (Seconds_Behind_Source is NULL)']
    assert retryable is True


def test_running_thread_with_error_is_unhealthy(captured):
    row = captured.replica_row('mariadb-10.11', last_sql_errno=1205, last_sql_error='Lock wait timeout exceeded')
    healthy, reasons, dummy, dummy2 = health(captured, 'mariadb-10.11', row)
    assert healthy is False
    assert reasons == ['replica SQL thread reports error 1205: Lock wait timeout exceeded']


@pytest.mark.parametrize('server, target, caught_up', [
    ('mariadb-10.11', '0-167772171-42', True),
    ('mariadb-10.11', '0-167772171-43', False),
    ('mariadb-11.8', '0-167772171-42,1-167772171-1', False),
    ('mysql-8', U1 + ':1-77', True),
    ('mysql-8', U1 + ':1-78', False),
])
def test_wait_for_gtid(captured, server, target, caught_up):
    healthy, reasons, result_caught_up, retryable = health(captured, server, wait_for_gtid=target)
    assert result_caught_up is caught_up
    assert healthy is caught_up
    if not caught_up:
        assert len(reasons) == 1
        assert reasons[0].startswith("replica has not applied GTID position '%s' yet" % target)
        assert retryable is True


def test_primary_is_healthy_and_max_lag_does_not_apply(captured):
    status, replica = repl.build_status(captured.server_variables('mariadb-10.11', read_only='OFF'), None)
    assert repl.evaluate_health(status, replica, max_lag=0) == (True, [], None, True)


def test_primary_missing_gtid_is_unhealthy_and_final(captured):
    status, replica = repl.build_status(captured.server_variables('mariadb-10.11', read_only='OFF'), None)
    healthy, reasons, caught_up, retryable = repl.evaluate_health(status, replica, wait_for_gtid='0-167772171-50')
    assert (healthy, caught_up, retryable) == (False, False, False)
    assert reasons == ["server has not applied GTID position '0-167772171-50' yet (gtid_current_pos='0-167772171-42')"]


@pytest.mark.parametrize('row, variables, expected_role, reason', [
    (None, {'read_only': 'OFF'}, 'replica',
     'server is primary, expected replica: no replication is configured (SHOW REPLICA STATUS returned no row)'),
    (None, {'read_only': 'OFF', 'log_bin': 'OFF'}, 'primary',
     'server is standalone, expected primary: binary logging is off (log_bin=OFF)'),
    ('row', {'read_only': 'OFF'}, 'replica', 'replica is writable (read_only=OFF); replicas must be read_only'),
    (None, {'read_only': 'ON'}, 'primary', 'primary is read-only (read_only=ON): writes are refused'),
    ('row', {}, 'primary', 'server is replica, expected primary: replication from 10.0.0.11 is configured'),
])
def test_expected_role(captured, row, variables, expected_role, reason):
    row = captured.replica_row('mariadb-10.11') if row else None
    healthy, reasons, dummy, retryable = health(captured, 'mariadb-10.11', row, variables, expected_role=expected_role)
    assert healthy is False
    assert reasons == [reason]
    assert retryable is False


@pytest.mark.parametrize('row, variables, expected_role', [
    ('row', {}, 'replica'),
    (None, {'read_only': 'OFF'}, 'primary'),
    (None, {'log_bin': 'OFF', 'read_only': 'OFF'}, 'standalone'),
])
def test_expected_role_met(captured, row, variables, expected_role):
    row = captured.replica_row('mariadb-10.11') if row else None
    assert health(captured, 'mariadb-10.11', row, variables, expected_role=expected_role)[:2] == (True, [])


# --------------------------------------------------------------------------
# Messages and small helpers
# --------------------------------------------------------------------------

def test_connection_failure_message_names_host_port_user_and_error():
    msg = repl.connection_failure_message(
        {'login_host': 'db-01.internal.example', 'login_port': 3307, 'login_user': 'monitor',
         'login_unix_socket': None, 'config_file': '/root/.my.cnf'},
        "(2003, \"Can't connect to MySQL server on 'db-01.internal.example' ([Errno 111] Connection refused)\")")
    assert 'at host db-01.internal.example port 3307' in msg
    assert "user 'monitor'" in msg
    assert 'Connection refused' in msg
    assert '/root/.my.cnf' in msg


def test_connection_failure_message_names_socket():
    msg = repl.connection_failure_message(
        {'login_host': 'localhost', 'login_port': 3306, 'login_user': None,
         'login_unix_socket': '/run/mysqld/mysqld.sock', 'config_file': ''},
        "(2002, \"Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)\")")
    assert 'through unix socket /run/mysqld/mysqld.sock' in msg
    assert 'config_file' in msg
    assert "(2002," in msg


@pytest.mark.parametrize('value, expected', [('Yes', True), ('ON', True), (1, True), ('1', True), (b'Yes', True),
                                             ('No', False), ('OFF', False), (0, False), (None, False), ('', False),
                                             ('Ignored', False)])
def test_is_on(value, expected):
    assert repl.is_on(value) is expected


def test_variables_from_rows_accepts_dicts_and_tuples():
    assert repl.variables_from_rows([{'Variable_name': 'READ_ONLY', 'Value': 'ON'}, ('log_bin', b'OFF')]) == {
        'read_only': 'ON', 'log_bin': 'OFF'}


# --------------------------------------------------------------------------
# Semi-synchronous replication
# --------------------------------------------------------------------------

def test_semi_sync_on_a_primary_with_replicas():
    state = repl.semi_sync_state('primary', {'rpl_semi_sync_master_enabled': 'ON'}, {
        'Rpl_semi_sync_master_status': 'ON', 'Rpl_semi_sync_master_clients': '2',
        'Rpl_semi_sync_master_yes_tx': '1042', 'Rpl_semi_sync_master_no_tx': '1'})
    assert state == {'enabled': True, 'status': 'ON', 'clients': 2, 'yes_tx': 1042, 'no_tx': 1}


def test_semi_sync_primary_fell_back_to_async():
    state = repl.semi_sync_state('primary', {'rpl_semi_sync_master_enabled': 'ON'}, {
        'rpl_semi_sync_master_status': 'OFF', 'rpl_semi_sync_master_clients': '0',
        'rpl_semi_sync_master_yes_tx': '10', 'rpl_semi_sync_master_no_tx': '3'})
    assert (state['enabled'], state['status'], state['clients'], state['no_tx']) == (True, 'OFF', 0, 3)


def test_semi_sync_on_a_replica():
    assert repl.semi_sync_state('replica', {'rpl_semi_sync_slave_enabled': 'ON'},
                                {'Rpl_semi_sync_slave_status': 'ON'}) == {'enabled': True, 'status': 'ON'}
    assert repl.semi_sync_state('replica', {'rpl_semi_sync_slave_enabled': 'OFF'},
                                {'Rpl_semi_sync_slave_status': 'OFF'}) == {'enabled': False, 'status': 'OFF'}


def test_semi_sync_mysql_8026_names():
    state = repl.semi_sync_state('primary', {'rpl_semi_sync_source_enabled': 'ON'}, {
        'Rpl_semi_sync_source_status': 'ON', 'Rpl_semi_sync_source_clients': '1'})
    assert (state['enabled'], state['status'], state['clients'], state['yes_tx']) == (True, 'ON', 1, 0)
    assert repl.semi_sync_state('replica', {'rpl_semi_sync_replica_enabled': 'ON'},
                                {'Rpl_semi_sync_replica_status': 'ON'}) == {'enabled': True, 'status': 'ON'}


def test_semi_sync_absent_is_disabled():
    assert repl.semi_sync_state('primary', {}, {}) == {'enabled': False, 'status': 'OFF', 'clients': 0,
                                                       'yes_tx': 0, 'no_tx': 0}
    assert repl.semi_sync_state('standalone', None, None)['status'] == 'OFF'


@pytest.mark.parametrize('server', MARIADB)
def test_build_status_reports_semi_sync_and_received_position(captured, server):
    status, dummy = repl.build_status(
        captured.server_variables(server, rpl_semi_sync_slave_enabled='ON'),
        captured.replica_row(server), {'Rpl_semi_sync_slave_status': 'ON'})
    assert status['semi_sync'] == {'enabled': True, 'status': 'ON'}
    assert status['gtid_io_pos'] == repl.normalize_gtid(captured.replica_row(server)['Gtid_IO_Pos'])
    primary, dummy = repl.build_status(captured.server_variables(server), None)
    assert primary['role'] == 'primary' and primary['gtid_io_pos'] is None
    assert primary['semi_sync']['status'] == 'OFF'
