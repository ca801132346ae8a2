"""Generate Datasette's metadata: base tables documented from the Frictionless schemas, derived relations from their
declarations (derive/STAGE/NAME.sql's comment and NAME.yml: schema/relations.py), presentation, home page, canned
queries and dashboards from site/
(schema/site.py reads its files).

build.py writes it beside the database it builds (ai_energy.db: ai_energy.metadata.yml, see metadata_path), and
serve.py serves the two together: it is generated, never committed, so what is served is what the declarations say.

    python -m schema.metadata        print it
"""
import copy
import sys
from pathlib import Path

import yaml

from . import includes, relations
from . import site as site_files
from .package import ROOT, load
from .upstream import LINE_COLUMN, LINE_DESCRIPTION

DATABASE = "ai_energy"
HOME_PLUGIN = "ai-energy-home"  # plugins/pages.py reads the home page's findings and groups under this name
COLUMNS_PLUGIN = "ai-energy-columns"  # plugins/column_order.py reads the declared column order under this name
# numbers to 4 significant figures in plain digits (d3's "r": 1,979,000,000,000,000, 0.000000016), never e-notation
NUMBER_FORMAT = ",.4~r"
TOOLTIP_FORMATS = {"quantitative": {"format": NUMBER_FORMAT},
                   "temporal": {"timeUnit": "utcyearmonthdate", "format": "%Y-%m-%d"}}
PRESENTATION = ("title", "sort", "sort_desc", "facets", "facet_dates", "label_column", "hidden", "size")


def metadata_path(db):
    """Where the build writes the metadata of the database at `db`, and where serve.py reads it."""
    db = Path(db)
    return db.with_name(f"{db.stem}.metadata.yml")


def derived_relations(root=ROOT):
    """{relation: description} of each derived relation the database keeps: its file's comment, and where its SQL is."""
    return {r.name: f"{r.description} (SQL: {r.path})" for r in relations.documented(root) if not r.extends}


def generate(package=None, site=None):
    """The metadata of the project that `package` (default: this repository's) belongs to."""
    package = package or load()
    site = site or site_files.load(package.root)
    relations = site.get("relations", {})
    tables = {}
    for res in package.resources:
        entry = {"title": res.title, "description": res.schema.get("description", res.title),
                 "source": "per row: source_id, see the sources table", "source_url": f"/{DATABASE}/sources",
                 "columns": {f["name"]: f["description"] for f in res.fields},
                 "units": {f["name"]: f["unit"] for f in res.fields if "unit" in f}}
        if res.upstream:
            entry.update(_provenance(res))
        tables[res.name] = _with_site(entry, relations.get(res.name, {}))
    for name, description in derived_relations(package.root).items():
        entry = {"description": description, "columns": {}, "units": {}}
        tables[name] = _with_site(entry, relations.get(name, {}))
    meta = {k: site[k] for k in ("title", "description_html", "license", "license_url", "source", "source_url") if k in site}
    meta["description_html"] = f"<p><strong>Dataset version {package.version}</strong> (see <a href=\"/-/changelog\">CHANGELOG.md</a>).</p>\n" + meta.get("description_html", "")
    meta["custom_units"] = package.unit_definitions
    meta["databases"] = {DATABASE: {"description": f"Dataset version {package.version}. " + package.descriptor["description"],
                                    "tables": tables,
                                    "queries": expanded_queries(site.get("queries", {}), site.get("sql_fragments", {}))}}
    meta["plugins"] = copy.deepcopy(site.get("plugins", {}))
    for dashboard in meta["plugins"].get("datasette-dashboards", {}).values():
        for chart in dashboard.get("charts", {}).values():
            _tooltip_formats(chart.get("display", {}))
            _declared_colours(chart.get("display", {}), site.get("chart_colours", {}))
            _full_legends(chart.get("display", {}))
            _tooltips_without_nulls(chart.get("display", {}))
    if "home" in site:
        meta["plugins"][HOME_PLUGIN] = _with_upstream_snapshots(site["home"], package)
    if "column_order" in site:
        meta["plugins"][COLUMNS_PLUGIN] = site["column_order"]
    return meta


def _with_upstream_snapshots(home, package):
    """home.yml with the group marked `upstream_snapshots: true` listing, after the relations it names, every upstream
    table that no group names, in datapackage.json's order: a new publisher's table needs no line in home.yml."""
    groups = copy.deepcopy(home.get("groups", []))
    listed = {entry.partition("?")[0] for group in groups for entry in group["relations"]}
    for group in groups:
        if group.pop("upstream_snapshots", False):
            group["relations"] += [res.name for res in package.resources if res.upstream and res.name not in listed]
    return dict(home, groups=groups)


def expanded_queries(queries, fragments):
    """The canned queries with each `-- include: NAME` line of their SQL replaced by the fragment NAME
    (site/queries/fragments/NAME.sql, schema/includes.py)."""
    def missing(line, name):
        raise SystemExit(f"site/queries: -- include: {name}: there is no site/queries/fragments/{name}.sql")
    return {name: {**q, "sql": "".join(text for _, text in includes.expanded(q["sql"], fragments, missing))}
            if "sql" in q else q for name, q in queries.items()}


