"""The site's pages beyond Datasette's defaults: a home page that answers (headline findings computed live from the
data, the charts, the relations grouped as a reader needs them), and on each derived relation's page the SQL of
derive/ that makes it. What the home page says lives in site/site.yml (`home:`), carried into metadata.yml as this
plugin's configuration; the numbers come from the database at each request.
"""
import re
from pathlib import Path

from datasette import hookimpl
from markupsafe import Markup

PLUGIN = "ai-energy-home"
DERIVE = Path(__file__).resolve().parent.parent / "derive"
CREATES = re.compile(r"^CREATE (?:VIEW|TABLE) (\w+)", re.MULTILINE)
FIELD = re.compile(r"\{(\w+)\}")


@hookimpl
def extra_css_urls():
    return ["/assets/site.css"]


@hookimpl
def extra_template_vars(template, database, table, view_name, datasette):
    if view_name == "index":
        return _home(datasette)
    if view_name == "database":
        async def groups():
            config = datasette.plugin_config(PLUGIN) or {}
            return {"groups": await _groups(datasette, datasette.get_database(database), config.get("groups", []))}
        return groups
    if view_name == "table" and table in derive_sql():
        path, sql = derive_sql()[table]
        return {"derive_file": path, "derive_sql": sql}
    return {}


def derive_sql(directory=DERIVE):
    """{relation: (derive/NAME.sql, its whole text)} for every relation a derive/*.sql creates; read once."""
    if not hasattr(derive_sql, "cache"):
        derive_sql.cache = {name: (f"derive/{path.name}", path.read_text(encoding="utf-8"))
                            for path in sorted(directory.glob("*.sql"))
                            for name in CREATES.findall(path.read_text(encoding="utf-8"))}
    return derive_sql.cache


def _home(datasette):
    async def inner():
        config = datasette.plugin_config(PLUGIN) or {}
        db = datasette.get_database()
        findings = []
        for finding in config.get("findings", []):
            row = (await db.execute(finding["sql"])).first()
            findings.append(Markup(finding["html"]).format(**{k: _value(row, k) for k in FIELD.findall(finding["html"])}))
        dashboards = datasette.plugin_config("datasette-dashboards") or {}
        queries = datasette.metadata("queries", database=db.name) or {}
        return {"findings": findings, "groups": await _groups(datasette, db, config.get("groups", [])),
                "dashboards": [{"href": f"/-/dashboards/{slug}", "title": d.get("title", slug),
                                "description": d.get("description", "")} for slug, d in dashboards.items()],
                "queries": [{"href": datasette.urls.table(db.name, name) + _query(config.get("examples", {}).get(name)),
                             "title": q.get("title", name)} for name, q in queries.items()]}
    return inner


def _query(text):
    return f"?{text}" if text else ""


def _value(row, key):
    value = row[key] if row is not None else None
    return "(no data)" if value is None else str(value)  # the finding's SQL rounds, with printf('%.3g', ...)


async def _groups(datasette, db, groups):
    """The groups of site.yml with each relation's title, description and row count; relations in no group are
    listed last, so a new table is never hidden from the home page."""
    names = set(await db.table_names()) | set(await db.view_names())
    tables = datasette.metadata("tables", database=db.name) or {}
    listed, out = set(), []
    for group in groups + [{"title": "Other relations", "about": "", "relations": sorted(names)}]:
        items = []
        for entry in group["relations"]:
            name, _, query = entry.partition("?")
            if name not in names or name in listed:
                continue
            listed.add(name)
            meta = tables.get(name, {})
            items.append({"name": name, "href": datasette.urls.table(db.name, name) + _query(query),
                          "title": meta.get("title", name), "description": meta.get("description", "")})
        if items:
            out.append({"title": group["title"], "about": group.get("about", ""), "relations": items})
    return out
