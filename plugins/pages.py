"""The site's pages beyond Datasette's defaults: a home page that answers (headline findings computed live from the
data, the charts, the query forms, the relations grouped as a reader needs them), the same groups on the database
page, and on each derived relation's page the SQL of derive/ that makes it. What the home page says lives in
site/home.yml, carried into the generated metadata as this plugin's configuration; the findings' numbers come from the
database at each request, everything else is worked out once (the database is immutable, the metadata fixed).
"""
import re
from pathlib import Path

from datasette import hookimpl
from markupsafe import Markup

from datasette_api import canned_queries, table_metadata
from per_datasette import kept
from schema import relations

PLUGIN = "ai-energy-home"
ROOT = Path(__file__).resolve().parent.parent
FIELD = re.compile(r"\{(\w+)\}")


@hookimpl
def extra_css_urls():
    return ["/assets/site.css"]


@hookimpl
def extra_template_vars(database, table, view_name, datasette):
    if view_name == "index":
        async def home():
            return {**await _fixed(datasette), "findings": await _findings(datasette)}
        return home
    if view_name == "database":
        async def groups():
            return {"groups": (await _fixed(datasette))["groups"]}
        return groups
    if view_name == "table":
        async def documentation():  # the units as declared: 1.0 hands the template its metadata's units as JSON text
            units = (await table_metadata(datasette, database, [table]))[table].get("units") or {}
            path, sql = derive_sql().get(table, (None, None))
            return {"column_units": units, "derive_file": path, "derive_sql": sql}
        return documentation
    return {}


def derive_sql():
    """{relation: (derive/STAGE/NAME.sql, its whole text)} for every relation the database keeps; read once."""
    if not hasattr(derive_sql, "cache"):
        derive_sql.cache = {r.name: (r.path, r.sql) for r in relations.documented(ROOT) if not r.extends}
    return derive_sql.cache


async def _findings(datasette):
    """Each finding's html with its {names} filled from its SQL's one row (the SQL rounds, with printf)."""
    out = []
    for finding in (datasette.plugin_config(PLUGIN) or {}).get("findings", []):
        row = (await datasette.get_database().execute(finding["sql"])).first()
        values = {k: "(no data)" if row is None or row[k] is None else str(row[k]) for k in FIELD.findall(finding["html"])}
        out.append(Markup(finding["html"]).format(**values))
    return out


async def _fixed(datasette):
    """The parts of the home page that never change while Datasette runs: the groups, the charts, the query forms."""
    site = kept(datasette)
    if "pages" not in site:
        config = datasette.plugin_config(PLUGIN) or {}
        db = datasette.get_database()
        examples = config.get("examples", {})
        dashboards = datasette.plugin_config("datasette-dashboards") or {}
        queries = await canned_queries(datasette, db.name)
        site["pages"] = {
            "groups": await _groups(datasette, db, config.get("groups", [])),
            "dashboards": [{"href": f"/-/dashboards/{slug}", "title": d.get("title", slug),
                            "description": d.get("description", "")} for slug, d in dashboards.items()],
            "queries": [{"href": datasette.urls.table(db.name, name) + _query(examples.get(name)),
                         "title": q.get("title", name)} for name, q in queries.items()],
        }
    return site["pages"]


def _query(text):
    return f"?{text}" if text else ""


async def _groups(datasette, db, groups):
    """The groups of site/home.yml with each relation's title and description (tests/test_site.py makes sure every
    relation is in a group, so that none is hidden from the home page)."""
    names = set(await db.table_names()) | set(await db.view_names())
    tables = await table_metadata(datasette, db.name, sorted(names))
    out = []
    for group in groups:
        items = []
        for entry in group["relations"]:
            name, _, query = entry.partition("?")
            if name not in names:
                continue
            meta = tables.get(name, {})
            items.append({"name": name, "href": datasette.urls.table(db.name, name) + _query(query),
                          "title": meta.get("title", name), "description": meta.get("description", "")})
        if items:
            out.append({"title": group["title"], "about": group.get("about", ""), "relations": items})
    return out

