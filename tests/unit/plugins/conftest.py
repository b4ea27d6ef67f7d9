# SPDX-License-Identifier: GPL-3.0-or-later
"""Make this working tree importable as ansible_collections.foobar.webstack.

The repository root is the collection, but Python finds collections only under
a directory named ansible_collections/<namespace>/<name>. A temporary directory
holding ansible_collections/foobar/webstack -> the repository goes first on
sys.path. ansible_collections has no __init__.py, so it is a namespace package:
the bundled collections of the venv (community.mysql and others, in
site-packages/ansible_collections) stay importable next to it.
"""
import atexit
import copy
import shutil
import sys
import tempfile
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _collections_root():
    # Already checked out as .../ansible_collections/foobar/webstack: use that tree.
    if (REPO.name, REPO.parent.name, REPO.parent.parent.name) == ('webstack', 'foobar', 'ansible_collections'):
        return REPO.parents[2]
    root = Path(tempfile.mkdtemp(prefix='webstack-collections-'))
    namespace = root / 'ansible_collections' / 'foobar'
    namespace.mkdir(parents=True)
    (namespace / 'webstack').symlink_to(REPO, target_is_directory=True)
    atexit.register(shutil.rmtree, str(root), True)  # removes the link, never the repository
    return root


COLLECTIONS_ROOT = _collections_root()
if str(COLLECTIONS_ROOT) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_ROOT))


@pytest.fixture(scope='session')
def collections_paths():
    """ANSIBLE_COLLECTIONS_PATH value where foobar.webstack and the bundled collections resolve."""
    bundled = [str(Path(entry)) for entry in sys.path
               if (Path(entry) / 'ansible_collections' / 'community' / 'mysql').is_dir()]
    return ':'.join([str(COLLECTIONS_ROOT)] + bundled)


# ---------------------------------------------------------------------------
# Captured server answers for the replication status tests.
#
# Rows of SHOW REPLICA STATUS (SHOW SLAVE STATUS before MariaDB 10.5.1 and
# MySQL 8.0.22) as PyMySQL's DictCursor returns them: every column the server
# sends, in its order, ints for numeric columns, None for NULL. Global
# variables as SHOW GLOBAL VARIABLES returns them (strings).
# ---------------------------------------------------------------------------

MARIADB_PRIMARY_ID = 167772171  # 10.0.0.11 | foobar.webstack.server_id

# MariaDB 10.11 (Debian 12): Slave_*/Master_* names, Replicate_Rewrite_DB after
# Slave_SQL_Running, no *_last_event_time columns.
MARIADB_10_11_ROW = {
    'Slave_IO_State': 'Waiting for master to send event',
    'Master_Host': '10.0.0.11',
    'Master_User': 'replication',
    'Master_Port': 3306,
    'Connect_Retry': 60,
    'Master_Log_File': 'mysql-bin.000003',
    'Read_Master_Log_Pos': 10537,
    'Relay_Log_File': 'mysqld-relay-bin.000002',
    'Relay_Log_Pos': 10836,
    'Relay_Master_Log_File': 'mysql-bin.000003',
    'Slave_IO_Running': 'Yes',
    'Slave_SQL_Running': 'Yes',
    'Replicate_Rewrite_DB': '',
    'Replicate_Do_DB': '',
    'Replicate_Ignore_DB': '',
    'Replicate_Do_Table': '',
    'Replicate_Ignore_Table': '',
    'Replicate_Wild_Do_Table': '',
    'Replicate_Wild_Ignore_Table': '',
    'Last_Errno': 0,
    'Last_Error': '',
    'Skip_Counter': 0,
    'Exec_Master_Log_Pos': 10537,
    'Relay_Log_Space': 11147,
    'Until_Condition': 'None',
    'Until_Log_File': '',
    'Until_Log_Pos': 0,
    'Master_SSL_Allowed': 'Yes',
    'Master_SSL_CA_File': '/etc/mysql/ssl/ca.pem',
    'Master_SSL_CA_Path': '',
    'Master_SSL_Cert': '',
    'Master_SSL_Cipher': '',
    'Master_SSL_Key': '',
    'Seconds_Behind_Master': 0,
    'Master_SSL_Verify_Server_Cert': 'Yes',
    'Last_IO_Errno': 0,
    'Last_IO_Error': '',
    'Last_SQL_Errno': 0,
    'Last_SQL_Error': '',
    'Replicate_Ignore_Server_Ids': '',
    'Master_Server_Id': MARIADB_PRIMARY_ID,
    'Master_SSL_Crl': '',
    'Master_SSL_Crlpath': '',
    'Using_Gtid': 'Slave_Pos',
    'Gtid_IO_Pos': '0-167772171-42',
    'Replicate_Do_Domain_Ids': '',
    'Replicate_Ignore_Domain_Ids': '',
    'Parallel_Mode': 'optimistic',
    'SQL_Delay': 0,
    'SQL_Remaining_Delay': None,
    'Slave_SQL_Running_State': 'Slave has read all relay log; waiting for more updates',
    'Slave_DDL_Groups': 9,
    'Slave_Non_Transactional_Groups': 0,
    'Slave_Transactional_Groups': 33,
}

