# -*- coding: utf-8 -*-
# Copyright (c) 2025, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure logic behind foobar.webstack.mysql_replication_status.

PRIVATE: only for this collection's own plugins; it may change without notice.

Nothing here talks to a server. The functions take what a server returned
(the row of SHOW REPLICA STATUS as a dict, a few global variables) and decide
what it means, so unit tests can feed them rows captured from MariaDB 10.11,
MariaDB 11.x and MySQL 8 without any server.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# GTID positions and sets
# --------------------------------------------------------------------------

_MARIADB_GTID = re.compile(r'^(\d+)-(\d+)-(\d+)$')
_MYSQL_UUID = re.compile(r'^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$')
_MYSQL_TAG = re.compile(r'^[a-z_][a-z0-9_]{0,31}$')
_MYSQL_INTERVAL = re.compile(r'^(\d+)(?:-(\d+))?$')


def _split_list(text):
    """Split a comma separated GTID list, ignoring whitespace and newlines."""
    if text is None:
        return []
    return [item for item in re.sub(r'\s+', '', text).split(',') if item]


def parse_mariadb_gtid_pos(text):
    """Parse a MariaDB GTID position (``domain-server-seqno`` comma list).

    Returns a dict ``{domain_id: (server_id, seq_no)}``. An empty string is
    an empty position. Raises ValueError on anything else, and on a domain
    listed twice (a position holds one GTID per domain).
    """
    position = {}
    for item in _split_list(text):
        match = _MARIADB_GTID.match(item)
        if not match:
            raise ValueError("'%s' is not a MariaDB GTID (domain-server_id-seq_no)" % item)
        domain, server_id, seq_no = (int(part) for part in match.groups())
        if domain in position:
            raise ValueError("domain %d appears twice in the GTID position '%s'" % (domain, text))
        position[domain] = (server_id, seq_no)
    return position


def mariadb_gtid_caught_up(applied, target):
    """True when position ``applied`` has reached position ``target``.

    Per replication domain: the applied sequence number must be at least the
    target's. A domain of the target missing from ``applied`` has not been
    reached. Domains only in ``applied`` do not matter. The server_id part is
    ignored: sequence numbers grow monotonically within a domain.
    Both arguments are strings or already parsed dicts.
    """
    if not isinstance(applied, dict):
        applied = parse_mariadb_gtid_pos(applied)
    if not isinstance(target, dict):
        target = parse_mariadb_gtid_pos(target)
    for domain, (dummy, seq_no) in target.items():
        if domain not in applied or applied[domain][1] < seq_no:
            return False
    return True


def _merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def parse_mysql_gtid_set(text):
    """Parse a MySQL GTID set (``uuid:1-5:7-9,uuid2:1-3``).

    Accepts the whitespace and newlines MySQL puts after the commas of
    ``gtid_executed``, upper or lower case UUIDs, and MySQL 8.3+ tagged GTIDs
    (``uuid:tag:1-5``). Returns ``{(uuid, tag): [(start, end), ...]}`` with
    sorted, merged intervals (tag is '' for untagged GTIDs). Raises ValueError
    on malformed input.
    """
    gtid_set = {}
    for item in _split_list(text):
        parts = item.lower().split(':')
        uuid = parts[0]
        if not _MYSQL_UUID.match(uuid):
            raise ValueError("'%s' does not start with a server UUID" % item)
        uuid = uuid.replace('-', '')
        uuid = '-'.join((uuid[0:8], uuid[8:12], uuid[12:16], uuid[16:20], uuid[20:32]))
        if len(parts) < 2:
            raise ValueError("'%s' has no transaction interval" % item)
        tag = ''
        pending_tag = False
        for part in parts[1:]:
            interval = _MYSQL_INTERVAL.match(part)
            if interval:
                start = int(interval.group(1))
                end = int(interval.group(2)) if interval.group(2) is not None else start
                if start < 1 or end < start:
                    raise ValueError("'%s' is not a valid interval in '%s'" % (part, item))
                gtid_set.setdefault((uuid, tag), []).append((start, end))
                pending_tag = False
            elif _MYSQL_TAG.match(part):
                if pending_tag:
                    raise ValueError("tag '%s' follows a tag without intervals in '%s'" % (part, item))
                tag = part
                pending_tag = True
            else:
                raise ValueError("'%s' is neither an interval nor a tag in '%s'" % (part, item))
        if pending_tag:
            raise ValueError("tag '%s' has no transaction interval in '%s'" % (tag, item))
    return dict((key, _merge_intervals(value)) for key, value in gtid_set.items())


