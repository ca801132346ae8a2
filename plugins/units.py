"""Every number in an HTML page as a reader should see it: rounded to 4 significant figures and followed by the unit
its column declares, never rescaled (Datasette's own `units` rendering runs Pint's to_compact per cell: 0.3 hour
became `300.0 mh`). JSON and CSV are not rendered by this hook and keep full precision.

The unit comes from the one declaration per column that the generated metadata carries (from the Frictionless
schemas and site/): by table on table and row pages, and by column name on query pages (canned queries, the SQL
editor), where a name declared with one unit across every table (and canned query: `units:` in
site/queries/NAME.yml) gets it. Counts and other dimensionless quantities get no suffix (the column name says
`_millions`), percent gets `%`.
"""
import math

from datasette import hookimpl
from markupsafe import Markup, escape

from datasette_api import instance_metadata, query_metadata, table_metadata
from per_datasette import kept

SIGNIFICANT = 4
# Integer formats count operations, not floating-point ones: on a row at one of these precisions a FLOPS unit reads OPS
# (the H100's INT8 peak is 1979 TOPS, its GFLOPS/W column GOPS/W)
INTEGER_PRECISIONS = {"INT8", "INT4"}
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")  # a power of ten as a reader writes it, not as e-notation
LONG_TEXT = 80  # characters: longer text wraps in a wide cell instead of squeezing its row into a tall column


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if isinstance(value, str):
        return _long_text(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    unit = _units(datasette).get((database, table, column)) if table else _units(datasette).get((database, None, column))
    text = number(value)
    if unit and "FLOP" in unit and _precision(row) in INTEGER_PRECISIONS:
        unit = unit.replace("FLOP", "OP")
    return Markup(f"{text}&nbsp;{escape(unit)}") if unit else text


def _precision(row):
    """The row's precision, where it has one (table, row and query pages alike)."""
    try:
        return row["precision"]
    except (KeyError, IndexError, TypeError):
        return None


def number(value):
    """VALUE as text with at most SIGNIFICANT significant figures: 0.07563, 1.6×10⁻⁸, 552,100, 2015, 1.979×10¹⁵;
    integers exact."""
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)  # years stay 2015
    if not math.isfinite(value):
        return str(value)
    rounded = float(f"{value:.{SIGNIFICANT}g}")
    # large: 552,100 reads better than 5.521×10⁵; from a billion on, digits are too many to count (980,600,000,000,000
    # beside 1.307×10¹⁵ in one column), and every value of a column so large is written as a power of ten
    if rounded and 4 <= math.floor(math.log10(abs(rounded))) < 9:
        return f"{rounded:,.0f}"
    mantissa, _, power = f"{rounded:.{SIGNIFICANT}g}".partition("e")
    return f"{mantissa}×10{str(int(power)).translate(SUPERSCRIPT)}" if power else mantissa


def suffix(unit, registry):
    """The text shown after a number of UNIT: the declaration itself ('GFLOPS/W', 'kg', '/year'), '%' for percent,
    nothing for counts and ratios."""
    try:
        dimensionless = registry.parse_units(unit).dimensionless
    except Exception:  # a unit Pint cannot parse is shown as declared; tests/test_package.py keeps them parseable
        dimensionless = False
    if dimensionless:
        return "%" if unit.strip() == "percent" else ""
    text = unit.replace(" / ", "/").replace(" * ", "·")
    return text[1:] if text.startswith("1/") else text


@hookimpl
def startup(datasette):
    async def declared_units():  # worked out once: the metadata never changes while Datasette runs
        kept(datasette)["units"] = await _declared_units(datasette)
    return declared_units


def _units(datasette):
    """{(database, table, column): suffix}, and {(database, None, column): suffix} for a column name declared with
    one unit everywhere (startup works them out)."""
    return kept(datasette).get("units", {})


async def _declared_units(datasette):
    import pint

    registry = pint.UnitRegistry()
    for definition in await instance_metadata(datasette, "custom_units") or []:
        registry.define(definition)
    out, by_name = {}, {}
    for db_name, db in datasette.databases.items():
        tables = await table_metadata(datasette, db_name, await db.table_names() + await db.view_names())
        for table_name, table in tables.items():
            for column, unit in (table.get("units") or {}).items():
                out[(db_name, table_name, column)] = suffix(unit, registry)
                by_name.setdefault((db_name, None, column), set()).add(out[(db_name, table_name, column)])
        for query in (await query_metadata(datasette, db_name)).values():  # site/queries/NAME.yml: units
            for column, unit in query.get("units", {}).items():
                by_name.setdefault((db_name, None, column), set()).add(suffix(unit, registry))
    out.update({key: units.pop() for key, units in by_name.items() if len(units) == 1})
    return out


def _long_text(value):
    if len(value) <= LONG_TEXT or value.startswith(("http://", "https://")):
        return None  # Datasette's own rendering (and its links)
    return Markup(f'<div class="long-text">{escape(value)}</div>')