MARIADB_10_11_VARIABLES = {
    'gtid_binlog_pos': '0-167772171-42',
    'gtid_current_pos': '0-167772171-42',
    'gtid_slave_pos': '0-167772171-42',
    'gtid_strict_mode': 'ON',
    'log_bin': 'ON',
    'read_only': 'ON',
    'server_id': '167772172',
    'version': '10.11.14-MariaDB-0+deb12u2-log',
    'version_comment': 'Debian 12',
}

# MariaDB 11.8 (Debian 13): still Slave_*/Master_* names, even for SHOW REPLICA
# STATUS; Replicate_Rewrite_DB moved to the end, followed by the 11.6 timing
# columns; Master_SSL_Verify_Server_Cert defaults to Yes since 11.4.
MARIADB_11_8_ROW = dict((k, v) for k, v in MARIADB_10_11_ROW.items() if k != 'Replicate_Rewrite_DB')
MARIADB_11_8_ROW.update({
    'Slave_IO_State': 'Waiting for master to send event',
    'Replicate_Rewrite_DB': '',
    'Master_last_event_time': '2025-11-28 10:41:07',
    'Slave_last_event_time': '2025-11-28 10:41:07',
    'Master_Slave_time_diff': 0,
})

MARIADB_11_8_VARIABLES = dict(MARIADB_10_11_VARIABLES, version='11.8.3-MariaDB-0+deb13u1-log',
                              version_comment='Debian 13')

MYSQL_PRIMARY_UUID = '3e11fa47-71ca-11e1-9e33-c80aa9429562'
MYSQL_REPLICA_UUID = 'b0a3c2e4-9d1f-11ee-8c4e-0242ac120003'

# MySQL 8.0.22+ SHOW REPLICA STATUS: Replica_*/Source_* names, GTIDs as sets,
# auto-positioning as Auto_Position, a newline after each comma of a GTID set.
MYSQL_8_ROW = {
    'Replica_IO_State': 'Waiting for source to send event',
    'Source_Host': '10.0.0.11',
    'Source_User': 'replication',
    'Source_Port': 3306,
    'Connect_Retry': 60,
    'Source_Log_File': 'binlog.000002',
    'Read_Source_Log_Pos': 24871,
    'Relay_Log_File': 'db-02-relay-bin.000003',
    'Relay_Log_Pos': 24996,
    'Relay_Source_Log_File': 'binlog.000002',
    'Replica_IO_Running': 'Yes',
    'Replica_SQL_Running': 'Yes',
    'Replicate_Do_DB': '',
    'Replicate_Ignore_DB': '',
    'Replicate_Do_Table': '',
    'Replicate_Ignore_Table': '',
    'Replicate_Wild_Do_Table': '',
    'Replicate_Wild_Ignore_Table': '',
    'Last_Errno': 0,
    'Last_Error': '',
    'Skip_Counter': 0,
    'Exec_Source_Log_Pos': 24871,
    'Relay_Log_Space': 25212,
    'Until_Condition': 'None',
    'Until_Log_File': '',
    'Until_Log_Pos': 0,
    'Source_SSL_Allowed': 'Yes',
    'Source_SSL_CA_File': '/etc/mysql/ssl/ca.pem',
    'Source_SSL_CA_Path': '',
    'Source_SSL_Cert': '',
    'Source_SSL_Cipher': '',
    'Source_SSL_Key': '',
    'Seconds_Behind_Source': 0,
    'Source_SSL_Verify_Server_Cert': 'Yes',
    'Last_IO_Errno': 0,
    'Last_IO_Error': '',
    'Last_SQL_Errno': 0,
    'Last_SQL_Error': '',
    'Replicate_Ignore_Server_Ids': '',
    'Source_Server_Id': 167772171,
    'Source_UUID': MYSQL_PRIMARY_UUID,
    'Source_Info_File': 'mysql.slave_master_info',
    'SQL_Delay': 0,
    'SQL_Remaining_Delay': None,
    'Replica_SQL_Running_State': 'Replica has read all relay log; waiting for more updates',
    'Source_Retry_Count': 86400,
    'Source_Bind': '',
    'Last_IO_Error_Timestamp': '',
    'Last_SQL_Error_Timestamp': '',
    'Source_SSL_Crl': '',
    'Source_SSL_Crlpath': '',
    'Retrieved_Gtid_Set': MYSQL_PRIMARY_UUID + ':1-77',
    'Executed_Gtid_Set': MYSQL_PRIMARY_UUID + ':1-77,\n' + MYSQL_REPLICA_UUID + ':1-5',
    'Auto_Position': 1,
    'Replicate_Rewrite_DB': '',
    'Channel_Name': '',
    'Source_TLS_Version': 'TLSv1.2,TLSv1.3',
    'Source_public_key_path': '',
    'Get_Source_public_key': 0,
    'Network_Namespace': '',
}

