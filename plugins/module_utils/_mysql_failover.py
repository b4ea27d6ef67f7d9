# -*- coding: utf-8 -*-
# Copyright (c) 2025, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure logic of the failover: which replica to promote.

PRIVATE: only for this collection's own plugins; it may change without notice.

Nothing here talks to a server: the input is what foobar.webstack.mysql_replication_status
returned for every replica (or why it could not be asked), the output is the replica to
promote, or no replica and the reason. MariaDB GTID positions only.
"""

from __future__ import annotations

from ansible_collections.foobar.webstack.plugins.module_utils._mysql_replication import (
    parse_mariadb_gtid_pos,
)


def merge_positions(*positions):
    """Per domain, the furthest of several parsed positions (sequence numbers compared).

    A replica's received position (Gtid_IO_Pos) and applied position (gtid_slave_pos) are merged
    this way: what it received but has not applied yet is in its relay log and will be applied.
    """
    merged = {}
    for position in positions:
        for domain, (server_id, seq_no) in position.items():
            if domain not in merged or merged[domain][1] < seq_no:
                merged[domain] = (server_id, seq_no)
    return merged


def compare_positions(left, right):
    """Compare two parsed MariaDB GTID positions.

    Returns -1 (left is behind right), 0 (equal), 1 (left is ahead) or None when they cannot be
    compared: left is ahead in one domain and behind in another, or both hold the same sequence
    number of a domain from different servers (different transactions: the histories diverged).
    A domain missing from one side counts as sequence number 0 there.
    """
    ahead = behind = False
    for domain in set(left) | set(right):
        l_server, l_seq = left.get(domain, (None, 0))
        r_server, r_seq = right.get(domain, (None, 0))
        if l_seq > r_seq:
            ahead = True
        elif l_seq < r_seq:
            behind = True
        elif l_seq and l_server != r_server:
            return None
    if ahead and behind:
        return None
    return 1 if ahead else (-1 if behind else 0)


def format_position(position):
    """A parsed position back to MariaDB's text form, domains in order."""
    return ','.join('%d-%d-%d' % (domain, server_id, seq_no)
                    for domain, (server_id, seq_no) in sorted(position.items()))


def candidate_from_status(name, status):
    """One replica's status module result as a candidate, or the reason it is excluded.

    Returns ``(candidate, reason)``: exactly one of them is None. ``status`` is the registered
    result of foobar.webstack.mysql_replication_status (run with failed_when false), an
    unreachable result, or None when the host was not asked.
    """
    if not status:
        return None, 'no status (the host was not asked)'
    if status.get('unreachable'):
        return None, 'unreachable: %s' % (status.get('msg') or 'no connection')
    if status.get('failed') or 'role' not in status:
        return None, 'MariaDB did not answer: %s' % (status.get('msg') or 'no status returned')
    if status.get('flavor') not in (None, 'mariadb'):
        return None, 'not MariaDB (%s): only MariaDB GTID positions are compared' % status.get('flavor')
    if status['role'] != 'replica':
        return None, 'not a replica (role %s)' % status['role']
    if status.get('last_sql_errno'):
        return None, 'replication error %s: %s' % (status['last_sql_errno'], status.get('last_sql_error') or '')
    try:
        applied = parse_mariadb_gtid_pos(status.get('gtid_executed') or '')
        received = parse_mariadb_gtid_pos(status.get('gtid_io_pos') or '')
    except ValueError as e:
        return None, 'unreadable GTID position: %s' % e
    lag = status.get('seconds_behind')
    return {
        'name': name,
        'applied': applied,
        'position': merge_positions(applied, received),
        'lag': lag if isinstance(lag, int) else None,
    }, None


def _describe(candidate):
    return '%s (%s)' % (candidate['name'], format_position(candidate['position']) or 'empty')


def select_most_advanced(statuses, order=None):
    """Pick the replica to promote.

    ``statuses``: {host name: status module result} (see candidate_from_status()); ``order``: the
    host names in inventory order (default: the order of ``statuses``), the last tie-breaker.

    Replicas that could not be asked, are not replicas, or report an SQL error are excluded. Each
    remaining replica's position is what it holds: per domain, the furthest of what it applied
    and what it received (its relay log). The chosen replica's position must be at least every
    other's (per domain); if no replica's is, because two of them diverged, the answer is no
    replica and the reason. Among replicas with equal positions, the one that applied more, then
    the one with the lower lag (unknown lag last), then the first in ``order`` wins.

    Returns a dict: ``primary`` (host name or None), ``position`` (its position as text),
    ``reason`` (why this one, or why none), ``excluded`` ({host: reason}) and ``ranking`` (the
    considered replicas, chosen first).
    """
    order = list(order) if order is not None else list(statuses)
    order += [name for name in statuses if name not in order]
    candidates, excluded = [], {}
    for name in order:
        if name not in statuses:
            continue
        candidate, reason = candidate_from_status(name, statuses[name])
        if candidate is None:
            excluded[name] = reason
        else:
            candidates.append(candidate)
    result = {'primary': None, 'position': None, 'reason': '', 'excluded': excluded, 'ranking': []}
    if not candidates:
        result['reason'] = 'no replica can be promoted: %s' % (
            '; '.join('%s: %s' % item for item in excluded.items()) or 'there are none')
        return result

    # The replicas whose position is at least every other's.
    leaders = [candidate for candidate in candidates
               if all(compare_positions(candidate['position'], other['position']) in (0, 1)
                      for other in candidates if other is not candidate)]
    if not leaders:
        pair = next((a, b) for a in candidates for b in candidates
                    if a is not b and compare_positions(a['position'], b['position']) is None)
        result['reason'] = ('refusing to choose: the GTID positions of %s and %s diverged (neither holds '
                            'everything the other does), so promoting either loses transactions of the other; '
                            'compare them and promote one by hand with mysql_failover_new_primary'
                            % (_describe(pair[0]), _describe(pair[1])))
        result['ranking'] = [c['name'] for c in candidates]
        return result

    tied = list(leaders)  # list.sort() hides the list being sorted from the key function

    def tie_key(candidate):
        applied_ahead = sum(1 for other in tied if other is not candidate
                            and compare_positions(candidate['applied'], other['applied']) == -1)
        return (applied_ahead, candidate['lag'] is None, candidate['lag'] or 0, order.index(candidate['name']))

    leaders.sort(key=tie_key)
    chosen = leaders[0]
    rest = sorted((c for c in candidates if c not in leaders), key=lambda c: order.index(c['name']))
    result.update(
        primary=chosen['name'],
        position=format_position(chosen['position']),
        ranking=[c['name'] for c in leaders + rest],
    )
    if len(leaders) > 1:
        result['reason'] = ('%s holds the most advanced GTID position, as does %s; chosen by applied position, '
                            'lag, then inventory order' % (_describe(chosen),
                                                           ', '.join(c['name'] for c in leaders[1:])))
    else:
        result['reason'] = '%s holds the most advanced GTID position' % _describe(chosen)
    return result
