#!/usr/bin/env python3
"""Build ai_energy.db: validate every CSV, load it into SQLite, create the derived relations, swap the file in.

    python build.py            validate and build ai_energy.db, and its Datasette metadata ai_energy.metadata.yml
    python build.py --check    validate only (every check of the build, printed values included; nothing is written)
    python build.py --db PATH  build PATH instead
    python build.py --report BASE_DB   also print a Markdown review of what changed since BASE_DB (see review.py)

On bad data it prints every problem as `data/FILE.csv:LINE: column: message`, exits 1 and leaves the existing
database untouched: the new database is built in memory and only replaces the old file, atomically, once complete.
"""
import argparse
import contextlib
import gc
import os
import sqlite3
import sys
from pathlib import Path

import shared_sql

ROOT = Path(__file__).resolve().parent
DEFAULT_DB = ROOT / "ai_energy.db"
SQL_TYPES = {"string": "TEXT", "number": "REAL", "integer": "INTEGER", "year": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}


def main(argv=None, root=ROOT):
    """The build of the project at `root` (this file's folder; tests pass a copy); returns the exit status."""
    args = parse_args(argv)
    with without_cyclic_gc():
        return build(args, root)


@contextlib.contextmanager
def without_cyclic_gc():
    """Python's cyclic garbage collector off for the duration: the build makes millions of cells that live until it
    ends, and each full collection walks all of them again (a quarter of validation's time at 100 times today's rows,
    bench/RESULTS.md); reference counting still frees what the build drops, and the collector's state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(args, root):
    """Validate, load, derive, check, then swap the database in: the work of main(), with its parsed arguments."""
    from schema import indexes
    from schema import site as site_files
    from schema.metadata import metadata_path
    from schema.problems import report
    from schema.validate import validate

    v = validate(root)
    if v.problems:
        return fail(report(v.problems, v.headers))
    require_math_functions()
    db = sqlite3.connect(":memory:")
    load(db, v.package, v.tables)
    db.create_function("half_unit", 3, printed_half_units(v), deterministic=True)
    # resource_path('epoch_ml_hardware'): the file a resource is read from, so that locators follow a new snapshot
    db.create_function("resource_path", 1, lambda name: v.package.resource(name).path, deterministic=True)
    shared_sql.register(db)  # fitted_value(), which the site's SQL uses as well
    derive(db, root, v.tables)
    site = site_files.load(root)
    for statement in indexes.statements(db, site.get("relations", {})):  # what the declarations sort and facet on
        db.execute(statement)
    from schema import plausible
    problems = check_published_values(db, v.package, v.tables) + plausible.problems(db, v.package, v.tables)
    if problems:
        return fail(report(problems, v.headers))
    metadata = site_metadata(v.package, site)
    review = None
    if args.report:  # before the swap, so that BASE_DB may be the database this build replaces
        import review as reviewing
        review = reviewing.report(args.report, db)
    status = sys.stderr if review else sys.stdout  # with --report, stdout is the Markdown alone
    if args.check:  # everything the build checks, printed values included; nothing written
        print(f"{len(v.tables)} tables valid.", file=status)
    else:
        try:
            swap_in(db, Path(args.db), beside=[(metadata_path(args.db), metadata)])
        except (OSError, sqlite3.Error) as e:
            return cannot_write(Path(args.db), e)
        print(f"Built {args.db}: {', '.join(f'{n} {len(t)}' for n, t in v.tables.items())} rows.", file=status)
    if review:
        sys.stdout.write(review)
    return 0


def site_metadata(package, site):
    """Datasette's metadata for the database (schema/metadata.py), generated at every build and written beside it."""
    from schema.metadata import dump, generate
    return dump(generate(package, site))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="validate everything the build would, in memory; write nothing")
    p.add_argument("--db", default=str(DEFAULT_DB), help="database to write (default: ai_energy.db)")
    p.add_argument("--report", metavar="BASE_DB", help="print a Markdown review of what the data changes since BASE_DB")
    args = p.parse_args(argv)
    if args.report and not Path(args.report).is_file():
        p.error(f"--report: {args.report}: no such database file")
    return args


def fail(problems):
    print(f"{len(problems)} problem{'s' * (len(problems) != 1)}; nothing was built.", file=sys.stderr)
    return 1


