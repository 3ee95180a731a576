"""docs/schemas is what `make schemas` writes from the contracts: it must not fall behind."""

import json
from pathlib import Path

from spincore.events_cli import app
from typer.testing import CliRunner

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "schemas"


def test_exported_schemas_match_the_contracts(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export-schemas", str(tmp_path)])
    assert result.exit_code == 0, result.output
    fresh = {p.name: json.loads(p.read_text()) for p in tmp_path.glob("*.json")}
    committed = {p.name: json.loads(p.read_text()) for p in COMMITTED.glob("*.json")}
    assert fresh == committed, "run `make schemas` and commit docs/schemas"
