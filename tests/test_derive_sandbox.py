"""A pull request's derive/*.sql runs under an authorizer: it cannot attach, copy out or write another file, load
code or change the connection, and the refusal is reported at the line of the statement in the derive file."""
import pytest

from tests.helpers import copy_project, run_build

CRAFTED = [  # (statement, what the refusal names, the file it would touch, relative to the project)
    ("ATTACH DATABASE 'attached.db' AS other;", "ATTACH", "attached.db"),
    ("VACUUM INTO 'copy.db';", "ATTACH (and VACUUM", "copy.db"),
    ("DETACH DATABASE temp;", "DETACH", None),
    ("SELECT load_extension('libevil');", "load_extension()", None),
    ("PRAGMA writable_schema = ON;", "PRAGMA", None),
]


@pytest.mark.parametrize("statement, named, touched", CRAFTED, ids=[c[1].split()[0] for c in CRAFTED])
def test_a_crafted_derive_file_is_refused_at_its_line(tmp_path, statement, named, touched):
    root = copy_project(tmp_path)
    (root / "derive" / "98_crafted.sql").write_text(
        "-- looks harmless\nCREATE VIEW crafted AS\n  SELECT 1 AS x;\n\n" + statement + "\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"derive/98_crafted.sql:5: {named}") and "not allowed in derive SQL" in line, line
    assert "Traceback" not in result.stderr
    assert not (root / "ai_energy.db").exists()
    if touched:
        assert not (root / touched).exists()


def test_an_sql_error_in_a_derive_file_is_reported_at_its_statement(tmp_path):
    root = copy_project(tmp_path)
    (root / "derive" / "98_crafted.sql").write_text("CREATE VIEW a AS SELECT 1;\n-- next\nCREATE TABLE b AS\n"
                                                     "  SELECT nope FROM a;\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["derive/98_crafted.sql:3: no such column: nope"], result.stderr
