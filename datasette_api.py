"""What the site's plugins read from the running Datasette that 0.65 and 1.0 expose differently, each through that
version's public API: the canned queries (0.65's `get_canned_queries`, from the metadata; 1.0's stored queries,
`list_queries`, from its configuration) and the metadata of the instance and its tables (0.65's
`datasette.metadata()`; 1.0's `get_instance_metadata` and `get_resource_metadata`, which hold a value that is not text
as JSON). The version is told by `get_canned_queries`, which 1.0 removed.
"""
import json


def is_0_65(datasette_or_class):
    return hasattr(datasette_or_class, "get_canned_queries")


async def canned_queries(datasette, database):
    """{name: {"title": ..., "write": bool}} in the order Datasette lists them."""
    if is_0_65(datasette):
        return {name: {"title": q.get("title", name), "write": bool(q.get("write"))}
                for name, q in (await datasette.get_canned_queries(database, None)).items()}
    out, cursor = {}, None
    while True:  # Datasette 1.0: pages of stored queries
        page = await datasette.list_queries(database, limit=100, cursor=cursor)
        out.update({q.name: {"title": q.title or q.name, "write": q.is_write} for q in page.queries})
        if not page.has_more:
            return out
        cursor = page.next


async def query_metadata(datasette, database):
    """{name: the canned query's declaration (units, ...)}: 0.65 keeps it whole; 1.0's stored queries keep their SQL,
    title and description only, so there it is empty."""
    if is_0_65(datasette):
        return await datasette.get_canned_queries(database, None)
    return {}


async def instance_metadata(datasette, key):
    """The instance's metadata value KEY (None if it has none)."""
    if is_0_65(datasette):
        return datasette.metadata(key)
    return _value((await datasette.get_instance_metadata()).get(key))


async def table_metadata(datasette, database, tables):
    """{table: its metadata} for each of TABLES of DATABASE: title, description, units, ..."""
    if is_0_65(datasette):
        declared = datasette.metadata("tables", database=database) or {}
        return {name: declared.get(name, {}) for name in tables}
    return {name: {k: _value(v) for k, v in (await datasette.get_resource_metadata(database, name)).items()}
            for name in tables}


def _value(stored):
    """A 1.0 metadata value as it was declared: Datasette stores a list or a mapping as its JSON text."""
    if isinstance(stored, str) and stored[:1] in ("[", "{"):
        try:
            return json.loads(stored)
        except ValueError:
            pass
    return stored