def cannot_write(target, error):
    """One line for a write that failed (the new database is lost, the old one was never opened for writing)."""
    import errno

    code = getattr(error, "errno", None)
    if code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or "disk is full" in str(error):
        reason = "disk is full"
    elif code == errno.EROFS:
        reason = f"{target.parent} is on a read-only file system"
    elif code in (errno.EACCES, errno.EPERM):
        reason = f"{target.parent} is not writable"
    elif code == errno.ENOENT:
        reason = f"directory {target.parent} does not exist"
    elif code == errno.ENOTDIR:
        reason = f"{target.parent} is not a directory"
    else:
        reason = getattr(error, "strerror", None) or str(error)
    after = "the previous database is untouched" if target.is_file() else "nothing was written"
    print(f"build.py: cannot write {target.name}: {reason}; {after}", file=sys.stderr)
    return 1


def require_math_functions():
    try:
        sqlite3.connect(":memory:").execute("SELECT log10(10), pow(10, 2)")
    except sqlite3.OperationalError:
        sys.exit(f"build.py: this Python's SQLite ({sqlite3.sqlite_version}) lacks the math functions log10() and pow() "
                 "that the derived views use; use a Python whose SQLite is 3.35+ built with SQLITE_ENABLE_MATH_FUNCTIONS.")


def load(db, package, tables):
    """One SQLite table per resource, typed from its schema, with primary keys, NOT NULL, foreign keys and their indexes."""
    import sqlite_utils
    from schema.upstream import LINE_COLUMN as UPSTREAM_LINE

    sdb = sqlite_utils.Database(db)
    for res in package.resources:
        frame = tables[res.name]
        columns = {f["name"]: SQL_TYPES[f["type"]] for f in res.fields}
        not_null = {f["name"] for f in res.fields if f.get("constraints", {}).get("required")}
        foreign_keys = [(field, ref, ref_field) for field, ref, ref_field in res.foreign_keys
                        if package.resource(ref).primary_key == [ref_field]]
        key = (res.primary_key[0] if len(res.primary_key) == 1 else tuple(res.primary_key)) or None
        values = rows(res, frame)
        if res.upstream:  # a snapshot's rows keep the line they came from: the locator of every value in them
            columns = {UPSTREAM_LINE: "INTEGER", **columns}
            key, not_null = key or UPSTREAM_LINE, not_null | {UPSTREAM_LINE}
            values = ((line, *row) for line, row in zip(frame.index.tolist(), values))
        table = sdb[res.name]
        table.create(columns, pk=key, not_null=not_null, foreign_keys=foreign_keys)
        # the rows in bulk, through the same connection (sqlite-utils' insert_all costs some 20 µs a cell)
        names = ", ".join(shared_sql.quoted(name) for name in columns)  # an upstream file's column names are the publisher's
        db.executemany(f'INSERT INTO {shared_sql.quoted(res.name)} ({names}) VALUES ({", ".join("?" * len(columns))})', values)
        for field, _, _ in res.foreign_keys:
            table.create_index([field], if_not_exists=True)


def rows(res, frame):
    """Rows as tuples of plain Python values in the schema's field order: missing as None, dates as ISO text, booleans
    as 0/1."""
    return zip(*(plain_values(frame[f["name"]], f["type"]) for f in res.fields))


def plain_values(column, kind):
    """A typed column as a list of plain Python values, converted column by column rather than cell by cell."""
    if kind == "date":
        values = column.dt.strftime("%Y-%m-%d").tolist()
    elif kind in ("integer", "year", "boolean"):
        values = column.to_numpy(dtype="int64", na_value=0).tolist()
    elif kind == "number":
        values = column.to_numpy(dtype="float64", na_value=0.0).tolist()
    else:
        values = column.tolist()
    missing = column.isna().to_numpy()
    return [None if m else x for x, m in zip(values, missing)] if missing.any() else values


def derive(db, root=ROOT, base_tables=()):
    """Run the derive files in the order their declarations give (schema/relations.py), each creating its relation. A
    derive file is a pull request's code: it runs under an authorizer that keeps it inside the new database and to its
    own relation (derive_authorizer), any refusal or error reported at the line of its statement; and what it reads
    must be what its declaration's depends: lists, no more and no less, every such problem reported at once."""
    from schema import relations as declared

    ordered, fragments = declared.load(root, set(base_tables))
    problems = []
    for relation in ordered:
        reads, refused = set(), []
        views = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view' UNION ALL "
                                                 "SELECT name FROM sqlite_temp_master WHERE type = 'view'")}
        db.set_authorizer(derive_authorizer(refused, relation, reads, views))
        try:
            for line, statement in statements(relation.lines(fragments)):
                refused.clear()
                try:
                    db.executescript(statement)
                except sqlite3.Error as e:
                    why = refused[0] if refused else unordered_read(e, relation, ordered) or e
                    sys.exit("\n".join(sorted(problems) + [f"{relation.path}:{line}: {why}"]))
            if relation.is_view:  # a view's reads are authorized when it is read, not when it is created
                db.execute(f"SELECT * FROM {shared_sql.quoted(relation.name)} LIMIT 0").fetchall()
        finally:
            db.set_authorizer(None)
        problems += dependency_problems(relation, reads)
    if problems:
        sys.exit("\n".join(sorted(problems)))


