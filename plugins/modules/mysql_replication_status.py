#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: mysql_replication_status
short_description: Report and check the replication state of a MariaDB or MySQL server
version_added: 0.1.0
description:
  - Connects to a MariaDB or MySQL server the way the C(community.mysql) modules do
    (unix socket or host and port, user and password or a client config file, TLS options)
    and reports its replication role, the state of the replica's IO and SQL threads,
    the lag, the GTID positions, the last replication errors and the state of semi-synchronous
    replication.
  - Decides whether the server is healthy and says why not in RV(reasons), so a play can
    fail with the actual cause instead of silently skipping.
  - Can wait, within O(timeout), until a replica has applied a given GTID position
    (O(wait_for_gtid)) or is at most O(max_lag) seconds behind.
  - Understands both MariaDB and MySQL 8 status columns (C(Slave_*)/C(Master_*) and
    C(Replica_*)/C(Source_*)) and GTID formats (MariaDB C(domain-server-seqno) positions,
    MySQL C(uuid:interval) sets). It runs C(SHOW REPLICA STATUS) and falls back to
    C(SHOW SLAVE STATUS) on servers that do not know the former.
  - Read-only; never changes the server. RV(ignore:changed) is always V(false).
  - Only the default replication connection is inspected (MariaDB multi-source connections
    and MySQL channels other than the default are not).
author:
  - foobar engineering (@foobar)
extends_documentation_fragment:
  - community.mysql.mysql
attributes:
  check_mode:
    support: full
    details: The module only reads; check mode behaves exactly like a normal run.
  diff_mode:
    support: none
    description: The module never changes anything, so it has no diff to show.
options:
  wait_for_gtid:
    description:
      - A GTID position the server must have applied.
      - On MariaDB a position such as V(0-1-1042) or V(0-1-1042,1-3-17) (one C(domain-server-seqno)
        per domain); it is reached when, for every domain of it, the server's sequence number is
        at least as high. On MySQL a GTID set such as V(3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77);
        it is reached when it is a subset of the server's C(gtid_executed).
      - Typically the primary's RV(gtid_executed) (or RV(gtid_binlog_pos) on MariaDB) read just before.
      - An empty string is always reached.
      - With O(timeout) greater than 0, the module polls until the position is applied.
    type: str
  max_lag:
    description:
      - Largest acceptable replication lag, in seconds (C(Seconds_Behind_Master) or
        C(Seconds_Behind_Source)). A replica further behind, or whose lag is unknown, is unhealthy.
      - Applies to replicas only.
      - With O(timeout) greater than 0, the module polls until the lag is at most this.
    type: int
  expected_role:
    description:
      - The role the server must have; a server in another role is unhealthy.
      - V(replica) also requires C(read_only=ON), V(primary) requires C(read_only=OFF).
      - Use it in health gates, so that a replica whose replication was reset is not taken for a
        healthy primary.
    type: str
    choices: [primary, replica, standalone]
  timeout:
    description:
      - How long to wait, in seconds, for the server to become healthy (including O(wait_for_gtid)
        and O(max_lag)).
      - V(0) checks once and does not wait.
      - Waiting stops early when a reason cannot go away by itself, for example a stopped SQL
        thread, a replication error or the wrong role.
    type: int
    default: 0
  poll_interval:
    description:
      - Seconds between two checks while waiting.
    type: float
    default: 1
  fail_on_unhealthy:
    description:
      - When V(true), the module fails, listing the reasons, if the server is not healthy at the
        end (after waiting, if O(timeout) is set).
      - When V(false), it returns RV(healthy) and RV(reasons) and leaves the decision to the play.
    type: bool
    default: false
notes:
  - "Roles: V(replica) when C(SHOW REPLICA STATUS) returns a row (replication is configured,
    whether or not its threads run); otherwise V(primary) when binary logging is on (C(log_bin=ON));
    otherwise V(standalone)."
  - "Health of a replica: the IO and SQL threads run, neither reports an error, the lag is known,
    and O(max_lag) and O(wait_for_gtid) are met when given. Health of a primary or standalone server:
    healthy unless O(wait_for_gtid) is not applied or O(expected_role) does not match."
  - "Privileges: C(SHOW REPLICA STATUS) needs C(REPLICA MONITOR) (alias C(SLAVE MONITOR)) on
    MariaDB 10.5.9 and later, C(REPLICATION CLIENT) on MySQL. Reading the global variables needs none."
