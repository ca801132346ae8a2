"""Paging loses no row and repeats none: following `next`, five rows a page, in the relation's default order
(site/site.yml's sort) and through the JSON API as a client would, returns each of its count(*) rows once.

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
