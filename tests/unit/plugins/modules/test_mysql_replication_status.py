# SPDX-License-Identifier: GPL-3.0-or-later
"""The module's flow, without a server: a module double whose exit_json and
fail_json raise, a fake connection answering with captured MariaDB 10.11,
MariaDB 11.8 and MySQL 8 rows (tests/unit/plugins/conftest.py), a fake clock."""
import pymysql
import pytest
import yaml

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

from ansible_collections.foobar.webstack.plugins.modules import mysql_replication_status as module_under_test
from ansible_collections.foobar.webstack.tests.unit.plugins.modules.module_doubles import ExitJson, FailJson

SERVERS = ['mariadb-10.11', 'mariadb-11.8', 'mysql-8']

DEFAULT_PARAMS = {
    'login_user': None, 'login_password': None, 'login_host': 'localhost', 'login_port': 3306,
    'login_unix_socket': None, 'config_file': '/root/.my.cnf', 'connect_timeout': 30,
    'client_cert': None, 'client_key': None, 'ca_cert': None, 'check_hostname': None,
    'wait_for_gtid': None, 'max_lag': None, 'expected_role': None, 'timeout': 0,
    'poll_interval': 1.0, 'fail_on_unhealthy': False,
}


class DummyModule(object):
    """Stands in for AnsibleModule: params, check_mode, and exits that raise."""

    def __init__(self, check_mode=False, **params):
        self.params = dict(DEFAULT_PARAMS, **params)
        self.check_mode = check_mode

    def exit_json(self, **kwargs):
        raise ExitJson(kwargs)

    def fail_json(self, msg, **kwargs):
        raise FailJson(msg, kwargs)

    def warn(self, msg):
        raise AssertionError('unexpected warning: %s' % msg)


class FakeServer(object):
    """Answers the module's queries; the Nth poll sees the Nth row/variables (the last repeats)."""

    def __init__(self, rows, variables, has_show_replica=True, status_error=None, status_vars=None):
        self.status_vars = status_vars or {}
        self.rows = rows
        self.variables = variables
        self.has_show_replica = has_show_replica
        self.status_error = status_error
        self.queries = []
        self.polls = 0
        self.closed = False
        self._result = None

    def cursor_execute(self, query):
        self.queries.append(query)
        if query.startswith('SHOW GLOBAL VARIABLES'):
            variables = self.variables[min(self.polls, len(self.variables) - 1)]
            self.polls += 1
            self._result = [{'Variable_name': name, 'Value': value} for name, value in variables.items()
                            if "'%s'" % name in query]
        elif query == 'SHOW REPLICA STATUS':
            if not self.has_show_replica:
                raise pymysql.err.ProgrammingError(
                    1064, "You have an error in your SQL syntax; check the manual that corresponds to "
                          "your MariaDB server version for the right syntax to use near 'REPLICA STATUS'")
            if self.status_error:
                raise self.status_error
            self._result = self._row()
        elif query == 'SHOW SLAVE STATUS':
            self._result = self._row()
        elif query.startswith('SHOW GLOBAL STATUS'):
            self._result = [{'Variable_name': name, 'Value': value} for name, value in self.status_vars.items()
                            if "'%s'" % name.lower() in query]
        else:
            raise AssertionError('unexpected query: %s' % query)

    def _row(self):
        row = self.rows[min(self.polls - 1, len(self.rows) - 1)]
        return [row] if row else []


class FakeCursor(object):
    def __init__(self, server):
        self.server = server

    def execute(self, query, args=None):
        assert args is None
        self.server.cursor_execute(query)

    def fetchone(self):
        return self.server._result[0] if self.server._result else None

    def fetchall(self):
        return list(self.server._result)


class FakeConnection(object):
    def __init__(self, server):
        self.server = server

    def close(self):
        self.server.closed = True


