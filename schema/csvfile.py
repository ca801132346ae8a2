"""Reading one CSV as text cells with line numbers, rejecting what is not plain UTF-8, LF, comma-separated text.

Decisions (documented in CONTRIBUTING.md): a byte-order mark and CRLF line ends are rejected, so that every file
diffs cleanly and reads the same everywhere; blank lines are rejected; a header-only file is accepted only for a
resource whose schema says "x-allow-empty": true. An upstream snapshot (schema/upstream.py) is read as its publisher
wrote it, BOM and CRLF included: it must instead match its recorded checksum.
"""
import contextlib
import csv
import difflib
import io

from .package import descriptor_line
from .problems import Problem
from .upstream import snapshot_problems

BOM = b"\xef\xbb\xbf"
# The longest cell a CSV may hold: the csv module's default limit, set for each read, since the limit is the module's
# global state and a library may have raised it in the same process (frictionless does on import, to 2**31 - 2).
CELL_LIMIT = 131_072
ROWS_LOST = ("row is short", "row is long", "malformed CSV")  # problems after which the table lacks rows of the file


def read(root, resource):
    """Return (header, [(line, cells)], problems) for the resource's CSV file; header is None when the file cannot be
    read as the resource's table at all (missing, empty, undecodable, or a header that does not match the schema)."""
    path = resource.path
    fields = resource.field_names
    try:
        data = (root / path).read_bytes()
    except FileNotFoundError:
        return None, [], [Problem("datapackage.json", descriptor_line(root, path), "path",
                                  f'"{path}" does not exist; add the file, or remove resource \'{resource.name}\' from datapackage.json')]
    except OSError as e:  # unreadable: its mode, a directory in its place, an I/O error
        return None, [], [Problem(path, 0, "", f"cannot read the file: {e.strerror or e}")]
    if not data:
        return None, [], [Problem(path, 1, "", f"file is empty; expected the header line: {','.join(fields)}")]
    problems = snapshot_problems(resource, data) if resource.upstream else []
    if data.startswith(BOM):
        if not resource.upstream:
            problems.append(Problem(path, 1, "", "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"))
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        return None, [], problems + [Problem(path, line, "", f"invalid UTF-8 (byte 0x{data[e.start]:02x}); save the file as UTF-8")]
    if "\r" in text and not resource.upstream:  # the csv module reads an upstream file's CRLF as a line end
        line = text[:text.index("\r")].count("\n") + 1
        problems.append(Problem(path, line, "", "line ends with CR (Windows CRLF or old Mac); use LF line ends"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")

    with _field_size_limit(CELL_LIMIT):
        records, problems_in_rows = _records(path, text)
    problems += problems_in_rows
    if not records:
        return None, [], problems + [Problem(path, 1, "", f"file is empty; expected the header line: {','.join(fields)}")]
    (_, header), rows = records[0], records[1:]
    header_problems = _check_header(path, header, fields)
    problems += header_problems
    if header_problems:
        return None, [], problems  # cells cannot be matched to fields
    if not rows and not resource.schema.get("x-allow-empty"):
        problems.append(Problem(path, 1, "", "file has a header but no data rows"))
    good = []
    for line, cells in rows:
        if cells == []:
            problems.append(Problem(path, line, "", "blank line; remove it"))
        elif len(cells) != len(header):
            what = "short" if len(cells) < len(header) else "long"
            problems.append(Problem(path, line, "", f"row is {what}: {len(cells)} cells where the header has {len(header)}"))
        else:
            good.append((line, cells))
    return header, good, problems


def _records(path, text):
    """csv records with the line each starts on; an unbalanced quote is reported at the record that opens it."""
    reader = csv.reader(io.StringIO(text), strict=True)
    records, problems, start = [], [], 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            too_long = _too_long_cell(path, text, start, records[0][1] if records else None)
            problems.append(too_long or Problem(path, start, "", f"malformed CSV ({e}): a quoted cell starting in this row is not "
                                                     "closed properly; enclose a cell that holds a comma or a double quote "
                                                     "in double quotes, and double each \" inside it (\"\")"))
            break
        records.append((start, cells))
        start = reader.line_num + 1
    return records, problems


def _too_long_cell(path, text, start, header):
    """The Problem of a cell longer than the csv module's field limit in the record starting on line `start` (its
    line, column and length), or None when the record's trouble is something else."""
    offset = 0
    for _ in range(start - 1):
        offset = text.index("\n", offset) + 1
    with _field_size_limit(len(text) + 1):  # read the record once more, without the limit, to measure it
        try:
            cells = next(csv.reader(io.StringIO(text[offset:]), strict=True), [])
        except csv.Error:
            return None
    for i, cell in enumerate(cells):
        if len(cell) > CELL_LIMIT:
            line = start + sum(c.count("\n") for c in cells[:i])
            column = header[i] if header and i < len(header) else f"cell {i + 1}"
            return Problem(path, line, column, f"cell is {len(cell):,} characters long, more than the {CELL_LIMIT:,} a cell "
                                               "may hold; shorten it (a long text belongs in the source it cites)")
    return None


def _check_header(path, header, fields):
    if header == fields:
        return []
    problems = []
    missing = [f for f in fields if f not in header]
    extra = [h for h in header if h not in fields]
    for h in extra:
        close = difflib.get_close_matches(h, missing, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; the schema's columns are: {','.join(fields)}"
        problems.append(Problem(path, 1, h, f"column is not in the schema{hint}"))
    for f in missing:
        problems.append(Problem(path, 1, f, "column is missing from the header"))
    if not problems:
        if len(header) != len(set(header)):
            dup = sorted({h for h in header if header.count(h) > 1})
            problems.append(Problem(path, 1, dup[0], "column appears more than once in the header"))
        else:
            problems.append(Problem(path, 1, "", f"columns are out of order; the schema's order is: {','.join(fields)}"))
    return problems


@contextlib.contextmanager
def _field_size_limit(limit):
    saved = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(saved)