def mysql_gtid_subset(target, executed):
    """True when every GTID of ``target`` is in ``executed`` (MySQL sets).

    Both arguments are strings or already parsed dicts.
    """
    if not isinstance(target, dict):
        target = parse_mysql_gtid_set(target)
    if not isinstance(executed, dict):
        executed = parse_mysql_gtid_set(executed)
    for key, intervals in target.items():
        have = executed.get(key, [])
        for start, end in intervals:
            # Merged intervals are disjoint and not adjacent: a contiguous
            # range is covered only if a single merged interval holds it.
            if not any(h_start <= start and end <= h_end for h_start, h_end in have):
                return False
    return True


def validate_gtid(flavor, text):
    """Raise ValueError when ``text`` is not a GTID position/set of ``flavor``."""
    if flavor == 'mariadb':
        parse_mariadb_gtid_pos(text)
    else:
        parse_mysql_gtid_set(text)


def gtid_caught_up(flavor, applied, target):
    """Dispatch to the comparison of ``flavor`` ('mariadb' or 'mysql')."""
    if flavor == 'mariadb':
        return mariadb_gtid_caught_up(applied or '', target)
    return mysql_gtid_subset(target, applied or '')


def normalize_gtid(text):
    """GTID text as one line: MySQL breaks gtid_executed after its commas."""
    if text is None:
        return None
    return ','.join(_split_list(text))


# --------------------------------------------------------------------------
# Server facts
# --------------------------------------------------------------------------

# Global variables the module reads. SHOW GLOBAL VARIABLES ... IN (...) simply
# leaves out those a server does not have, so one query serves both flavors.
GLOBAL_VARIABLES = (
    'version', 'version_comment', 'server_id', 'read_only', 'super_read_only', 'log_bin',
    'gtid_current_pos', 'gtid_slave_pos', 'gtid_binlog_pos', 'gtid_strict_mode',
    'gtid_executed', 'gtid_mode',
    # Semi-synchronous replication: MariaDB and MySQL < 8.0.26 names, then MySQL 8.0.26+ names.
    'rpl_semi_sync_master_enabled', 'rpl_semi_sync_slave_enabled',
    'rpl_semi_sync_source_enabled', 'rpl_semi_sync_replica_enabled',
)

# Global status counters of semi-synchronous replication (SHOW GLOBAL STATUS),
# canonical name -> names MariaDB/MySQL < 8.0.26 and MySQL 8.0.26+ use.
SEMI_SYNC_STATUS = {
    'master_status': ('rpl_semi_sync_master_status', 'rpl_semi_sync_source_status'),
    'clients': ('rpl_semi_sync_master_clients', 'rpl_semi_sync_source_clients'),
    'yes_tx': ('rpl_semi_sync_master_yes_tx', 'rpl_semi_sync_source_yes_tx'),
    'no_tx': ('rpl_semi_sync_master_no_tx', 'rpl_semi_sync_source_no_tx'),
    'slave_status': ('rpl_semi_sync_slave_status', 'rpl_semi_sync_replica_status'),
}
GLOBAL_STATUS = tuple(name for names in SEMI_SYNC_STATUS.values() for name in names)


