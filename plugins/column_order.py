"""Every table and row page leads with its key and answer columns and ends with its provenance, in the order that
site/site.yml declares once (`column_order:`, carried into metadata.yml as this plugin's configuration): `lead` names
each relation's first columns (e.g. accelerator, precision, gflops_per_watt), `trailing` and `trailing_suffixes` the
provenance columns every relation puts last (source_id, locator, ...). Only the page changes: the database, JSON and CSV
keep the relation's own column order. templates/_table.html lays the cells out in this order.
"""
from datasette import hookimpl

PLUGIN = "ai-energy-columns"


@hookimpl
def extra_template_vars(view_name, table, datasette):
    if view_name not in ("table", "row") or not table:
        return {}
    config = datasette.plugin_config(PLUGIN) or {}
    lead = config.get("lead", {}).get(table, [])
    trailing, suffixes = config.get("trailing", []), tuple(config.get("trailing_suffixes", []))

    def column_order(display_columns):
        """The positions of display_columns in the order to show them: a row's link (its primary key) first, then the
        declared lead columns, the others as the relation orders them, and the provenance columns last."""
        names = [c["name"] for c in display_columns]
        first = [i for i, c in enumerate(display_columns[:2]) if c.get("is_pk") or c["name"] in ("Link", "rowid")]
        first = first if first[:1] == [0] else []  # the row's link, and its rowid beside it
        rank = {name: i for i, name in enumerate(lead)}
        leading = sorted((i for i, n in enumerate(names) if n in rank and i not in first), key=lambda i: rank[names[i]])
        last = [i for i, n in enumerate(names) if (n in trailing or n.endswith(suffixes)) and i not in first + leading]
        middle = [i for i in range(len(names)) if i not in first + leading + last]
        return first + leading + middle + last
    return {"column_order": column_order}
