"""The indexes that the relations' declarations imply (site/site.yml for base tables, derive/STAGE/NAME.yml for derived
ones, merged by schema/site.py), created by the build after derive/: a relation's page sort is an index walk and each
of its facet counts an index scan, whatever the data's size.

- `sort: COLUMN` or `sort_desc: COLUMN`: an index on (COLUMN in that direction, then the primary key). Datasette 0.65
  orders a first page by the sort column alone and the pages after it by (sort column, primary key), so ties on the
  first page must already come in key order for `next` to return every row once (a rowid key is implied).
- `facets:` and `facet_dates:`: an index on each column that no index of the relation begins with already.

A view has no index: its pages and facets cost what its definition costs. The indexes a derive file's own statements
need (look-ups while deriving, lower(name) matches of the canned queries) are in that file.
"""
import re

from shared_sql import quoted


def statements(db, relations):
    """CREATE INDEX statements for `relations` (schema/site.py's `relations`) that the database `db` does not have yet."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    out = []
    for relation, declared in relations.items():
        if relation not in tables:
            continue
        existing = _indexes(db, relation)
        key, rowid_key = _key(db, relation)
        sort = [(declared[k], k == "sort_desc") for k in ("sort", "sort_desc") if k in declared]
        for column, descending in sort:
            wanted = [(column, descending)] + [(k, False) for k in key]
            if any(c == wanted or rowid_key and c == wanted[:1] for c in existing):
                continue
            out.append(_create(relation, column, [(column, descending)] + [(k, False) for k in key if not rowid_key]))
            existing.append(wanted)
        for column in declared.get("facets", []) + declared.get("facet_dates", []):
            if column in {c[0][0] for c in existing if c}:
                continue
            out.append(_create(relation, column, [(column, False)]))
            existing.append([(column, False)])
    return out


def _indexes(db, relation):
    """Each index of the relation as [(column, descending), ...] (expression columns as None)."""
    return [[(r[2], bool(r[3])) for r in db.execute(f'PRAGMA index_xinfo({quoted(name)})') if r[5]]
            for _, name, *_ in db.execute(f'PRAGMA index_list({quoted(relation)})')]


def _key(db, relation):
    """The primary key's columns, and whether it is the rowid (an INTEGER PRIMARY KEY, or none: every index ends in it)."""
    info = list(db.execute(f'PRAGMA table_info({quoted(relation)})'))
    key = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
    rowid = not key or (len(key) == 1 and next(r[2] for r in info if r[1] == key[0]).upper() == "INTEGER")
    return key, rowid


def _create(relation, column, columns):
    name = f"{relation}_{re.sub(r'[^0-9a-z]+', '_', column.lower()).strip('_')}"
    spec = ", ".join(quoted(c) + " DESC" * descending for c, descending in columns)
    return f"CREATE INDEX {quoted(name)} ON {quoted(relation)} ({spec})"
