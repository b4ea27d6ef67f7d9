# SPDX-License-Identifier: GPL-3.0-or-later
"""Exceptions that stand in for AnsibleModule.exit_json and fail_json in the
module tests: a test patches them in and catches the result."""


class ExitJson(Exception):
    def __init__(self, result):
        super(ExitJson, self).__init__(result)
        self.result = result


class FailJson(Exception):
    def __init__(self, msg, result):
        super(FailJson, self).__init__(msg)
        self.msg = msg
        self.result = result