MYSQL_8_VARIABLES = {
    'gtid_executed': MYSQL_PRIMARY_UUID + ':1-77,\n' + MYSQL_REPLICA_UUID + ':1-5',
    'gtid_mode': 'ON',
    'log_bin': 'ON',
    'read_only': 'ON',
    'server_id': '167772172',
    'super_read_only': 'ON',
    'version': '8.0.40',
    'version_comment': 'MySQL Community Server - GPL',
}

CAPTURED = {
    'mariadb-10.11': (MARIADB_10_11_ROW, MARIADB_10_11_VARIABLES),
    'mariadb-11.8': (MARIADB_11_8_ROW, MARIADB_11_8_VARIABLES),
    'mysql-8': (MYSQL_8_ROW, MYSQL_8_VARIABLES),
}

# Failure states, as a change of columns to a healthy row. Keys are canonical;
# replica_row() spells them the way the server does.
FAILURES = {
    'io-connecting': {
        'io_running': 'Connecting', 'io_state': 'Connecting to master', 'seconds_behind': None,
        'last_io_errno': 2003,
        'last_io_error': "error connecting to master 'replication@10.0.0.11:3306' - retry-time: 60  "
                         "maximum-retries: 100000  message: Can't connect to server on '10.0.0.11' (111)",
    },
    'io-fatal': {
        'io_running': 'No', 'io_state': '', 'seconds_behind': None, 'last_io_errno': 1236,
        'last_io_error': "Got fatal error 1236 from master when reading data from binary log: "
                         "'Could not find GTID state requested by slave in any binlog files'",
    },
    'sql-error': {
        'sql_running': 'No', 'seconds_behind': None, 'last_sql_errno': 1062,
        'last_sql_error': "Could not execute Write_rows_v1 event on table app.t1; Duplicate entry '7' "
                          "for key 'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY",
    },
    'stopped': {
        'io_running': 'No', 'sql_running': 'No', 'io_state': '', 'seconds_behind': None,
    },
    'lagging': {'seconds_behind': 120},
}

_SPELLING = {
    'io_running': ('Slave_IO_Running', 'Replica_IO_Running'),
    'sql_running': ('Slave_SQL_Running', 'Replica_SQL_Running'),
    'io_state': ('Slave_IO_State', 'Replica_IO_State'),
    'seconds_behind': ('Seconds_Behind_Master', 'Seconds_Behind_Source'),
    'last_io_errno': ('Last_IO_Errno', 'Last_IO_Errno'),
    'last_io_error': ('Last_IO_Error', 'Last_IO_Error'),
    'last_sql_errno': ('Last_SQL_Errno', 'Last_SQL_Errno'),
    'last_sql_error': ('Last_SQL_Error', 'Last_SQL_Error'),
}


def replica_row(server, **changes):
    """A copy of the captured row of ``server`` with canonical fields changed."""
    row = dict(CAPTURED[server][0])
    mysql = 'Replica_IO_Running' in row
    for key, value in changes.items():
        column = _SPELLING[key][1 if mysql else 0]
        assert column in row, column
        row[column] = value
        if key == 'last_sql_errno':
            row['Last_Errno'] = value
        if key == 'last_sql_error':
            row['Last_Error'] = value
    return row


def failing_row(server, failure):
    return replica_row(server, **FAILURES[failure])


def server_variables(server, **changes):
    variables = dict(CAPTURED[server][1])
    variables.update(changes)
    return variables


@pytest.fixture
def captured():
    """The captured server answers and helpers above, for the replication tests."""
    return types.SimpleNamespace(
        servers=sorted(CAPTURED), failures=sorted(FAILURES), replica_row=replica_row,
        failing_row=failing_row, server_variables=server_variables,
        rows=copy.deepcopy(CAPTURED), mysql_primary_uuid=MYSQL_PRIMARY_UUID,
        mysql_replica_uuid=MYSQL_REPLICA_UUID)
