# -*- coding: utf-8 -*-
# Copyright (c) 2025, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: server_id
short_description: A MariaDB/MySQL server_id derived from a host's IP address
version_added: 0.1.0
author:
  - foobar engineering (@foobar)
description:
  - Turns an IP address into a replication C(server_id) (1 to 4294967295) that is the same every
    time for that address, so every database host gets a stable id without keeping a list.
  - "IPv4: the address as a 32-bit number (C(10.0.1.5) gives 167772421). Distinct addresses always
    give distinct ids, so hosts of one inventory never collide as long as their addresses differ.
    C(0.0.0.0) is refused."
  - "IPv6: the low 32 bits of the address, so distinct addresses within one /96 give distinct ids.
    IPv4-mapped addresses such as C(::ffff:10.0.1.5) give the IPv4 result. An address whose low 32 bits
    are all zero (a subnet-router anycast address, which no host uses) gets the XOR of its three upper
    32-bit words instead; C(::) is refused. Addresses in different /96 networks with the same low
    32 bits collide: set C(mysql_server_id) for such hosts."
  - Anything else, a host name for example, is an error; set C(mysql_server_id) per host instead.
options:
  _input:
    description: An IPv4 or IPv6 address, such as C(ansible_default_ipv4.address).
    type: string
    required: true
"""

EXAMPLES = r"""
- name: Derive the server_id from the host's private address
  ansible.builtin.set_fact:
    mysql_server_id: "{{ ansible_default_ipv4.address | foobar.webstack.server_id }}"

- name: IPv4 and IPv6 examples
  ansible.builtin.debug:
    msg:
      - "{{ '10.0.1.5' | foobar.webstack.server_id }}"            # 167772421
      - "{{ '2001:db8::a00:105' | foobar.webstack.server_id }}"    # 167772421
      - "{{ '::ffff:10.0.1.5' | foobar.webstack.server_id }}"      # 167772421
"""

RETURN = r"""
_value:
  description: The server_id, between 1 and 4294967295.
  type: int
"""

import ipaddress

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

_HINT = 'set mysql_server_id for this host instead'


def server_id(address):
    """Stable MariaDB/MySQL server_id (1..4294967295) for an IP address."""
    if not isinstance(address, str):
        raise AnsibleFilterError(
            'server_id needs an IP address (a string), got %s %r; %s'
            % (type(address).__name__, address, _HINT))
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        raise AnsibleFilterError(
            "server_id needs an IP address to derive a server_id from, got '%s' (a host name?); %s"
            % (to_native(address), _HINT))

    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    value = int(ip)
    if ip.version == 4:
        if value == 0:
            raise AnsibleFilterError(
                "server_id cannot derive a server_id from '%s' (the unspecified address); %s"
                % (to_native(address), _HINT))
        return value

    low = value & 0xFFFFFFFF
    if low:
        return low
    folded = (value >> 96) ^ ((value >> 64) & 0xFFFFFFFF) ^ ((value >> 32) & 0xFFFFFFFF)
    if folded:
        return folded
    raise AnsibleFilterError(
        "server_id cannot derive a non-zero server_id from '%s'; %s" % (to_native(address), _HINT))


class FilterModule:
    """foobar.webstack.server_id"""

    def filters(self):
        return {'server_id': server_id}