def unordered_read(error, relation, ordered):
    """For "no such table: NAME" where NAME is a relation built after this one: the declaration it lacks."""
    missing = str(error).removeprefix("no such table: ")
    if missing != str(error) and missing in {r.name for r in ordered}:
        return f"reads {missing}, which {relation.path[:-4]}.yml does not list in depends: (so it is not built before)"
    return None


def dependency_problems(relation, reads):
    """What a derive file read against what its declaration says it depends on."""
    declared = f"{relation.path[:-4]}.yml"
    undeclared = sorted(reads - set(relation.depends) - {relation.name})
    unread = sorted(set(relation.depends) - reads)
    return ([f"{relation.path}: reads {', '.join(undeclared)}, which {declared} does not list in depends:"] if undeclared else []) + \
           ([f"{declared}: depends: lists {', '.join(unread)}, which {relation.path} never reads"] if unread else [])


# What derive SQL may not do: open or detach another database file (ATTACH; VACUUM, whose INTO writes a copy
# anywhere, attaches one first), change the connection (PRAGMA), or call a function that loads code or reads files
REFUSED_ACTIONS = {sqlite3.SQLITE_ATTACH: "ATTACH (and VACUUM, which attaches a file)", sqlite3.SQLITE_DETACH: "DETACH",
                   sqlite3.SQLITE_PRAGMA: "PRAGMA"}
REFUSED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "zipfile", "sqlar_compress",
                     "sqlar_uncompress"}
# Writes, by the argument that names the table written: a derive file writes its own relation only
WRITES = {sqlite3.SQLITE_INSERT: 0, sqlite3.SQLITE_UPDATE: 0, sqlite3.SQLITE_DELETE: 0, sqlite3.SQLITE_DROP_TABLE: 0,
          sqlite3.SQLITE_DROP_TEMP_TABLE: 0, sqlite3.SQLITE_DROP_VIEW: 0, sqlite3.SQLITE_DROP_TEMP_VIEW: 0,
          sqlite3.SQLITE_DROP_INDEX: 1, sqlite3.SQLITE_DROP_TEMP_INDEX: 1, sqlite3.SQLITE_ALTER_TABLE: 1}
INDEXES = (sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_CREATE_TEMP_INDEX)


def derive_authorizer(refused, relation, reads, views):
    """An sqlite3 authorizer for one derive file (a schema.relations.Relation): refuses REFUSED_ACTIONS,
    REFUSED_FUNCTIONS, a write to any relation but its own (or, with extends:, the table it extends) and an index on a
    relation it does not depend on, saying why in `refused`; adds to `reads` every relation its SQL reads (VIEWS: the
    views that exist, whose own reads are theirs, not the file's; a common table expression's are the file's)."""
    own = {relation.name, relation.extends}
    def authorize(action, arg1, arg2, database, inner):
        if action == sqlite3.SQLITE_READ:
            if not arg1.startswith("sqlite_") and (inner is None or inner == relation.name or inner not in views):
                reads.add(arg1)
            return sqlite3.SQLITE_OK
        what = REFUSED_ACTIONS.get(action)
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in REFUSED_FUNCTIONS:
            what = f"{arg2}()"
        elif action in WRITES:
            table = (arg1, arg2)[WRITES[action]]
            if table not in own and not table.startswith("sqlite_"):
                what = f"writing {table} (a derive file writes only the relation it creates, {relation.name})"
        elif action in INDEXES and arg2 not in own and arg2 not in relation.depends:
            what = f"an index on {arg2}, which its declaration does not depend on"
        if what is None:
            return sqlite3.SQLITE_OK
        refused.append(f"{what} is not allowed in derive SQL: a derive file reads the loaded tables and creates "
                       "its relation in the new database, nothing else")
        return sqlite3.SQLITE_DENY
    return authorize