def to_text(value):
    """Server values as text (drivers may return bytes)."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode('utf-8', 'replace')
    return str(value)


def is_on(value):
    """Interpret the yes/no spellings servers use (Yes, ON, 1, ...)."""
    text = to_text(value)
    return text is not None and text.strip().lower() in ('yes', 'on', '1', 'true')


def variables_from_rows(rows):
    """{name: value} from SHOW VARIABLES rows (dicts or (name, value) tuples)."""
    variables = {}
    for row in rows or ():
        if isinstance(row, dict):
            name, value = row.get('Variable_name'), row.get('Value')
        else:
            name, value = row[0], row[1]
        variables[to_text(name).lower()] = to_text(value)
    return variables


def flavor_from_version(version, version_comment=None):
    """'mariadb' or 'mysql' from the server's version strings."""
    for text in (version, version_comment):
        if text and 'mariadb' in to_text(text).lower():
            return 'mariadb'
    return 'mysql'


# --------------------------------------------------------------------------
# SHOW REPLICA STATUS / SHOW SLAVE STATUS
# --------------------------------------------------------------------------

# Canonical name -> column names, MariaDB and MySQL < 8.0.22 first, then the
# MySQL 8.0.22+ names. MariaDB (10.5+ and 11.x) answers SHOW REPLICA STATUS
# with the Slave_*/Master_* names; MySQL 8.0.22+ with Replica_*/Source_*.
STATUS_COLUMNS = {
    'io_state': ('Slave_IO_State', 'Replica_IO_State'),
    'io_running': ('Slave_IO_Running', 'Replica_IO_Running'),
    'sql_running': ('Slave_SQL_Running', 'Replica_SQL_Running'),
    'sql_state': ('Slave_SQL_Running_State', 'Replica_SQL_Running_State'),
    'seconds_behind': ('Seconds_Behind_Master', 'Seconds_Behind_Source'),
    'source_host': ('Master_Host', 'Source_Host'),
    'source_port': ('Master_Port', 'Source_Port'),
    'ssl': ('Master_SSL_Allowed', 'Source_SSL_Allowed'),
    'ssl_verify_server_cert': ('Master_SSL_Verify_Server_Cert', 'Source_SSL_Verify_Server_Cert'),
    'last_io_errno': ('Last_IO_Errno',),
    'last_io_error': ('Last_IO_Error',),
    'last_sql_errno': ('Last_SQL_Errno',),
    'last_sql_error': ('Last_SQL_Error',),
    'using_gtid': ('Using_Gtid',),
    'auto_position': ('Auto_Position',),
    'gtid_io_pos': ('Gtid_IO_Pos',),
    'retrieved_gtid_set': ('Retrieved_Gtid_Set',),
    'executed_gtid_set': ('Executed_Gtid_Set',),
}


def _lookup(lowered, canonical):
    """(column name as the server spelt it, value) for a canonical field."""
    for name in STATUS_COLUMNS[canonical]:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return STATUS_COLUMNS[canonical][0], None


def _to_int(value):
    text = to_text(value)
    if text is None or text.strip() == '' or text.strip().upper() == 'NULL':
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def parse_replica_status(row):
    """Normalise one row of SHOW REPLICA/SLAVE STATUS.

    ``row`` is a dict of column name -> value (any capitalisation), or
    None/empty when the server has no replication configured. Returns None
    for no row, else a dict with canonical keys, each holding the value, plus
    ``columns``: the server's own column name for each key, used to word the
    reasons the way the operator sees them in SHOW REPLICA STATUS.
    """
    if not row:
        return None
    lowered = dict((to_text(key).lower(), (to_text(key), value)) for key, value in row.items())
    status = {'columns': {}}
    for canonical in STATUS_COLUMNS:
        column, value = _lookup(lowered, canonical)
        status['columns'][canonical] = column
        status[canonical] = value

    for key in ('io_state', 'io_running', 'sql_running', 'sql_state', 'source_host',
                'last_io_error', 'last_sql_error', 'using_gtid', 'gtid_io_pos',
                'retrieved_gtid_set', 'executed_gtid_set'):
        status[key] = to_text(status[key])
    for key in ('seconds_behind', 'source_port', 'last_io_errno', 'last_sql_errno', 'auto_position'):
        status[key] = _to_int(status[key])
    status['io_running'] = status['io_running'] or 'No'
    status['sql_running'] = status['sql_running'] or 'No'
    status['last_io_error'] = status['last_io_error'] or ''
    status['last_sql_error'] = status['last_sql_error'] or ''
    status['last_io_errno'] = status['last_io_errno'] or 0
    status['last_sql_errno'] = status['last_sql_errno'] or 0
    status['ssl'] = is_on(status['ssl'])
    status['ssl_verify_server_cert'] = is_on(status['ssl_verify_server_cert'])
    if status['using_gtid'] is None:
        # MySQL reports GTID auto-positioning as Auto_Position 1/0.
        status['using_gtid'] = 'Auto_Position' if status['auto_position'] == 1 else 'No'
    return status