seealso:
  - module: community.mysql.mysql_replication
  - module: community.mysql.mysql_info
"""

EXAMPLES = r"""
- name: Report the replication state of the local server
  foobar.webstack.mysql_replication_status:
    login_unix_socket: /run/mysqld/mysqld.sock
  register: __mysql_replica_status

- name: Fail the play unless this replica replicates, caught up within 2 minutes of lag
  foobar.webstack.mysql_replication_status:
    login_unix_socket: /run/mysqld/mysqld.sock
    expected_role: replica
    max_lag: 120
    timeout: 60
    fail_on_unhealthy: true

- name: Read the primary's GTID position
  foobar.webstack.mysql_replication_status:
    login_unix_socket: /run/mysqld/mysqld.sock
  delegate_to: "{{ groups['db_primary'][0] }}"
  register: __mysql_primary_status

- name: Wait until the replica has applied everything the primary had
  foobar.webstack.mysql_replication_status:
    login_unix_socket: /run/mysqld/mysqld.sock
    wait_for_gtid: "{{ __mysql_primary_status.gtid_executed }}"
    timeout: 300
    poll_interval: 2
    fail_on_unhealthy: true

- name: Check a remote server over TLS with a verified certificate
  foobar.webstack.mysql_replication_status:
    login_host: db-02.internal.example
    login_port: 3306
    login_user: monitor
    login_password: "{{ vault_mysql_monitor_password }}"
    ca_cert: /etc/mysql/ssl/ca.pem
    check_hostname: true
    config_file: ""
  register: __mysql_remote_status

- name: Show why a replica is unhealthy
  ansible.builtin.debug:
    msg: "{{ __mysql_replica_status.reasons }}"
  when: not __mysql_replica_status.healthy
"""

RETURN = r"""
role:
  description:
    - V(replica) when replication is configured (C(SHOW REPLICA STATUS) has a row), else
      V(primary) when binary logging is on, else V(standalone).
  returned: always
  type: str
  sample: replica
flavor:
  description: The server software.
  returned: always
  type: str
  sample: mariadb
version:
  description: The server version (C(@@version)).
  returned: always
  type: str
  sample: 10.11.14-MariaDB-0+deb12u2-log
server_id:
  description: The server's C(server_id).
  returned: always
  type: int
  sample: 167772172
read_only:
  description: Whether C(read_only) is on.
  returned: always
  type: bool
  sample: true
super_read_only:
  description: Whether C(super_read_only) is on; V(null) on servers without it (MariaDB).
  returned: always
  type: bool
  sample: null
log_bin:
  description: Whether binary logging is on.
  returned: always
  type: bool
  sample: true
io_running:
  description: Whether the replica IO (receiver) thread runs (C(Slave_IO_Running)/C(Replica_IO_Running) is C(Yes)). V(false) when not a replica.
  returned: always
  type: bool
  sample: true
sql_running:
  description: Whether the replica SQL (applier) thread runs (C(Slave_SQL_Running)/C(Replica_SQL_Running) is C(Yes)). V(false) when not a replica.
  returned: always
  type: bool
  sample: true
io_thread:
  description: The IO thread's state as reported (V(Yes), V(No), V(Connecting), V(Preparing)); V(null) when not a replica.
  returned: always
  type: str
  sample: "Yes"
sql_thread:
  description: The SQL thread's state as reported (V(Yes) or V(No)); V(null) when not a replica.
  returned: always
  type: str
  sample: "Yes"
io_state:
  description: C(Slave_IO_State)/C(Replica_IO_State); empty when not a replica.
  returned: always
  type: str
  sample: Waiting for master to send event
seconds_behind:
  description: C(Seconds_Behind_Master)/C(Seconds_Behind_Source); V(null) when unknown (a thread is not running) or not a replica.
  returned: always
  type: int
  sample: 0
