# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input stops the firewall role before it changes anything (see conftest.expect_rejected)."""
import re

import pytest

FIRST_CHANGE = "Refresh the apt package lists"
ADMIN = {"webstack_admin_cidrs": ["192.0.2.0/24", "2001:db8:ad::/48"]}
UNSET = object()


def extra_rule(**fields):
    """firewall_extra_rules with one otherwise valid rule; UNSET leaves a field out."""
    entry = dict({"name": "syslog", "port": 514, "from_cidrs": ["192.0.2.0/24"]}, **fields)
    return {"firewall_extra_rules": [{key: value for key, value in entry.items() if value is not UNSET}]}


# (test id, bad variables, text the error must contain)
CASES = [
    ("admin-cidrs-unset", {"webstack_admin_cidrs": UNSET}, "webstack_admin_cidrs (an inventory variable) must list"),
    ("admin-cidrs-empty", {"webstack_admin_cidrs": []}, "webstack_admin_cidrs (an inventory variable) must list"),
    ("admin-cidrs-string", {"webstack_admin_cidrs": "192.0.2.0/24"}, 'got "192.0.2.0/24".'),
    ("admin-cidrs-bad-prefix", {"webstack_admin_cidrs": ["192.0.2.0/24", "10.0.0.0/33"]}, 'of which not valid: ["10.0.0.0/33"]'),
    ("admin-cidrs-host-bits", {"webstack_admin_cidrs": ["10.0.0.1/8"]}, 'of which not valid: ["10.0.0.1/8"]'),
    ("admin-cidrs-hostname", {"webstack_admin_cidrs": ["admin.example.com"]}, 'of which not valid: ["admin.example.com"]'),
    ("rule-port-range", extra_rule(port=70000),
     'firewall_extra_rules entry "syslog": port 70000 is out of range (valid: 1-65535)'),
    ("rule-ports-zero", extra_rule(port=UNSET, ports=[443, 0]), 'firewall_extra_rules entry "syslog": port 0 is out of range'),
    ("rule-cidr-malformed", extra_rule(from_cidrs=["192.0.2.0/24", "198.51.100.0/23x"]),
     "firewall_extra_rules entry \"syslog\": '198.51.100.0/23x' is not an IPv4 or IPv6 address or network"),
    ("rule-cidr-host-bits", extra_rule(from_cidrs=["2001:db8::1/32"]),
     "'2001:db8::1/32' is not an IPv4 or IPv6 address or network with no host bits set"),
    ("rule-unknown-from-group", extra_rule(from_groups=["webservers"]),
     "firewall_extra_rules entry \"syslog\": group 'webservers' is not an inventory group"),
    ("rule-unknown-to-group", extra_rule(to_groups=["app_server"]), "group 'app_server' is not an inventory group"),
    ("rule-reserved-group", extra_rule(from_groups=["admin_networks"]),
     "the group name admin_networks is reserved for the set of webstack_admin_cidrs"),
    ("rule-name-quote", extra_rule(name='say "hi"'), "the name must be 1-64 letters"),
    ("rule-port-type", extra_rule(port="syslog"), "found in 'firewall_extra_rules'"),
    ("rule-port-and-ports", extra_rule(ports=[514]), "parameters are mutually exclusive: port|ports found in firewall_extra_rules"),
    ("rule-no-source", extra_rule(from_cidrs=UNSET),
     "one of the following is required: from_groups, from_cidrs, rule found in firewall_extra_rules"),
    ("rule-raw-and-port", extra_rule(rule="tcp dport 22 accept"), "parameters are mutually exclusive: rule|port"),
    ("rule-proto", extra_rule(proto="icmp"), "firewall_extra_rules"),
    ("egress-cidr-host-bits",
     {"firewall_egress_filter": True, "firewall_egress_rules": [{"name": "dns", "port": 53, "to_cidrs": ["8.8.8.8/24"]}]},
     "firewall_egress_rules entry \"dns\": '8.8.8.8/24' is not an IPv4 or IPv6 address"),
    ("egress-no-destination", {"firewall_egress_filter": True, "firewall_egress_rules": [{"name": "dns", "port": 53}]},
     "one of the following is required: to_groups, to_cidrs found in firewall_egress_rules"),
    ("mysql-port-zero", {"firewall_mysql_port": 0}, 'out of range: {"firewall_mysql_port": 0}'),
    ("web-ports-range", {"firewall_web_ports": [443, 65536]}, 'out of range: {"firewall_web_ports": [65536]}'),
    ("ssh-port-not-the-controllers", {"ansible_connection": "ssh", "ansible_port": 2222},
     "The controller connects to localhost on port 2222 (ansible_port), but firewall_ssh_port is 22"),
    ("ssh-port-type", {"firewall_ssh_port": "ssh"}, "firewall_ssh_port"),
    ("forward-policy", {"firewall_forward_policy": "reject"}, "firewall_forward_policy"),
    ("rollback-before-confirm", {"firewall_confirm_timeout": 30, "firewall_rollback_timeout": 40},
     "firewall_rollback_timeout at least firewall_confirm_timeout + 15 (got 40)"),
    ("log-rate", {"firewall_log_rate": "fast"}, "firewall_log_rate must be a rate in nft's limit syntax"),
]


@pytest.mark.parametrize(("bad_vars", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_fails_before_any_change(expect_rejected, bad_vars, message):
    variables = {key: value for key, value in dict(ADMIN, **bad_vars).items() if value is not UNSET}
    expect_rejected("firewall", variables, message, FIRST_CHANGE)


def test_a_host_the_rules_name_with_a_bad_private_address_is_rejected(apply_role, tmp_path):
    """The controller plays a database whose webstack_private_ip is not an address."""
    inventory = tmp_path / "inventory.yml"
    inventory.write_text("databases:\n  hosts:\n    localhost:\n      webstack_private_ip: 10.0.0.300\n")
    rc, output = apply_role("firewall", ADMIN, "-i", str(inventory))
    assert rc != 0, output
    assert 'webstack_private_ip must be a single IPv4 or IPv6 address, such as 10.0.1.21; ' \
           'these hosts have others: {"localhost": "10.0.0.300"}' in output, output
    assert FIRST_CHANGE not in output, output
    assert re.findall(r"TASK \[([^\]]+)\]", output)[-1] == "foobar.webstack.firewall : Check every host the rules name has a private address"


def test_defaults_pass_the_checks(apply_role):
    rc, output = apply_role("firewall", ADMIN, "--tags", "firewall_preflight")
    assert rc == 0, output
    assert "Validating arguments" in output, output
    assert "Check firewall_extra_rules and firewall_egress_rules" in output, output
