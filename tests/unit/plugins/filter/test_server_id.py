# SPDX-License-Identifier: GPL-3.0-or-later
"""foobar.webstack.server_id: stable, collision-free server_ids from addresses."""
import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.foobar.webstack.plugins.filter.server_id import FilterModule, server_id

MAX_SERVER_ID = 4294967295


def test_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'server_id': server_id}


@pytest.mark.parametrize('address, expected', [
    ('10.0.1.5', 167772421),
    ('10.0.0.11', 167772171),
    ('192.168.56.10', 3232249866),
    ('0.0.0.1', 1),
    ('255.255.255.255', MAX_SERVER_ID),
])
def test_ipv4_is_its_32_bit_value(address, expected):
    assert server_id(address) == expected


def test_every_address_of_a_slash_16_gets_its_own_id():
    """An inventory whose database hosts live in one /16 (or smaller) can never collide."""
    network = ipaddress.ip_network('10.20.0.0/16')
    ids = [server_id(str(address)) for address in network]
    assert len(ids) == 65536
    assert len(set(ids)) == 65536
    assert all(1 <= value <= MAX_SERVER_ID for value in ids)


def test_two_lab_hosts_differ_and_each_is_stable():
    first, second = server_id('10.0.0.11'), server_id('10.0.0.12')
    assert first != second
    assert server_id('10.0.0.11') == first
    assert server_id(' 10.0.0.11\n') == first      # a stray newline from a lookup does not change it


@pytest.mark.parametrize('value', [
    'db-01.internal.example', 'localhost', '', '10.0.0.256', '10.0.0', '10.0.0.0/24', '10.0.0.5:3306',
])
def test_non_addresses_ask_for_an_ip_or_mysql_server_id(value):
    with pytest.raises(AnsibleFilterError) as raised:
        server_id(value)
    assert 'IP address' in str(raised.value)
    assert 'mysql_server_id' in str(raised.value)
    assert repr(value).strip("'") in str(raised.value)


@pytest.mark.parametrize('value', [None, 167772421, ['10.0.0.1'], {'address': '10.0.0.1'}])
def test_non_strings_are_refused(value):
    # ipaddress would take an int as an address; the filter must not silently.
    with pytest.raises(AnsibleFilterError) as raised:
        server_id(value)
    assert 'mysql_server_id' in str(raised.value)


@pytest.mark.parametrize('value', ['0.0.0.0', '::', '::ffff:0.0.0.0'])
def test_unspecified_addresses_are_refused(value):
    with pytest.raises(AnsibleFilterError) as raised:
        server_id(value)
    assert 'mysql_server_id' in str(raised.value)


@pytest.mark.parametrize('address, expected', [
    ('2001:db8::a00:105', 167772421),              # low 32 bits
    ('2001:DB8::A00:105', 167772421),              # case does not matter
    ('2001:0db8:0000:0000:0000:0000:0a00:0105', 167772421),
    ('::ffff:10.0.1.5', 167772421),                # IPv4-mapped: same as the IPv4 address
    ('fe80::1', 1),
    ('2001:db8:1:2::ffff:ffff', MAX_SERVER_ID),
])
def test_ipv6_uses_the_low_32_bits(address, expected):
    assert server_id(address) == expected


def test_ipv6_with_zero_low_bits_folds_the_upper_words():
    # 2001:db8:: -> 0x20010db8 ^ 0 ^ 0; never 0, always the same.
    assert server_id('2001:db8::') == 0x20010DB8
    assert server_id('2001:db8:0:1::') == 0x20010DB8 ^ 0x1
    assert server_id('2001:db8::') == server_id('2001:db8::')


def test_every_address_of_an_ipv6_slash_112_gets_its_own_id():
    network = ipaddress.ip_network('2001:db8:0:1::1:0/112')
    ids = {server_id(str(address)) for address in network}
    assert len(ids) == 65536
    assert all(1 <= value <= MAX_SERVER_ID for value in ids)


def test_filter_resolves_by_fqcn_in_a_template(collections_paths, tmp_path):
    """ansible finds the filter as foobar.webstack.server_id and it returns an int."""
    config = tmp_path / 'ansible.cfg'
    config.write_text('[defaults]\n')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_paths, ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               ANSIBLE_HOME=str(tmp_path), ANSIBLE_CONFIG=str(config))
    ansible = str(Path(sys.executable).parent / 'ansible')
    expression = "{{ ('10.0.1.5' | foobar.webstack.server_id) + 1 }}"
    result = subprocess.run([ansible, 'localhost', '-c', 'local', '-m', 'ansible.builtin.debug',
                             '-a', 'msg="%s"' % expression], env=env, cwd=str(tmp_path), capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"msg": 167772422' in result.stdout
