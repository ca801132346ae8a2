"""Paging loses no row and repeats none: following `next` through every relation, five rows a page, in its default
order (site/site.yml's sort) and through the JSON API as a client would, returns each of its count(*) rows once."""
import json

import pytest

from tests.test_datasette import get_json

PAGE = 5


def relations(db):
    return [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


async def walk(ds, path):
    """Every row that following next_url from `path` returns, as JSON text, and the number of pages."""
    seen, pages = [], 0
    while path:
        data = await get_json(ds, path)
        seen += [json.dumps(row, sort_keys=True) for row in data["rows"]]
        pages += 1
        assert pages < 10_000, path
        path = data["next_url"] and "/" + data["next_url"].split("/", 3)[3]  # next_url is absolute
    return seen, pages


@pytest.mark.asyncio
async def test_following_next_through_every_relation_returns_every_row_once(ds, db):
    wrong = []
    for name in relations(db):
        (count,), = db.execute(f'SELECT count(*) FROM "{name}"')
        seen, pages = await walk(ds, f"/ai_energy/{name}.json?_size={PAGE}&_shape=objects")
        if len(seen) != count or len(set(seen)) != count:
            wrong.append(f"{name}: {len(seen)} rows returned, {len(set(seen))} distinct, count(*) {count}")
        assert pages == max(1, -(-count // PAGE)), name
    assert not wrong, wrong


def test_every_primary_key_is_never_empty(db):
    """Datasette pages a table by its primary key: a key column that may be NULL loses rows (NULL compares with
    nothing), so such a table has no primary key and is paged by rowid instead."""
    nullable = [f"{name}.{col}" for name in relations(db)
                for _, col, _, notnull, _, pk in db.execute(f'PRAGMA table_info("{name}")') if pk and not notnull]
    assert not nullable, f"declare these NOT NULL, or page the table by rowid: {nullable}"
