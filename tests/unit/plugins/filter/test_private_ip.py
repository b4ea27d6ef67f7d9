# SPDX-License-Identifier: GPL-3.0-or-later
"""foobar.webstack.private_ip: one answer, for every role, to "what is this host's address"."""
import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.foobar.webstack.plugins.filter.private_ip import FilterModule, private_ip

FACTS = {
    "default_ipv4": {"address": "203.0.113.7", "interface": "eth0"},
    "eth1": {"ipv4": {"address": "10.0.1.21"}},
    "ens3_1": {"ipv4": {"address": "10.0.2.21"}},
}


def test_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {"private_ip": private_ip}


def test_explicit_address_wins_over_facts():
    host = {"webstack_private_ip": "10.9.9.9", "webstack_private_interface": "eth1", "ansible_facts": FACTS}
    assert private_ip(host) == "10.9.9.9"


def test_named_interface_wins_over_the_default_route():
    assert private_ip({"webstack_private_interface": "eth1", "ansible_facts": FACTS}) == "10.0.1.21"


def test_interface_names_with_dashes_are_looked_up_as_ansible_stores_them():
    assert private_ip({"webstack_private_interface": "ens3-1", "ansible_facts": FACTS}) == "10.0.2.21"


def test_default_route_address_is_the_fallback():
    assert private_ip({"ansible_facts": FACTS}) == "203.0.113.7"


def test_interface_without_an_address_names_host_and_interface():
    with pytest.raises(AnsibleFilterError, match=r"db-01: webstack_private_interface is 'eth7'"):
        private_ip({"inventory_hostname": "db-01", "webstack_private_interface": "eth7", "ansible_facts": FACTS})


def test_no_facts_and_no_setting_says_what_to_set():
    with pytest.raises(AnsibleFilterError, match=r"app-02: no private address known; set webstack_private_ip"):
        private_ip({"inventory_hostname": "app-02"})


def test_rejects_what_is_not_host_variables():
    with pytest.raises(AnsibleFilterError, match="expects a host's variables"):
        private_ip("10.0.0.1")
