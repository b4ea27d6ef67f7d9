# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026, foobar engineering
"""The private address of a host of the stack, from its variables and facts."""

from __future__ import annotations

DOCUMENTATION = r"""
name: private_ip
short_description: The address a host of the stack uses on the private network
version_added: 0.1.0
author: foobar engineering
description:
  - Returns the private IPv4 address of a host from its variables (pass C(hostvars[host])).
  - In order, the first that is set wins. V(webstack_private_ip), the host's explicit address. The IPv4 address
    of the interface named by V(webstack_private_interface), from the host's gathered facts. The IPv4 address of the
    interface holding the default route (fact C(default_ipv4)).
  - Every role reads a host's address through this filter, so they always agree (firewall sets, database account
    hosts, certificate names, scrape targets).
options:
  _input:
    description: The host's variables, as in C(hostvars['db-01']). Facts must have been gathered for that host
      unless V(webstack_private_ip) is set.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Address of the primary database
  ansible.builtin.debug:
    msg: "{{ hostvars[groups['db_primary'][0]] | foobar.webstack.private_ip }}"

- name: Addresses of every app server
  ansible.builtin.debug:
    msg: "{{ groups['app_servers'] | map('extract', hostvars) | map('foobar.webstack.private_ip') | list }}"
"""

RETURN = r"""
_value:
  description: The private IPv4 address.
  type: str
  sample: 10.0.1.21
"""

from ansible.errors import AnsibleFilterError


def private_ip(host_vars):
    """Return the host's private address (see DOCUMENTATION)."""
    if not isinstance(host_vars, dict) and not hasattr(host_vars, "get"):
        raise AnsibleFilterError("private_ip expects a host's variables, e.g. hostvars['db-01'], got %r" % (host_vars,))
    name = host_vars.get("inventory_hostname", "this host")
    explicit = host_vars.get("webstack_private_ip")
    if explicit:
        return str(explicit)
    facts = host_vars.get("ansible_facts") or {}
    interface = host_vars.get("webstack_private_interface")
    if interface:
        address = (facts.get(str(interface).replace("-", "_")) or {}).get("ipv4", {}).get("address")
        if not address:
            raise AnsibleFilterError(
                "%s: webstack_private_interface is %r, but the gathered facts show no IPv4 address on it "
                "(gather facts for %s, or set webstack_private_ip)" % (name, interface, name))
        return address
    address = (facts.get("default_ipv4") or {}).get("address")
    if not address:
        raise AnsibleFilterError(
            "%s: no private address known; set webstack_private_ip or webstack_private_interface for it, "
            "or gather its facts so its default-route address can be used" % name)
    return address


class FilterModule:
    """foobar.webstack.private_ip"""

    def filters(self):
        return {"private_ip": private_ip}