def _first_of(values, names):
    for name in names:
        if values.get(name) is not None:
            return values[name]
    return None


def semi_sync_state(role, variables, status_vars):
    """The semi-synchronous replication state of a server.

    ``variables`` are global variables, ``status_vars`` global status values
    (both {lower-case name: text}). A replica reports ``enabled`` (the replica
    side is switched on) and ``status`` (its IO thread currently acknowledges:
    'ON' or 'OFF'). A primary or standalone server reports ``enabled`` (the
    primary side is switched on), ``status`` ('ON' while commits wait for a
    replica's acknowledgement, 'OFF' when it runs asynchronously, having
    fallen back after the timeout or never having had a semi-sync replica),
    ``clients`` (connected semi-sync replicas), ``yes_tx`` and ``no_tx``
    (commits acknowledged by a replica / committed without). Servers without
    semi-sync support report it disabled, OFF and zero counts.
    """
    variables = variables or {}
    status_vars = dict((to_text(key).lower(), to_text(value)) for key, value in (status_vars or {}).items())
    if role == 'replica':
        return {
            'enabled': is_on(_first_of(variables, ('rpl_semi_sync_slave_enabled', 'rpl_semi_sync_replica_enabled'))),
            'status': 'ON' if is_on(_first_of(status_vars, SEMI_SYNC_STATUS['slave_status'])) else 'OFF',
        }
    return {
        'enabled': is_on(_first_of(variables, ('rpl_semi_sync_master_enabled', 'rpl_semi_sync_source_enabled'))),
        'status': 'ON' if is_on(_first_of(status_vars, SEMI_SYNC_STATUS['master_status'])) else 'OFF',
        'clients': _to_int(_first_of(status_vars, SEMI_SYNC_STATUS['clients'])) or 0,
        'yes_tx': _to_int(_first_of(status_vars, SEMI_SYNC_STATUS['yes_tx'])) or 0,
        'no_tx': _to_int(_first_of(status_vars, SEMI_SYNC_STATUS['no_tx'])) or 0,
    }


def decide_role(replica, variables):
    """'replica', 'primary' or 'standalone'.

    replica: SHOW REPLICA STATUS has a row (replication is configured, whether
    or not its threads run). Otherwise primary when binary logging is on
    (replicas could follow it), else standalone.
    """
    if replica:
        return 'replica'
    if is_on(variables.get('log_bin')):
        return 'primary'
    return 'standalone'


def applied_gtid(flavor, role, variables, replica):
    """The server's applied GTID position/set and the variable it came from.

    MySQL: gtid_executed. MariaDB: on a replica, the position its replication
    tracks (gtid_current_pos with Using_Gtid=Current_Pos, else
    gtid_slave_pos); on a primary or standalone server, gtid_current_pos.
    """
    if flavor != 'mariadb':
        return normalize_gtid(variables.get('gtid_executed') or ''), 'gtid_executed'
    name = 'gtid_current_pos'
    if role == 'replica' and (replica.get('using_gtid') or '').lower() != 'current_pos':
        name = 'gtid_slave_pos'
    return normalize_gtid(variables.get(name) or ''), name


