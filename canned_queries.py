"""The canned queries of a database, as the site's plugins need them, through the public API of the Datasette that
runs: 0.65's `get_canned_queries` (the metadata's queries), or 1.0's stored queries (`list_queries`, from its
configuration), which replaced it.
"""


async def canned_queries(datasette, database):
    """{name: {"title": ..., "write": bool}} in the order Datasette lists them."""
    if hasattr(datasette, "get_canned_queries"):  # Datasette 0.65
        return {name: {"title": q.get("title", name), "write": bool(q.get("write"))}
                for name, q in (await datasette.get_canned_queries(database, None)).items()}
    out, cursor = {}, None
    while True:  # Datasette 1.0: pages of stored queries
        page = await datasette.list_queries(database, limit=100, cursor=cursor)
        out.update({q.name: {"title": q.title or q.name, "write": q.is_write} for q in page.queries})
        if not page.has_more:
            return out
        cursor = page.next
