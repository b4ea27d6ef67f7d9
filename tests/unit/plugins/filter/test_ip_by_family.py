# SPDX-License-Identifier: GPL-3.0-or-later
"""foobar.webstack.ip_by_family: the check behind webstack_admin_cidrs and every CIDR in firewall rules."""
import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.foobar.webstack.plugins.filter.ip_by_family import FilterModule, ip_by_family


def test_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {'ip_by_family': ip_by_family}


def test_sorts_by_family_in_the_given_order():
    assert ip_by_family(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7', 'fd00::5']) == {
        'ipv4': ['10.0.0.0/8', '192.0.2.7'],
        'ipv6': ['2001:db8::/32', 'fd00::5'],
        'invalid': [],
    }


@pytest.mark.parametrize('value, family, expected', [
    ('192.0.2.7/32', 'ipv4', '192.0.2.7'),          # a full prefix is a plain address
    ('2001:DB8:0:0::/32', 'ipv6', '2001:db8::/32'),  # compressed, lower case
    ('2001:db8::1/128', 'ipv6', '2001:db8::1'),
    ('0.0.0.0/0', 'ipv4', '0.0.0.0/0'),              # anywhere, as extra rules write it
    ('::/0', 'ipv6', '::/0'),
])
def test_values_are_normalised(value, family, expected):
    assert ip_by_family([value])[family] == [expected]


def test_duplicates_after_normalising_are_dropped():
    assert ip_by_family(['192.0.2.7', '192.0.2.7/32', '10.0.0.0/8'])['ipv4'] == ['192.0.2.7', '10.0.0.0/8']


@pytest.mark.parametrize('value', [
    '10.0.0.1/8',         # host bits set: a typo for 10.0.0.1/32 or for 10.0.0.0/8
    '10.0.0.0/33',
    '10.0.0.256',
    '10.0.0',
    '10.0.0.0/8 ',        # stray whitespace from a template
    '10.0.0.1-10.0.0.9',
    'fe80::1%eth0',       # zone index: not usable in a set
    'admin.example.com',
    '',
    167772161,            # an int would be taken as an address by ipaddress
    None,
])
def test_anything_else_is_invalid_and_returned_as_given(value):
    result = ip_by_family(['192.0.2.0/24', value])
    assert result['invalid'] == [value]
    assert result['ipv4'] == ['192.0.2.0/24']


@pytest.mark.parametrize('value', ['10.0.0.0/8', None, 5])
def test_a_single_value_instead_of_a_list_is_an_error(value):
    with pytest.raises(AnsibleFilterError, match='expects a list'):
        ip_by_family(value)


def test_empty_list():
    assert ip_by_family([]) == {'ipv4': [], 'ipv6': [], 'invalid': []}