def build_status(variables, replica_row, status_vars=None):
    """Everything the module returns except health, from what the server said.

    ``status_vars``: SHOW GLOBAL STATUS values (for the semi-sync state).
    """
    variables = dict((key.lower(), value) for key, value in (variables or {}).items())
    version = variables.get('version') or ''
    flavor = flavor_from_version(version, variables.get('version_comment'))
    replica = parse_replica_status(replica_row)
    role = decide_role(replica, variables)
    gtid, gtid_variable = applied_gtid(flavor, role, variables, replica or {})
    super_read_only = variables.get('super_read_only')
    result = {
        'role': role,
        'flavor': flavor,
        'version': version,
        'server_id': _to_int(variables.get('server_id')),
        'read_only': is_on(variables.get('read_only')),
        'super_read_only': is_on(super_read_only) if super_read_only is not None else None,
        'log_bin': is_on(variables.get('log_bin')),
        'gtid_executed': gtid,
        'gtid_variable': gtid_variable,
        'gtid_binlog_pos': (normalize_gtid(variables.get('gtid_binlog_pos') or '')
                            if flavor == 'mariadb' else None),
        'gtid_io_pos': None,
        'semi_sync': semi_sync_state(role, variables, status_vars),
        'io_running': False,
        'sql_running': False,
        'io_thread': None,
        'sql_thread': None,
        'io_state': '',
        'seconds_behind': None,
        'using_gtid': None,
        'source_host': None,
        'source_port': None,
        'ssl': False,
        'ssl_verify_server_cert': False,
        'last_io_errno': 0,
        'last_io_error': '',
        'last_sql_errno': 0,
        'last_sql_error': '',
    }
    if replica:
        result.update({
            'io_running': replica['io_running'] == 'Yes',
            'sql_running': replica['sql_running'] == 'Yes',
            'io_thread': replica['io_running'],
            'sql_thread': replica['sql_running'],
            'io_state': replica['io_state'] or '',
            'seconds_behind': replica['seconds_behind'],
            'using_gtid': replica['using_gtid'],
            'source_host': replica['source_host'],
            'source_port': replica['source_port'],
            'ssl': replica['ssl'],
            'ssl_verify_server_cert': replica['ssl_verify_server_cert'],
            'last_io_errno': replica['last_io_errno'],
            'last_io_error': replica['last_io_error'],
            'last_sql_errno': replica['last_sql_errno'],
            'last_sql_error': replica['last_sql_error'],
            # Received (not necessarily applied) transactions: what a replica holds in its relay log.
            'gtid_io_pos': normalize_gtid(replica['gtid_io_pos'] if flavor == 'mariadb'
                                          else replica['retrieved_gtid_set']) or '',
        })
    return result, replica


# --------------------------------------------------------------------------
# Health
# --------------------------------------------------------------------------

# I/O thread states that become Yes on their own (the thread is trying).
_IO_STARTING = ('connecting', 'preparing')


def _with_error(text, error):
    return '%s: %s' % (text, error) if error else text


