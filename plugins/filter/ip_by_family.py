# -*- coding: utf-8 -*-
# Copyright (c) 2026, foobar engineering <engineering@foobar.example>
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: ip_by_family
short_description: Sort IP addresses and networks into IPv4, IPv6 and invalid
version_added: 0.1.0
author:
  - foobar engineering (@foobar)
description:
  - Takes a list of IP addresses and networks in CIDR notation, such as C(webstack_admin_cidrs), and returns them sorted
    by address family, normalised and without duplicates, in their original order.
  - A network must have no host bits set (C(10.0.0.0/8), not C(10.0.0.1/8)), because in a firewall rule such a value
    is more likely a typo for a single address than a network. It is returned under RV(_value.invalid), with anything
    that is not an address or a network (host names, ranges, addresses with a zone index, non-strings).
  - An address with its full prefix (C(192.0.2.7/32)) is returned as the plain address (C(192.0.2.7)); IPv6 values are
    returned in their compressed form.
options:
  _input:
    description: The addresses and networks to sort.
    type: list
    elements: string
    required: true
"""

EXAMPLES = r"""
- name: Refuse malformed admin networks
  ansible.builtin.assert:
    that: (webstack_admin_cidrs | foobar.webstack.ip_by_family).invalid == []
    fail_msg: "webstack_admin_cidrs holds invalid networks: {{ (webstack_admin_cidrs | foobar.webstack.ip_by_family).invalid }}"

- name: IPv4 and IPv6 networks for two nftables sets
  ansible.builtin.debug:
    msg: "{{ ['10.0.0.0/8', '2001:DB8::/32', '192.0.2.7/32', 'example.com'] | foobar.webstack.ip_by_family }}"
    # {"ipv4": ["10.0.0.0/8", "192.0.2.7"], "ipv6": ["2001:db8::/32"], "invalid": ["example.com"]}
"""

RETURN = r"""
_value:
  description: The values sorted by family.
  type: dict
  contains:
    ipv4:
      description: IPv4 addresses and networks, normalised.
      type: list
      elements: string
      sample: ["10.0.0.0/8", "192.0.2.7"]
    ipv6:
      description: IPv6 addresses and networks, normalised.
      type: list
      elements: string
      sample: ["2001:db8::/32"]
    invalid:
      description: The values that are neither, as given.
      type: list
      elements: raw
      sample: ["10.0.0.1/8", "example.com"]
"""

import ipaddress

from ansible.errors import AnsibleFilterError


def _normalise(value):
    """The canonical text of an address or network, or None when value is neither."""
    if not isinstance(value, str) or value != value.strip() or '%' in value:
        return None
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        return None
    if network.prefixlen == network.max_prefixlen:
        return str(network.network_address)
    return str(network)


def ip_by_family(values):
    """Sort addresses and networks into ipv4, ipv6 and invalid (see DOCUMENTATION)."""
    if isinstance(values, (str, bytes)) or not hasattr(values, '__iter__'):
        raise AnsibleFilterError('ip_by_family expects a list of addresses and networks, got %r' % (values,))
    result = {'ipv4': [], 'ipv6': [], 'invalid': []}
    for value in values:
        normalised = _normalise(value)
        if normalised is None:
            family = 'invalid'
        else:
            family = 'ipv6' if ':' in normalised else 'ipv4'
            value = normalised
        if value not in result[family]:
            result[family].append(value)
    return result


class FilterModule:
    """foobar.webstack.ip_by_family"""

    def filters(self):
        return {'ip_by_family': ip_by_family}
