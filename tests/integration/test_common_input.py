# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input stops the common role before it changes anything (see conftest.expect_rejected)."""
import pytest

FIRST_CHANGE = "Refresh the apt package lists"

# (bad variables, text the error must contain)
CASES = [
    ({"common_ntp_servers": {"pool": "0.debian.pool.ntp.org"}}, "common_ntp_servers"),
    ({"common_sshd_port": "ssh"}, "common_sshd_port"),
    ({"common_sshd_port": 70000}, "common_sshd_port must be 1-65535"),
    ({"common_sshd_permit_root_login": "yes"}, "common_sshd_permit_root_login"),
    ({"common_sshd_extra_config": {"PasswordAuthentication": "yes"}}, "common_sshd_extra_config"),
    ({"common_unattended_upgrades_reboot_time": "25:00"}, "common_unattended_upgrades_reboot_time"),
    ({"common_sysctl_extra_settings": {"net ipv4 bogus": 1}}, "common_sysctl"),
]


@pytest.mark.parametrize(("bad_vars", "message"), CASES, ids=[next(iter(c[0])) for c in CASES])
def test_bad_input_fails_before_any_change(expect_rejected, bad_vars, message):
    expect_rejected("common", bad_vars, message, FIRST_CHANGE)


def test_defaults_pass_the_checks(apply_role):
    rc, output = apply_role("common", {}, "--tags", "common_preflight")
    assert rc == 0, output
    assert "Validating arguments" in output, output