class FakeClock(object):
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server(monkeypatch):
    """Install a fake server: call it with rows and variables; returns the FakeServer."""
    state = {}

    def install(rows, variables, **kwargs):
        fake = FakeServer(rows, variables, **kwargs)
        state['server'] = fake

        def connect(module, login_user=None, login_password=None, config_file='', ssl_cert=None, ssl_key=None,
                    ssl_ca=None, db=None, cursor_class=None, connect_timeout=30, autocommit=False,
                    config_overrides_defaults=False, check_hostname=None):
            fake.connect_args = dict(login_user=login_user, login_password=login_password, config_file=config_file,
                                     ssl_cert=ssl_cert, ssl_key=ssl_key, ssl_ca=ssl_ca, cursor_class=cursor_class,
                                     connect_timeout=connect_timeout, autocommit=autocommit,
                                     check_hostname=check_hostname)
            fake.module = module
            return FakeCursor(fake), FakeConnection(fake)

        monkeypatch.setattr(module_under_test, 'mysql_connect', connect)
        return fake

    return install


def run(module, clock=None):
    clock = clock or FakeClock()
    with pytest.raises((ExitJson, FailJson)) as raised:
        module_under_test.run(module, sleep=clock.sleep, clock=clock)
    return raised.value


def exit_result(module, clock=None):
    outcome = run(module, clock)
    assert isinstance(outcome, ExitJson), getattr(outcome, 'msg', outcome)
    return outcome.result


def fail_message(module, clock=None):
    outcome = run(module, clock)
    assert isinstance(outcome, FailJson), outcome.result
    return outcome


# --------------------------------------------------------------------------
# One check
# --------------------------------------------------------------------------

@pytest.mark.parametrize('name', SERVERS)
def test_healthy_replica_returns_every_documented_key(captured, server, name):
    fake = server([captured.replica_row(name)], [captured.server_variables(name)])
    result = exit_result(DummyModule())
    documented = set(yaml.safe_load(module_under_test.RETURN))
    assert set(result) == documented | {'changed'}
    assert result['changed'] is False
    assert (result['role'], result['healthy'], result['reasons']) == ('replica', True, [])
    assert (result['io_running'], result['sql_running'], result['seconds_behind']) == (True, True, 0)
    assert (result['source_host'], result['source_port']) == ('10.0.0.11', 3306)
    assert (result['ssl'], result['ssl_verify_server_cert']) == (True, True)
    assert result['read_only'] is True
    assert result['caught_up'] is None and result['waited'] == 0
    assert fake.queries[-1] == 'SHOW REPLICA STATUS'
    assert fake.connect_args['cursor_class'] == 'DictCursor' and fake.connect_args['autocommit'] is True
    assert fake.closed


@pytest.mark.parametrize('name, flavor, using_gtid, gtid', [
    ('mariadb-10.11', 'mariadb', 'Slave_Pos', '0-167772171-42'),
    ('mariadb-11.8', 'mariadb', 'Slave_Pos', '0-167772171-42'),
    ('mysql-8', 'mysql', 'Auto_Position',
     '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77,b0a3c2e4-9d1f-11ee-8c4e-0242ac120003:1-5'),
])
def test_flavor_specific_fields(captured, server, name, flavor, using_gtid, gtid):
    server([captured.replica_row(name)], [captured.server_variables(name)])
    result = exit_result(DummyModule())
    assert (result['flavor'], result['using_gtid'], result['gtid_executed']) == (flavor, using_gtid, gtid)
    assert result['version'] == captured.server_variables(name)['version']


def test_check_mode_behaves_the_same(captured, server):
    server([captured.failing_row('mariadb-10.11', 'sql-error')], [captured.server_variables('mariadb-10.11')])
    normal = exit_result(DummyModule())
    server([captured.failing_row('mariadb-10.11', 'sql-error')], [captured.server_variables('mariadb-10.11')])
    checked = exit_result(DummyModule(check_mode=True))
    assert checked == normal
    assert checked['changed'] is False


def test_primary_without_replication(captured, server):
    server([None], [captured.server_variables('mariadb-11.8', read_only='OFF', gtid_slave_pos='')])
    result = exit_result(DummyModule(expected_role='primary'))
    assert (result['role'], result['healthy'], result['read_only']) == ('primary', True, False)
    assert (result['io_running'], result['source_host'], result['using_gtid']) == (False, None, None)
    assert result['gtid_executed'] == '0-167772171-42'