using_gtid:
  description:
    - How the replica positions itself. MariaDB C(Using_Gtid) (V(Slave_Pos), V(Current_Pos) or V(No));
      on MySQL V(Auto_Position) when C(Auto_Position=1), else V(No). V(null) when not a replica.
  returned: always
  type: str
  sample: Slave_Pos
gtid_executed:
  description:
    - The GTID position/set the server has applied, on one line.
    - MySQL C(gtid_executed). MariaDB replica C(gtid_slave_pos) (C(gtid_current_pos) when C(Using_Gtid=Current_Pos));
      MariaDB primary or standalone C(gtid_current_pos).
    - This is what O(wait_for_gtid) is compared with; the variable it came from is RV(gtid_variable).
  returned: always
  type: str
  sample: 0-167772171-1042
gtid_variable:
  description: The server variable RV(gtid_executed) was read from.
  returned: always
  type: str
  sample: gtid_slave_pos
gtid_binlog_pos:
  description: MariaDB C(gtid_binlog_pos) (the last GTID written to the server's binary log, per domain); V(null) on MySQL.
  returned: always
  type: str
  sample: 0-167772171-1042
gtid_io_pos:
  description:
    - What a replica has received from its primary, applied or not (MariaDB C(Gtid_IO_Pos), MySQL
      C(Retrieved_Gtid_Set)), on one line; V(null) when not a replica.
    - Transactions a semi-synchronous replica acknowledged are in here before they are in RV(gtid_executed).
  returned: always
  type: str
  sample: 0-167772171-1045
semi_sync:
  description:
    - The state of semi-synchronous replication (C(rpl_semi_sync_*) variables and status counters; the
      C(rpl_semi_sync_source_*)/C(rpl_semi_sync_replica_*) names on MySQL 8.0.26 and later).
    - On a primary or standalone server V(enabled), V(status), V(clients), V(yes_tx) and V(no_tx);
      on a replica V(enabled) and V(status).
    - A server without semi-sync support reports it disabled and V(OFF).
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether the primary side (on a primary) or the replica side (on a replica) is switched on.
      type: bool
      sample: true
    status:
      description:
        - V(ON) or V(OFF). On a primary, V(ON) while commits wait for a replica's acknowledgement; V(OFF) when
          it runs asynchronously (it fell back after the timeout, or no semi-sync replica has connected yet).
        - On a replica, V(ON) while its IO thread acknowledges what it receives.
      type: str
      sample: "ON"
    clients:
      description: Semi-synchronous replicas connected (primary only).
      type: int
      sample: 2
    yes_tx:
      description: Commits a replica acknowledged since the server started (primary only).
      type: int
      sample: 1042
    no_tx:
      description: Commits made without an acknowledgement (asynchronously) since the server started (primary only).
      type: int
      sample: 1
  sample: {enabled: true, status: "ON", clients: 2, yes_tx: 1042, no_tx: 1}
source_host:
  description: The primary the replica replicates from (C(Master_Host)/C(Source_Host)); V(null) when not a replica.
  returned: always
  type: str
  sample: db-01.internal.example
source_port:
  description: The primary's port; V(null) when not a replica.
  returned: always
  type: int
  sample: 3306
ssl:
  description: Whether the replication connection is configured for TLS (C(Master_SSL_Allowed)/C(Source_SSL_Allowed) is C(Yes)).
  returned: always
  type: bool
  sample: true
ssl_verify_server_cert:
  description: Whether the replica verifies the primary's certificate (C(Master_SSL_Verify_Server_Cert)/C(Source_SSL_Verify_Server_Cert)).
  returned: always
  type: bool
  sample: true
last_io_errno:
  description: C(Last_IO_Errno); V(0) when none.
  returned: always
  type: int
  sample: 0
last_io_error:
  description: C(Last_IO_Error); empty when none.
  returned: always
  type: str
  sample: ""
last_sql_errno:
  description: C(Last_SQL_Errno); V(0) when none.
  returned: always
  type: int
  sample: 1062
last_sql_error:
  description: C(Last_SQL_Error); empty when none.
  returned: always
  type: str
  sample: "Could not execute Write_rows_v1 event on table app.t1; Duplicate entry '7' for key 'PRIMARY'"
healthy:
  description: Whether the server is healthy (see the notes); V(true) exactly when RV(reasons) is empty.
  returned: always
  type: bool
  sample: false
reasons:
  description: Why the server is not healthy, one sentence each; empty when healthy.
  returned: always
  type: list
  elements: str
  sample:
    - "replica SQL thread is not running (Slave_SQL_Running=No): Could not execute Write_rows_v1 event on table app.t1"
caught_up:
  description: Whether O(wait_for_gtid) has been applied; V(null) when O(wait_for_gtid) is not set.
  returned: always
  type: bool
  sample: true
waited:
  description: Seconds spent waiting (V(0) when the first check decided).
  returned: always
  type: float
  sample: 2.5
"""

import time

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.foobar.webstack.plugins.module_utils._mysql_replication import (
    GLOBAL_STATUS,
    GLOBAL_VARIABLES,
    build_status,
    connection_failure_message,
    describe_endpoint,
    evaluate_health,
    validate_gtid,
    variables_from_rows,
)

# community.mysql guards the driver import itself: mysql_driver is None without PyMySQL.
from ansible_collections.community.mysql.plugins.module_utils.mysql import (
    mysql_common_argument_spec,
    mysql_connect,
    mysql_driver,
    mysql_driver_fail_msg,
)

# ER_PARSE_ERROR: a server without SHOW REPLICA STATUS (MariaDB < 10.5.1, MySQL < 8.0.22).
ER_PARSE_ERROR = 1064
RESULT_KEYS = (
    'role', 'flavor', 'version', 'server_id', 'read_only', 'super_read_only', 'log_bin',
    'io_running', 'sql_running', 'io_thread', 'sql_thread', 'io_state', 'seconds_behind',
    'using_gtid', 'gtid_executed', 'gtid_variable', 'gtid_binlog_pos', 'gtid_io_pos', 'semi_sync', 'source_host',
    'source_port', 'ssl', 'ssl_verify_server_cert', 'last_io_errno', 'last_io_error',
    'last_sql_errno', 'last_sql_error',
)


class QueryError(Exception):
    """A status query failed; carries the statement for the message."""

    def __init__(self, query, error):
        super(QueryError, self).__init__('%s: %s' % (query, to_native(error)))
        self.query = query
        self.error = error


def _errno(error):
    args = getattr(error, 'args', ())
    return args[0] if args and isinstance(args[0], int) else None


def fetch_replica_status(cursor):
    """The row of SHOW REPLICA STATUS (or SHOW SLAVE STATUS on older servers), or None."""
    query = 'SHOW REPLICA STATUS'
    try:
        cursor.execute(query)
    except Exception as e:  # pylint: disable=broad-exception-caught
        if _errno(e) != ER_PARSE_ERROR:
            raise QueryError(query, e)
        query = 'SHOW SLAVE STATUS'
        try:
            cursor.execute(query)
        except Exception as e2:  # pylint: disable=broad-exception-caught
            raise QueryError(query, e2)
    return cursor.fetchone() or None


def _show_global(cursor, kind, names):
    """SHOW GLOBAL <kind> (VARIABLES or STATUS) for these names, as a dict."""
    query = 'SHOW GLOBAL %s WHERE Variable_name IN (%s)' % (kind, ', '.join("'%s'" % name for name in names))
    try:
        cursor.execute(query)
        return variables_from_rows(cursor.fetchall())
    except Exception as e:  # pylint: disable=broad-exception-caught
        raise QueryError(query, e)


def fetch_variables(cursor):
    return _show_global(cursor, 'VARIABLES', GLOBAL_VARIABLES)


def fetch_status_vars(cursor):
    """The semi-sync counters of SHOW GLOBAL STATUS (absent on servers without semi-sync)."""
    return _show_global(cursor, 'STATUS', GLOBAL_STATUS)


def check(module, cursor, sleep=time.sleep, clock=time.monotonic):
    """Poll the server until healthy, hopeless or out of time; return the result dict."""
    params = module.params
    timeout = params['timeout']
    start = clock()
    gtid_checked = False
    while True:
        variables = fetch_variables(cursor)
        status_vars = fetch_status_vars(cursor)
        replica_row = fetch_replica_status(cursor)
        status, replica = build_status(variables, replica_row, status_vars)
        if params['wait_for_gtid'] is not None and not gtid_checked:
            try:
                validate_gtid(status['flavor'], params['wait_for_gtid'])
            except ValueError as e:
                module.fail_json(msg="wait_for_gtid='%s' is not a %s GTID %s: %s" % (
                    params['wait_for_gtid'], 'MariaDB' if status['flavor'] == 'mariadb' else 'MySQL',
                    'position (domain-server_id-seq_no,...)' if status['flavor'] == 'mariadb'
                    else 'set (uuid:interval,...)', to_native(e)))
            gtid_checked = True
        healthy, reasons, caught_up, retryable = evaluate_health(
            status, replica, max_lag=params['max_lag'], wait_for_gtid=params['wait_for_gtid'],
            expected_role=params['expected_role'])
        elapsed = clock() - start
        if healthy or not retryable or elapsed >= timeout:
            break
        sleep(min(params['poll_interval'], timeout - elapsed))

    result = dict((key, status[key]) for key in RESULT_KEYS)
    result.update(changed=False, healthy=healthy, reasons=reasons, caught_up=caught_up,
                  waited=round(elapsed, 2) if timeout > 0 else 0.0)
    return result


def run(module, sleep=time.sleep, clock=time.monotonic):
    """Everything main() does after parsing the arguments; takes any AnsibleModule-like object."""
    params = module.params
    if mysql_driver is None:
        module.fail_json(msg='%s %s' % (missing_required_lib('PyMySQL'), mysql_driver_fail_msg))
    if params['timeout'] < 0:
        module.fail_json(msg='timeout must be 0 (no waiting) or a positive number of seconds, not %s'
                         % params['timeout'])
    if params['poll_interval'] <= 0:
        module.fail_json(msg='poll_interval must be a positive number of seconds, not %s'
                         % params['poll_interval'])
    if params['max_lag'] is not None and params['max_lag'] < 0:
        module.fail_json(msg='max_lag must be 0 or a positive number of seconds, not %s' % params['max_lag'])

    try:
        cursor, connection = mysql_connect(
            module, params['login_user'], params['login_password'], params['config_file'],
            params['client_cert'], params['client_key'], params['ca_cert'],
            cursor_class='DictCursor', connect_timeout=params['connect_timeout'],
            autocommit=True, check_hostname=params['check_hostname'])
    except Exception as e:  # pylint: disable=broad-exception-caught
        module.fail_json(msg=connection_failure_message(params, to_native(e)))

    try:
        result = check(module, cursor, sleep=sleep, clock=clock)
    except QueryError as e:
        module.fail_json(msg='Query failed on the server at %s: %s. Reading replication status needs '
                             'the REPLICA MONITOR privilege on MariaDB (10.5.9 and later) or REPLICATION '
                             'CLIENT on MySQL.' % (describe_endpoint(params), to_native(e)))
    finally:
        try:
            connection.close()
        except Exception:  # pylint: disable=broad-exception-caught
            pass

    if params['fail_on_unhealthy'] and not result['healthy']:
        waited = ' after waiting %s s' % result['waited'] if params['timeout'] > 0 else ''
        module.fail_json(msg='%s %s at %s is not healthy%s: %s' % (
            'MariaDB' if result['flavor'] == 'mariadb' else 'MySQL', result['role'],
            describe_endpoint(params), waited, '; '.join(result['reasons'])), **result)
    module.exit_json(**result)


def main():
    argument_spec = mysql_common_argument_spec()
    argument_spec.update(
        wait_for_gtid=dict(type='str'),
        max_lag=dict(type='int'),
        expected_role=dict(type='str', choices=['primary', 'replica', 'standalone']),
        timeout=dict(type='int', default=0),
        poll_interval=dict(type='float', default=1),
        fail_on_unhealthy=dict(type='bool', default=False),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    run(module)


if __name__ == '__main__':
    main()
