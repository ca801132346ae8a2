"""`build.py --report` prints upstream-provided strings as text: a publisher's column name or cell cannot make an
image, a link, a table cell or an @mention in the pull request's Markdown (review.py, on real SQLite databases)."""
import re
import sqlite3
import sys

from tests.helpers import ROOT

COLUMN = "![x](http://tracker) @someone | x"
NOTE = "ask @maintainer, see ![y](http://tracker/y.png)\nnew line"


def _database(columns, rows):
    conn = sqlite3.connect(":memory:")
    names = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
    conn.execute(f"CREATE TABLE epoch_ml_hardware (upstream_line INTEGER PRIMARY KEY, {names})")
    for row in rows:
        conn.execute(f"INSERT INTO epoch_ml_hardware VALUES ({', '.join('?' * (len(columns) + 1))})", row)
    return conn


def _report():
    sys.path.insert(0, str(ROOT))
    import review
    base = _database(["Hardware name", "Notes"], [(2, "A100", "plain")])
    new = _database(["Hardware name", "Notes", COLUMN], [(2, "A100", "@someone changed this", "1"), (3, "B200", NOTE, "2")])
    return review.report(base, new)


def test_an_upstream_column_name_cannot_make_markdown_or_a_mention():
    md = _report()
    assert "![x](" not in md and "](http://tracker" not in md
    assert "\\!\\[x\\]\\(http://tracker\\) @&#8203;someone \\| x" in md, md
    header = next(line for line in md.splitlines() if line.startswith("| upstream_line"))
    assert len(re.split(r"(?<!\\)\|", header.strip("| "))) == 4, header  # the crafted name is one column, not two


def test_mentions_in_upstream_cells_do_not_notify_and_a_newline_cannot_end_a_table_row():
    md = _report()
    assert "@maintainer" not in md and "@someone " not in md.replace("@&#8203;someone", "")
    assert "ask @&#8203;maintainer" in md
    row = next(line for line in md.splitlines() if "B200" in line)
    assert row.endswith(" |") and "new line" in row, row