def test_falls_back_to_show_slave_status(captured, server):
    fake = server([captured.replica_row('mariadb-10.11')],
                  [captured.server_variables('mariadb-10.11', version='10.4.34-MariaDB-log')],
                  has_show_replica=False)
    result = exit_result(DummyModule())
    assert fake.queries[-2:] == ['SHOW REPLICA STATUS', 'SHOW SLAVE STATUS']
    assert (result['role'], result['healthy']) == ('replica', True)


def test_missing_privilege_fails_with_the_privilege_to_grant(captured, server):
    error = pymysql.err.OperationalError(
        1227, 'Access denied; you need (at least one of) the SUPER, SLAVE MONITOR privilege(s) for this operation')
    fake = server([captured.replica_row('mariadb-10.11')], [captured.server_variables('mariadb-10.11')],
                  status_error=error)
    failure = fail_message(DummyModule())
    assert 'SHOW REPLICA STATUS' in failure.msg and 'Access denied' in failure.msg
    assert 'localhost:3306' in failure.msg and 'REPLICA MONITOR' in failure.msg
    assert 'SHOW SLAVE STATUS' not in fake.queries      # only a syntax error means "older server"
    assert fake.closed


@pytest.mark.parametrize('params, expected', [
    ({'login_host': 'db-01.internal.example', 'login_port': 3307, 'login_user': 'monitor'},
     ['at host db-01.internal.example port 3307', "user 'monitor'"]),
    ({'login_unix_socket': '/run/mysqld/mysqld.sock'}, ['through unix socket /run/mysqld/mysqld.sock']),
])
def test_connection_failure_names_host_port_and_driver_error(monkeypatch, params, expected):
    error = pymysql.err.OperationalError(
        2003, "Can't connect to MySQL server on 'db-01.internal.example' ([Errno 111] Connection refused)")

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(module_under_test, 'mysql_connect', refuse)
    failure = fail_message(DummyModule(**params))
    for text in expected:
        assert text in failure.msg
    assert "[Errno 111] Connection refused" in failure.msg and '2003' in failure.msg


def test_missing_driver_is_reported(monkeypatch):
    monkeypatch.setattr(module_under_test, 'mysql_driver', None)
    failure = fail_message(DummyModule())
    assert 'PyMySQL' in failure.msg


@pytest.mark.parametrize('params, text', [
    ({'timeout': -1}, 'timeout must be'),
    ({'poll_interval': 0.0}, 'poll_interval must be'),
    ({'max_lag': -5}, 'max_lag must be'),
])
def test_bad_timing_options_fail_before_connecting(monkeypatch, params, text):
    monkeypatch.setattr(module_under_test, 'mysql_connect', lambda *a, **k: pytest.fail('connected'))
    assert text in fail_message(DummyModule(**params)).msg


def test_wait_for_gtid_must_match_the_server_flavor(captured, server):
    server([captured.replica_row('mariadb-10.11')], [captured.server_variables('mariadb-10.11')])
    failure = fail_message(DummyModule(wait_for_gtid='3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77'))
    assert "is not a MariaDB GTID position" in failure.msg


# --------------------------------------------------------------------------
# Unhealthy servers
# --------------------------------------------------------------------------

def test_unhealthy_replica_is_reported_not_failed_by_default(captured, server):
    server([captured.failing_row('mysql-8', 'sql-error')], [captured.server_variables('mysql-8')])
    result = exit_result(DummyModule())
    assert result['healthy'] is False
    assert result['reasons'][0].startswith('replica SQL thread is not running (Replica_SQL_Running=No): '
                                           'Could not execute Write_rows_v1 event')
    assert result['last_sql_errno'] == 1062 and 'Duplicate entry' in result['last_sql_error']
    assert result['seconds_behind'] is None