def _provenance(res):
    """An upstream snapshot's table names its publisher, licence and file: the source of every row."""
    up, licence = res.upstream, (res.descriptor.get("licenses") or [{}])[0]
    kept = (f"Upstream snapshot, {up['processing']} (script: {up.get('script') or 'none, it came so'})"
            if up.get("processing") else "Upstream snapshot kept byte-identical")
    downloaded = f", downloaded from {up['downloaded_from']}" if up.get("downloaded_from") else ""
    return {"description": f"{res.schema.get('description', res.title)} {kept}: {res.path} "
                           f"({res.descriptor['hash']}){downloaded}; source_id {up['source_id']} in the sources table.",
            "source": up["producer"], "source_url": up.get("url", ""),
            "license": licence.get("name", ""), "license_url": licence.get("path", ""),
            "columns": {LINE_COLUMN: LINE_DESCRIPTION, **{f["name"]: f["description"] for f in res.fields}}}


def _tooltip_formats(spec):
    """Give every tooltip field of a vega-lite SPEC (layers included) the format its type reads in: numbers to 4
    significant figures, dates as ISO dates in UTC (never epoch milliseconds, never shifted by the reader's time zone).
    A format written in the dashboard's file is kept."""
    if isinstance(spec, list):
        for item in spec:
            _tooltip_formats(item)
    elif isinstance(spec, dict):
        for key, value in spec.items():
            if key == "tooltip" and isinstance(value, list):
                for field in value:
                    for k, v in TOOLTIP_FORMATS.get(field.get("type"), {}).items():
                        field.setdefault(k, v)
            else:
                _tooltip_formats(value)


LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "strokeDash", "size", "opacity")


def _nodes(spec):
    """Every mapping in a vega-lite SPEC, layers and nested specs included."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from _nodes(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _nodes(item)


def _declared_colours(spec, colours):
    """Every colour encoding of a field that site.yml's chart_colours declares (vendor, gpu, ...) gets that one scale,
    value by value: a vendor has the same colour in every chart of the site, whichever vendors a chart shows."""
    for node in _nodes(spec):
        encoding = node.get("encoding")
        if not isinstance(encoding, dict):
            continue
        for channel in ("color", "fill", "stroke"):
            colour = encoding.get(channel)
            if isinstance(colour, dict) and colour.get("field") in colours:
                declared = colours[colour["field"]]
                scale = {k: v for k, v in colour.get("scale", {}).items() if k not in ("scheme", "domain", "range")}
                colour["scale"] = {**scale, "domain": list(declared), "range": list(declared.values())}


def _full_legends(spec):
    """Legend labels in full (vega cuts them at 160 px by default: "MLPerf Inference Edge v1.1 Clos…")."""
    for node in _nodes(spec):
        encoding = node.get("encoding")
        if not isinstance(encoding, dict):
            continue
        for channel in LEGEND_CHANNELS:
            enc = encoding.get(channel)
            if isinstance(enc, dict) and "field" in enc and enc.get("legend", {}) is not None:
                enc["legend"] = {**enc.get("legend", {}), "labelLimit": 0}


TOOLTIP = "_tooltip"  # the field a chart's tooltip is computed into


def _tooltips_without_nulls(spec):
    """A tooltip lists only the fields a row has: vega-lite shows a missing value as "null" ("Precision null"), so each
    unit's tooltip list becomes one object computed per row (a calculate transform) whose missing fields are
    undefined, which the tooltip leaves out. Numbers keep their format, dates read as ISO dates in UTC."""
    for node in list(_nodes(spec)):
        encoding = node.get("encoding")
        if not isinstance(encoding, dict) or not isinstance(encoding.get("tooltip"), list):
            continue
        entries = []
        for f in encoding["tooltip"]:
            value = f"datum[{_js(f['field'])}]"
            if f.get("type") == "quantitative":
                shown = f"format({value}, {_js(f.get('format', NUMBER_FORMAT))})"
            elif f.get("type") == "temporal":
                shown = f"utcFormat(toDate({value}), {_js(f.get('format', '%Y-%m-%d'))})"
            else:
                shown = value
            entries.append(f"{_js(f.get('title', f['field']))}: isValid({value}) && {value} !== '' ? {shown} : datum._absent")
        node.setdefault("transform", []).append({"calculate": "{" + ", ".join(entries) + "}", "as": TOOLTIP})
        encoding["tooltip"] = {"field": TOOLTIP, "type": "nominal"}


def _js(text):
    """TEXT as a string literal of vega's expression language."""
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _with_site(entry, extra):
    for name, doc in extra.get("columns", {}).items():
        entry["columns"][name] = doc["description"]
        if "unit" in doc:
            entry["units"][name] = doc["unit"]
    entry.update({k: extra[k] for k in PRESENTATION if k in extra})
    if not entry["units"]:
        del entry["units"]
    return entry


def _block_strings(dumper, text):
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when there: the same text, 10× sooner
    def ignore_aliases(self, data):  # every value written out in full: the metadata has no anchors or aliases to expand
        return True


_Dumper.add_representer(str, _block_strings)


def dump(meta):
    header = "# Generated by build.py (schema/metadata.py) from schema/tables, derive/ and site/: do not edit.\n"
    return header + yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


if __name__ == "__main__":
    sys.stdout.write(dump(generate()))
