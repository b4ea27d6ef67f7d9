# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input stops a role before it changes anything, with a message that
names the variable. The role runs against the controller in check mode; the
first task that would touch a host must never be reached."""
import re

import pytest

# (role, bad variables, text the error must contain, first task that must not run)
CASES = [
    ("common", {"common_ntp_servers": {"pool": "0.debian.pool.ntp.org"}}, "common_ntp_servers", "Refresh the apt package lists"),
    ("common", {"common_sshd_port": "ssh"}, "common_sshd_port", "Refresh the apt package lists"),
    ("common", {"common_sshd_port": 70000}, "common_sshd_port must be 1-65535", "Refresh the apt package lists"),
    ("common", {"common_sshd_permit_root_login": "yes"}, "common_sshd_permit_root_login", "Refresh the apt package lists"),
    ("common", {"common_sshd_extra_config": {"PasswordAuthentication": "yes"}}, "common_sshd_extra_config", "Refresh the apt package lists"),
    ("common", {"common_unattended_upgrades_reboot_time": "25:00"}, "common_unattended_upgrades_reboot_time", "Refresh the apt package lists"),
    ("common", {"common_sysctl_extra_settings": {"net ipv4 bogus": 1}}, "common_sysctl", "Refresh the apt package lists"),
]


@pytest.mark.parametrize(("role", "bad_vars", "message", "first_change"), CASES,
                         ids=[f"{c[0]}-{next(iter(c[1]))}" for c in CASES])
def test_bad_input_fails_before_any_change(apply_role, role, bad_vars, message, first_change):
    rc, output = apply_role(role, bad_vars)
    assert rc != 0, output
    assert message in output, output
    assert first_change not in output, "the role went past its checks:\n" + output
    failed_task = re.findall(r"TASK \[([^\]]+)\]", output)[-1]
    assert "Validating arguments" in failed_task or ": Check " in failed_task, failed_task


@pytest.mark.parametrize("role", sorted({c[0] for c in CASES}))
def test_defaults_pass_the_checks(apply_role, role):
    rc, output = apply_role(role, {}, "--tags", f"{role}_preflight")
    assert rc == 0, output
    assert "Validating arguments" in output, output
