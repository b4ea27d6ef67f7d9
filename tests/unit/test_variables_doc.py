# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/variables.md is what tools/variables_doc.py makes of the roles' argument specs
and defaults: regenerate it (python3 tools/variables_doc.py > docs/variables.md) after
changing a role's variables."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("variables_doc", ROOT / "tools" / "variables_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_variable_reference_is_current():
    committed = (ROOT / "docs" / "variables.md").read_text()
    assert committed == _generator().render(), "docs/variables.md is stale: python3 tools/variables_doc.py > docs/variables.md"


def test_every_role_variable_is_listed():
    committed = (ROOT / "docs" / "variables.md").read_text()
    for defaults in ROOT.glob("roles/*/defaults/main.yml"):
        for line in defaults.read_text().splitlines():
            if line and not line.startswith(("#", " ", "-")) and ":" in line and line != "---":
                assert "`%s`" % line.split(":")[0] in committed, line