def evaluate_health(status, replica, max_lag=None, wait_for_gtid=None, expected_role=None):
    """Decide whether the server is healthy.

    ``status`` and ``replica`` are the two values of build_status(). Returns
    ``(healthy, reasons, caught_up, retryable)``: reasons are sentences for
    an operator (empty when healthy); caught_up is None without
    ``wait_for_gtid``; retryable is False when a reason cannot go away by
    waiting (a stopped thread, an SQL error, the wrong role), so the module
    stops polling early.

    Replica: both threads run, neither reports an error, the lag is known and
    at most ``max_lag`` (when given), the ``wait_for_gtid`` position is
    applied (when given). Primary or standalone: healthy unless the
    ``wait_for_gtid`` position is not applied; ``max_lag`` does not apply.
    ``expected_role`` adds: the role must match; an expected replica must be
    read_only; an expected primary must not be.
    """
    reasons = []
    retryable = True
    role = status['role']

    def add(reason, can_retry):
        reasons.append(reason)
        return can_retry

    if expected_role and role != expected_role:
        detail = ''
        if expected_role == 'replica':
            detail = ': no replication is configured (SHOW REPLICA STATUS returned no row)'
        elif role == 'replica':
            detail = ': replication from %s is configured' % (status['source_host'] or 'a source')
        elif role == 'standalone':
            detail = ': binary logging is off (log_bin=OFF)'
        retryable = add('server is %s, expected %s%s' % (role, expected_role, detail), False) and retryable
    if expected_role == 'replica' and role == 'replica' and not status['read_only']:
        retryable = add('replica is writable (read_only=OFF); replicas must be read_only', False) and retryable
    if expected_role == 'primary' and role == 'primary' and status['read_only']:
        retryable = add('primary is read-only (read_only=ON): writes are refused', False) and retryable

    if replica:
        columns = replica['columns']
        io, sql = replica['io_running'], replica['sql_running']
        io_ok, sql_ok = io == 'Yes', sql == 'Yes'
        if not io_ok:
            text = 'replica IO thread is not running (%s=%s)' % (columns['io_running'], io)
            retryable = add(_with_error(text, replica['last_io_error']),
                            io.lower() in _IO_STARTING) and retryable
        elif replica['last_io_error']:
            retryable = add('replica IO thread reports error %s: %s'
                            % (replica['last_io_errno'], replica['last_io_error']), True) and retryable
        if not sql_ok:
            text = 'replica SQL thread is not running (%s=%s)' % (columns['sql_running'], sql)
            retryable = add(_with_error(text, replica['last_sql_error']), False) and retryable
        elif replica['last_sql_error']:
            retryable = add('replica SQL thread reports error %s: %s'
                            % (replica['last_sql_errno'], replica['last_sql_error']), True) and retryable
        lag = replica['seconds_behind']
        if io_ok and sql_ok:
            if lag is None:
                retryable = add('replication lag is unknown (%s is NULL)'
                                % columns['seconds_behind'], True) and retryable
            elif max_lag is not None and lag > max_lag:
                retryable = add('replica is %d s behind its primary (%s=%d), more than max_lag=%d'
                                % (lag, columns['seconds_behind'], lag, max_lag), True) and retryable

    caught_up = None
    if wait_for_gtid is not None:
        caught_up = gtid_caught_up(status['flavor'], status['gtid_executed'], wait_for_gtid)
        if not caught_up:
            who = 'replica' if role == 'replica' else 'server'
            retryable = add("%s has not applied GTID position '%s' yet (%s='%s')"
                            % (who, normalize_gtid(wait_for_gtid), status['gtid_variable'],
                               status['gtid_executed']), role == 'replica') and retryable

    return not reasons, reasons, caught_up, retryable


# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

def describe_endpoint(params):
    """Where the module connects, as an operator would name it."""
    if params.get('login_unix_socket'):
        return 'unix socket %s' % params['login_unix_socket']
    return '%s:%s' % (params.get('login_host'), params.get('login_port'))


def connection_failure_message(params, error):
    """fail_json message for a failed connection: where, as whom, the driver's error, what to check."""
    user = params.get('login_user')
    who = "user '%s'" % user if user else 'the user from config_file (or the driver default)'
    if params.get('login_unix_socket'):
        where = 'through unix socket %s' % params['login_unix_socket']
        check = 'login_unix_socket'
    else:
        where = 'at host %s port %s' % (params.get('login_host'), params.get('login_port'))
        check = 'login_host/login_port (or use login_unix_socket)'
    return ('Cannot connect to the MySQL/MariaDB server %s as %s: %s. Check %s, the credentials '
            '(login_user/login_password or config_file %s) and, for TLS, ca_cert/client_cert/client_key.'
            % (where, who, error, check, params.get('config_file') or "''"))
