"""Paging loses no row and repeats none: following `next`, five rows a page, in the relation's default order
(its declared sort) and through the JSON API as a client would, returns each of its count(*) rows once.

Walked on one relation of each way Datasette pages (tests.helpers.key_shape: a view, rowid, one text or integer key,
a compound key, each with and without a default sort), the smallest that takes several pages: a walk of every relation
repeats the same paths thousands of times. The same walk serves bench/serve.py's hostile run at full size."""
from tests.helpers import PAGE, one_relation_per_key_shape, walk_pages


def relations(db):
    return [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def test_following_next_returns_every_row_once_for_every_key_shape(datasette_url, db):
    chosen = one_relation_per_key_shape(db)
    assert {"view", "rowid", "single TEXT key", "single INTEGER key", "compound key of TEXT",
            "compound key with an INTEGER"} <= set(chosen), chosen
    wrong = []
    for shape, name in chosen.items():
        (count,), = db.execute(f'SELECT count(*) FROM "{name}"')
        seen, pages = walk_pages(datasette_url, name)
        if len(seen) != count or len(set(seen)) != count:
            wrong.append(f"{name} ({shape}): {len(seen)} rows returned, {len(set(seen))} distinct, count(*) {count}")
        assert pages == max(1, -(-count // PAGE)), name
    assert not wrong, wrong


def test_every_primary_key_is_never_empty(db):
    """Datasette pages a table by its primary key: a key column that may be NULL loses rows (NULL compares with
    nothing), so such a table has no primary key and is paged by rowid instead."""
    nullable = [f"{name}.{col}" for name in relations(db)
                for _, col, _, notnull, _, pk in db.execute(f'PRAGMA table_info("{name}")') if pk and not notnull]
    assert not nullable, f"declare these NOT NULL, or page the table by rowid: {nullable}"


def test_every_default_sort_has_an_index_that_orders_ties_by_key(db, built_db):
    """Datasette 0.65 orders a table's first page by its sort column alone, and the pages after it by (sort column,
    primary key): ties on the first page must already come in key order, or a tie across the first page's end is
    returned twice and another never. SQLite gives them in key order when the sort walks an index on (sort column,
    in the sort's direction, then the key; a rowid key is implied). Every relation declared with a `sort` or
    `sort_desc` has one (the build makes it from the declaration: schema/indexes.py)."""
    import yaml

    from schema.metadata import metadata_path

    tables = yaml.safe_load(metadata_path(built_db).read_text(encoding="utf-8"))["databases"]["ai_energy"]["tables"]
    views = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    wrong = []
    for name, table in sorted(tables.items()):
        column, descending = (table["sort_desc"], 1) if "sort_desc" in table else (table.get("sort"), 0)
        if column is None or name in views:  # a view is paged by offset, in its own order
            continue
        info = list(db.execute(f'PRAGMA table_info("{name}")'))
        key = [col for *_, col, _, _, _, pk in sorted(info, key=lambda r: r[5]) if pk]
        rowid_key = not key or (len(key) == 1 and next(r[2] for r in info if r[1] == key[0]).upper() == "INTEGER")
        wanted = [(column, descending)] + [(k, 0) for k in key]
        ok = False
        for index in db.execute(f'PRAGMA index_list("{name}")'):
            columns = [(r[2], r[3]) for r in db.execute(f'PRAGMA index_xinfo("{index[1]}")') if r[5]]
            ok = ok or columns == wanted or (rowid_key and columns == wanted[:1])
        if not ok:
            wrong.append(f"{name}: CREATE INDEX ... ON {name} ({column}{' DESC' * descending}{''.join(', ' + k for k in key)})")
    assert not wrong, "schema/indexes.py should have made:\n" + "\n".join(wrong)