def test_fail_on_unhealthy_fails_with_reasons_and_result(captured, server):
    server([captured.failing_row('mariadb-10.11', 'stopped')], [captured.server_variables('mariadb-10.11')])
    failure = fail_message(DummyModule(fail_on_unhealthy=True))
    assert failure.msg == ('MariaDB replica at localhost:3306 is not healthy: '
                           'replica IO thread is not running (Slave_IO_Running=No); '
                           'replica SQL thread is not running (Slave_SQL_Running=No)')
    assert failure.result['healthy'] is False and len(failure.result['reasons']) == 2
    assert failure.result['changed'] is False


def test_fail_on_unhealthy_passes_a_healthy_replica(captured, server):
    server([captured.replica_row('mariadb-11.8')], [captured.server_variables('mariadb-11.8')])
    assert exit_result(DummyModule(fail_on_unhealthy=True, expected_role='replica'))['healthy'] is True


# --------------------------------------------------------------------------
# Waiting
# --------------------------------------------------------------------------

def test_waits_until_lag_is_under_max_lag(captured, server):
    rows = [captured.replica_row('mysql-8', seconds_behind=lag) for lag in (100, 40, 5)]
    fake = server(rows, [captured.server_variables('mysql-8')])
    clock = FakeClock()
    result = exit_result(DummyModule(max_lag=10, timeout=60, poll_interval=2.0), clock)
    assert (result['healthy'], result['seconds_behind']) == (True, 5)
    assert clock.sleeps == [2.0, 2.0]
    assert result['waited'] == 4.0
    assert fake.polls == 3


def test_wait_gives_up_at_the_timeout(captured, server):
    server([captured.replica_row('mariadb-10.11', seconds_behind=100)], [captured.server_variables('mariadb-10.11')])
    clock = FakeClock()
    failure = fail_message(DummyModule(max_lag=10, timeout=5, poll_interval=2.0, fail_on_unhealthy=True), clock)
    assert clock.sleeps == [2.0, 2.0, 1.0]        # never sleeps past the deadline
    assert failure.result['waited'] == 5.0
    assert 'after waiting 5.0 s' in failure.msg and 'max_lag=10' in failure.msg


def test_wait_stops_at_once_when_waiting_cannot_help(captured, server):
    server([captured.failing_row('mariadb-10.11', 'sql-error')], [captured.server_variables('mariadb-10.11')])
    clock = FakeClock()
    result = exit_result(DummyModule(max_lag=10, timeout=300), clock)
    assert result['healthy'] is False
    assert clock.sleeps == []


def test_waits_for_gtid_position(captured, server):
    name = 'mariadb-10.11'
    variables = [captured.server_variables(name, gtid_slave_pos='0-167772171-%d' % seq) for seq in (40, 41, 42)]
    server([captured.replica_row(name)], variables)
    clock = FakeClock()
    result = exit_result(DummyModule(wait_for_gtid='0-167772171-42', timeout=30), clock)
    assert (result['caught_up'], result['healthy'], result['gtid_executed']) == (True, True, '0-167772171-42')
    assert clock.sleeps == [1.0, 1.0]


def test_not_caught_up_without_timeout_checks_once(captured, server):
    server([captured.replica_row('mysql-8')], [captured.server_variables('mysql-8')])
    clock = FakeClock()
    result = exit_result(DummyModule(wait_for_gtid='3e11fa47-71ca-11e1-9e33-c80aa9429562:1-90'), clock)
    assert (result['caught_up'], result['healthy'], clock.sleeps) == (False, False, [])
    assert "has not applied GTID position '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-90'" in result['reasons'][0]


def test_waits_for_the_io_thread_to_connect(captured, server):
    rows = [captured.failing_row('mariadb-11.8', 'io-connecting'), captured.replica_row('mariadb-11.8')]
    server(rows, [captured.server_variables('mariadb-11.8')])
    clock = FakeClock()
    result = exit_result(DummyModule(timeout=30), clock)
    assert result['healthy'] is True
    assert len(clock.sleeps) == 1


# --------------------------------------------------------------------------
# main(): the real AnsibleModule and argument spec
# --------------------------------------------------------------------------

@pytest.fixture
def ansible_module_exits(monkeypatch):
    def exit_json(self, **kwargs):
        raise ExitJson(kwargs)

    def fail_json(self, msg, **kwargs):
        raise FailJson(msg, kwargs)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)


