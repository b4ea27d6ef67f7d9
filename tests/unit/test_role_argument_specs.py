# SPDX-License-Identifier: GPL-3.0-or-later
"""Every role documents each public variable twice: a default in
defaults/main.yml and an entry in meta/argument_specs.yml. They must match."""
from pathlib import Path

import pytest
import yaml

ROLES = sorted(p for p in (Path(__file__).resolve().parents[2] / "roles").iterdir() if p.is_dir())


def _load(path):
    with path.open() as stream:
        return yaml.safe_load(stream) or {}


def _options(role):
    """Options of every entry point of a role, by name (entry points may share options)."""
    options = {}
    for entry_point in _load(role / "meta" / "argument_specs.yml")["argument_specs"].values():
        options.update(entry_point.get("options", {}))
    return options


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_defaults_and_argument_specs_match(role):
    defaults = set(_load(role / "defaults" / "main.yml"))
    options = set(_options(role))
    assert sorted(defaults - options) == [], "defaults without an argument spec"
    assert sorted(options - defaults) == [], "argument specs without a default"


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_argument_specs_are_typed_and_described(role):
    for name, spec in _options(role).items():
        assert spec.get("type"), f"{name}: no type"
        assert spec.get("description"), f"{name}: no description"
        if spec["type"] == "list":
            assert spec.get("elements"), f"{name}: a list without elements"


@pytest.mark.parametrize("role", ROLES, ids=lambda p: p.name)
def test_public_variables_are_prefixed(role):
    for name in _load(role / "defaults" / "main.yml"):
        assert name.startswith(role.name + "_"), f"{name} lacks the {role.name}_ prefix"
