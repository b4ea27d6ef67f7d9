# -*- coding: utf-8 -*-
# Copyright (c) 2025, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: most_advanced_replica
short_description: The MariaDB replica to promote, by GTID position
version_added: 0.1.0
author:
  - foobar engineering (@foobar)
description:
  - Takes what M(foobar.webstack.mysql_replication_status) returned for every replica and picks the one
    to promote when the primary is lost, as the C(mysql_failover) playbook does.
  - "Excluded, each with its reason in RV(_value.excluded): a replica that could not be asked (unreachable,
    or MariaDB did not answer), a server that is not a replica, a replica whose SQL thread reports an error
    (C(Last_SQL_Errno))."
  - The position of each remaining replica is, per GTID domain, the furthest of what it applied
    (RV(foobar.webstack.mysql_replication_status#module:gtid_executed)) and what it received into its relay
    log (RV(foobar.webstack.mysql_replication_status#module:gtid_io_pos)).
  - The chosen replica holds, in every domain, at least what every other one holds. When none does because
    two positions diverged (one ahead in a domain and behind in another, or the same sequence number from
    different servers), no replica is chosen and RV(_value.reason) says which.
  - Ties (equal positions) go to the replica that applied more, then the lower lag (unknown lag last), then
    the first in O(order).
  - MariaDB C(domain-server-seqno) positions only.
options:
  _input:
    description:
      - Host name to the registered result of M(foobar.webstack.mysql_replication_status) on that host
        (run with C(failed_when=false) and C(ignore_unreachable=true) so every replica has one).
      - A missing or empty result counts as a replica that could not be asked.
    type: dict
    required: true
  order:
    description: Host names in inventory order, the last tie-breaker. Defaults to the order of O(_input).
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Pick the replica to promote
  ansible.builtin.set_fact:
    _pick: >-
      {{ dict(groups['db_replicas'] | zip(groups['db_replicas'] | map('extract', hostvars)
         | map(attribute='__status', default={})))
         | foobar.webstack.most_advanced_replica(order=groups['db_replicas']) }}

- name: Refuse when there is none
  ansible.builtin.assert:
    that: _pick.primary is not none
    fail_msg: "No failover: {{ _pick.reason }}"
"""

RETURN = r"""
_value:
  description: The choice.
  type: dict
  contains:
    primary:
      description: The host to promote; V(null) when none can be.
      type: str
    position:
      description: Its GTID position (applied or received), V(null) when none is chosen.
      type: str
    reason:
      description: Why this replica, or why none.
      type: str
    excluded:
      description: Host name to the reason it was not considered.
      type: dict
    ranking:
      description: The considered replicas, the chosen one first.
      type: list
      elements: str
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.foobar.webstack.plugins.module_utils._mysql_failover import select_most_advanced


def most_advanced_replica(statuses, order=None):
    """The replica to promote, from {host: status module result}."""
    if not isinstance(statuses, Mapping):
        raise AnsibleFilterError('most_advanced_replica needs a dict of host name to status result, got %s'
                                 % type(statuses).__name__)
    plain = dict((str(name), dict(status) if isinstance(status, Mapping) else None)
                 for name, status in statuses.items())
    return select_most_advanced(plain, order=[str(name) for name in order] if order is not None else None)


class FilterModule:
    """foobar.webstack.most_advanced_replica"""

    def filters(self):
        return {'most_advanced_replica': most_advanced_replica}