def test_main_argument_spec_and_defaults(captured, server, ansible_module_exits):
    fake = server([captured.replica_row('mariadb-10.11')], [captured.server_variables('mariadb-10.11')])
    with patch_module_args({'login_user': 'monitor', 'login_password': 's3cret-pw', '_ansible_check_mode': True}):
        with pytest.raises(ExitJson) as raised:
            module_under_test.main()
    params = fake.module.params
    assert (params['login_host'], params['login_port'], params['connect_timeout']) == ('localhost', 3306, 30)
    assert (params['timeout'], params['poll_interval'], params['fail_on_unhealthy']) == (0, 1.0, False)
    assert params['config_file'].endswith('/.my.cnf') and '~' not in params['config_file']
    assert fake.connect_args['login_password'] == 's3cret-pw'
    assert 's3cret-pw' in fake.module.no_log_values
    assert fake.module.check_mode is True
    assert raised.value.result['healthy'] is True


@pytest.mark.parametrize('args, text', [
    ({'expected_role': 'leader'}, 'expected_role'),
    ({'max_lag': 'soon'}, 'max_lag'),
    ({'wait_for_gtid_pos': '0-1-1'}, 'wait_for_gtid_pos'),
])
def test_main_rejects_bad_arguments(ansible_module_exits, monkeypatch, args, text):
    monkeypatch.setattr(module_under_test, 'mysql_connect', lambda *a, **k: pytest.fail('connected'))
    with patch_module_args(args):
        with pytest.raises(FailJson) as raised:
            module_under_test.main()
    assert text in raised.value.msg


def test_ssl_options_reach_the_driver(captured, server, ansible_module_exits):
    fake = server([captured.replica_row('mariadb-10.11')], [captured.server_variables('mariadb-10.11')])
    args = {'login_host': 'db-02.internal.example', 'ca_cert': '/etc/mysql/ssl/ca.pem',
            'client_cert': '/etc/mysql/ssl/client.pem', 'client_key': '/etc/mysql/ssl/client.key',
            'check_hostname': True, 'config_file': '', 'connect_timeout': 5}
    with patch_module_args(args):
        with pytest.raises(ExitJson):
            module_under_test.main()
    assert fake.connect_args == dict(
        login_user=None, login_password=None, config_file='', ssl_cert='/etc/mysql/ssl/client.pem',
        ssl_key='/etc/mysql/ssl/client.key', ssl_ca='/etc/mysql/ssl/ca.pem', cursor_class='DictCursor',
        connect_timeout=5, autocommit=True, check_hostname=True)


def test_semi_sync_state_of_a_primary_is_returned(captured, server):
    fake = server([None], [captured.server_variables('mariadb-10.11', rpl_semi_sync_master_enabled='ON')],
                  status_vars={'Rpl_semi_sync_master_status': 'OFF', 'Rpl_semi_sync_master_clients': '0',
                               'Rpl_semi_sync_master_yes_tx': '12', 'Rpl_semi_sync_master_no_tx': '3'})
    result = exit_result(DummyModule())
    assert result['role'] == 'primary'
    assert result['semi_sync'] == {'enabled': True, 'status': 'OFF', 'clients': 0, 'yes_tx': 12, 'no_tx': 3}
    assert result['gtid_io_pos'] is None
    assert any(query.startswith('SHOW GLOBAL STATUS') and 'rpl_semi_sync_master_status' in query
               for query in fake.queries)


def test_semi_sync_state_and_received_position_of_a_replica_are_returned(captured, server):
    server([captured.replica_row('mariadb-11.8')],
           [captured.server_variables('mariadb-11.8', rpl_semi_sync_slave_enabled='ON')],
           status_vars={'Rpl_semi_sync_slave_status': 'ON'})
    result = exit_result(DummyModule())
    assert result['semi_sync'] == {'enabled': True, 'status': 'ON'}
    assert result['gtid_io_pos'] == captured.replica_row('mariadb-11.8')['Gtid_IO_Pos']
