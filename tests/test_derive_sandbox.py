"""A pull request's derive file runs under an authorizer: it cannot attach, copy out or write another file, load
code, change the connection or write another relation, and the refusal is reported at the line of the statement in the
derive file."""
import pytest

from tests.helpers import add_relation, copy_project, run_build

CRAFTED = [  # (statement, what the refusal names, the file it would touch, relative to the project)
    ("ATTACH DATABASE 'attached.db' AS other;", "ATTACH", "attached.db"),
    ("VACUUM INTO 'copy.db';", "ATTACH (and VACUUM", "copy.db"),
    ("DETACH DATABASE temp;", "DETACH", None),
    ("SELECT load_extension('libevil');", "load_extension()", None),
    ("PRAGMA writable_schema = ON;", "PRAGMA", None),
    ("DELETE FROM gpu_specs;", "writing gpu_specs (a derive file writes only the relation it creates, crafted)", None),
    ("UPDATE sources SET title = 'x';", "writing sources", None),
]


@pytest.mark.parametrize("statement, named, touched", CRAFTED, ids=[c[1].split()[0] for c in CRAFTED])
def test_a_crafted_derive_file_is_refused_at_its_line(tmp_path, statement, named, touched):
    root = copy_project(tmp_path)
    add_relation(root, "checks", "crafted", "-- looks harmless\nCREATE VIEW crafted AS\n  SELECT 1 AS x;\n\n" + statement + "\n")
    result = run_build(root)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"derive/checks/crafted.sql:5: {named}") and "not allowed in derive SQL" in line, line
    assert "Traceback" not in result.stderr
    assert not (root / "ai_energy.db").exists()
    if touched:
        assert not (root / touched).exists()


def test_an_sql_error_in_a_derive_file_is_reported_at_its_statement(tmp_path):
    root = copy_project(tmp_path)
    add_relation(root, "checks", "crafted", "CREATE TABLE crafted (x);\n-- next\nINSERT INTO crafted\n"
                                             "  SELECT nope FROM gpu_specs;\n", "depends: [gpu_specs]\n")
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["derive/checks/crafted.sql:3: no such column: nope"], result.stderr