def statements(lines):
    """(line, statement) for each complete SQL statement of a script given as (line, text) pairs (Relation.lines), the
    line being where the statement starts."""
    out, text, start = [], [], None
    for number, line in lines:
        if start is None and (not line.strip() or line.lstrip().startswith("--")):
            continue
        start = start or number
        text.append(line)
        if sqlite3.complete_statement("".join(text)):
            out.append((start, "".join(text)))
            text, start = [], None
    if text:
        out.append((start, "".join(text)))
    return out


def printed_half_units(v):
    """half_unit(relation, row_key, column): half a unit in the last printed digit of a number cell, e.g. 0.005 for
    "15.70", 0.5 for "300"; the rounding the source applied to it."""
    from schema.rules import row_keys

    numbers = {(res.name, f["name"]) for res in v.package.resources for f in res.fields if f["type"] == "number"}
    keys, cells = {}, {}  # relation -> its row keys; (relation, column) -> {row key: cell as printed}; made when asked for

    def half_unit(relation, row_key, column):
        if (relation, column) not in numbers:
            return None
        if (relation, column) not in cells:
            if relation not in keys:
                keys[relation] = row_keys(v.tables[relation], v.package.resource(relation).primary_key).tolist()
            cells[(relation, column)] = dict(zip(keys[relation], v.text[relation][column].tolist()))
        printed = cells[(relation, column)].get(row_key)
        if not printed:
            return None
        mantissa, _, exponent = printed.lower().partition("e")
        decimals = len(mantissa.partition(".")[2]) - int(exponent or 0)
        return 0.5 * 10.0 ** -decimals
    return half_unit


def check_published_values(db, package, tables):
    """Every published_* value agrees with what it is derived from within the source's rounding, or is a known erratum;
    and every known erratum still disagrees."""
    from schema.problems import Problem
    from schema.rules import row_keys

    lines = {name: dict(zip(row_keys(frame, package.resource(name).primary_key), frame.index))
             for name, frame in tables.items() if package.resource(name).primary_key}  # an upstream file may have none
    errata_lines = dict(zip(zip(tables["known_errata"]["relation"], tables["known_errata"]["row_key"], tables["known_errata"]["column"]),
                            tables["known_errata"].index))
    problems = []
    for relation, row_key, column, published, recomputed, tolerance in db.execute(
            "SELECT relation, row_key, column_name, published_value, recomputed_value, tolerance FROM published_value_checks"):
        if recomputed is None:
            continue
        listed = errata_lines.pop((relation, row_key, column), None)
        agrees = abs(published - recomputed) <= tolerance
        path = package.resource(relation).path
        if not agrees and listed is None:
            problems.append(Problem(path, int(lines[relation][row_key]), column,
                                    f'"{published:g}" disagrees with the value recomputed from its inputs, {recomputed:.6g}, beyond the '
                                    f'source\'s rounding (±{tolerance:.2g}); correct the inputs, or list it in data/known_errata.csv with the evidence'))
        if agrees and listed is not None:
            problems.append(Problem("data/known_errata.csv", int(listed), "published_value",
                                    f"{relation} {row_key} {column} now agrees with its recomputed value {recomputed:.6g}; remove this erratum"))
    return problems


def swap_in(db, target, beside=()):
    """Write the finished database, and the files that go with it (`beside`: (path, text), its metadata), next to
    their targets and rename each over its target; on failure remove the temporary files and raise the OSError."""
    files = [(target, db.serialize()), *((Path(path), text.encode("utf-8")) for path, text in beside)]
    for path, _ in files:
        for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a build that was killed while writing
            pid = stale.name[len(path.name) + 2:-len(".tmp")]
            if pid.isdigit() and not _running(pid):  # ours (a build's pid), and no build holding it is alive
                stale.unlink(missing_ok=True)
    # written by Python rather than by SQLite, so that a failed write says why (SQLite reports EFBIG as "disk I/O
    # error"); the image is one copy of the database in memory, some megabytes
    staged = []
    try:
        for path, data in files:
            tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
            tmp.unlink(missing_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            staged.append(tmp)
            with open(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        for (path, _), tmp in zip(files, staged):  # all written: the database first, then what goes with it
            os.replace(tmp, path)
    except BaseException:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the renames themselves durable
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _running(pid):
    """Whether the process whose id a temporary file's name carries is still alive (and is not this one)."""
    if not pid.isdigit() or int(pid) == os.getpid() or os.name == "nt":  # on Windows, os.kill would end the process
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # done, all written and flushed: skip tearing down pandas and pandera (a tenth of a second)
