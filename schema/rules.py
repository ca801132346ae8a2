"""Rules across rows and tables that a Frictionless schema cannot state.

Each rule takes the typed tables (pandas frames indexed by CSV line) and yields Problems."""
import pandas as pd

from .package import descriptor_line
from .problems import Problem


def foreign_keys(package, tables):
    """Every foreign key names an existing row; the message says where to add it."""
    for res in package.resources:
        if res.name not in tables:
            continue
        for field, ref_name, ref_field in res.foreign_keys:
            if ref_name not in tables or incomplete(tables[ref_name]):  # its file's problems are reported instead
                continue
            known = set(tables[ref_name][ref_field].dropna())
            values = tables[res.name][field]
            for line, value in values[values.notna() & ~values.isin(known)].items():
                ref_path = package.resource(ref_name).path
                yield Problem(res.path, line, field, f'"{value}" is not a {ref_field} in {ref_path}; add it there first or fix the spelling')


def gpu_facts_agree(package, tables):
    """A GPU's TDP, launch date and type are facts of the GPU: every precision row must agree with its first row."""
    specs = tables.get("gpu_specs")
    if specs is None:
        return
    path = package.resource("gpu_specs").path
    cols = ["tdp_watts", "launch_date", "gpu_type"]
    differ = (specs.groupby("gpu", sort=False)[cols].nunique() > 1).any(axis=1)  # column-wise: only these can fail
    for gpu, rows in specs[specs["gpu"].isin(differ[differ].index)].groupby("gpu", sort=False):
        first = rows.iloc[0]
        for col in ("tdp_watts", "launch_date", "gpu_type"):
            for line, value in rows[col].items():
                if not pd.isna(value) and not pd.isna(first[col]) and value != first[col]:
                    yield Problem(path, line, col, f'"{_text(value)}" differs from "{_text(first[col])}" on line {rows.index[0]} for the '
                                                   f'same GPU "{gpu}"; every precision row of a GPU must give the same {col}')


def throughput_has_baseline(package, tables):
    """A TF32 or Mixed run only counts towards a speed-up if its benchmark also has an FP32 run."""
    thr = tables.get("inference_throughput")
    if thr is None or incomplete(thr):
        return
    path = package.resource("inference_throughput").path
    bench = ["domain", "model", "framework", "batch_size"]
    fp32 = set(map(tuple, thr.loc[thr["precision"] == "FP32", bench].astype(str).values))
    key, complete = _joined(thr[bench]), thr[bench].notna().all(axis=1)
    surely = complete & key.isin(set(key[complete & (thr["precision"] == "FP32")]))  # column-wise: these pass
    for line, row in thr[(thr["precision"] != "FP32") & ~surely].iterrows():
        if tuple(row[bench].astype(str)) not in fp32:
            yield Problem(path, line, "precision", f'"{row["precision"]}" run has no FP32 run of the same benchmark (domain, model, framework, batch_size) to compare with')


def measurement_is_complete(package, tables):
    """A measurement states its energy, or the throughput and power it follows from, and when its hardware dates from."""
    em = tables.get("energy_measurements")
    if em is None:
        return
    path = package.resource("energy_measurements").path
    suspect = (em["measured_joules"].isna() & (em["throughput_per_s"].isna() | em["power_watts"].isna())) \
        | (em["gpu"].isna() & em["launch_year"].isna())  # column-wise: only these rows can fail
    for line, row in em[suspect].iterrows():
        if pd.isna(row["measured_joules"]) and (pd.isna(row["throughput_per_s"]) or pd.isna(row["power_watts"])):
            yield Problem(path, line, "measured_joules", "is empty; give measured_joules, or both throughput_per_s and power_watts")
        if pd.isna(row["gpu"]) and pd.isna(row["launch_year"]):
            yield Problem(path, line, "launch_year", "is empty; a system that is not in gpu_specs needs its launch_year")


def errata_point_at_rows(package, tables):
    """Each known erratum names a relation, row and published_* column that exist."""
    errata = tables.get("known_errata")
    if errata is None:
        return
    path = package.resource("known_errata").path
    names = {r.name: r for r in package.resources}
    keys = {}  # relation -> its row keys, computed once
    for line, row in zip(errata.index, errata[["relation", "column", "row_key"]].to_dict("records")):
        res = names.get(row["relation"])
        if res is None:
            yield Problem(path, line, "relation", f'"{row["relation"]}" is not a resource in datapackage.json')
            continue
        if row["column"] not in res.field_names:
            yield Problem(path, line, "column", f'"{row["column"]}" is not a column of {res.name}')
        if res.name in tables and not incomplete(tables[res.name]):
            if res.name not in keys:
                keys[res.name] = set(row_keys(tables[res.name], res.primary_key).values)
            if row["row_key"] not in keys[res.name]:
                yield Problem(path, line, "row_key", f'"{row["row_key"]}" is not the key ({"|".join(res.primary_key)}) of any row of {res.name}')


def upstream_sources_exist(package, tables):
    """Each upstream snapshot cites its publisher: its "x-upstream" source_id is a row of sources."""
    if "sources" not in tables or incomplete(tables["sources"]):
        return
    known = set(tables["sources"]["source_id"].dropna())
    for res in package.resources:
        if res.upstream is not None and res.upstream.get("source_id") not in known:
            yield Problem("datapackage.json", descriptor_line(package.root, res.path), "x-upstream",
                          f'resource \'{res.name}\': source_id "{res.upstream.get("source_id")}" is not a source_id in '
                          f'{package.resource("sources").path}; add the publisher there')

def aliases_name_models(package, tables):
    """Each model alias names a model of cv_models or nlp_models, and is not already another model's name."""
    aliases = tables.get("model_aliases")
    models = [tables.get(name) for name in ("cv_models", "nlp_models")]
    if aliases is None or any(m is None or incomplete(m) for m in models):
        return
    path = package.resource("model_aliases").path
    names = {str(name).lower(): model_id for m in models for model_id, name in zip(m["model_id"], m["model"])}
    ids = set(names.values())
    for line, row in aliases.iterrows():
        if row["model_id"] not in ids:
            yield Problem(path, line, "model_id", f'"{row["model_id"]}" is not a model_id in data/cv_models.csv or data/nlp_models.csv')
        other = names.get(str(row["alias"]).lower())
        if other is not None and other != row["model_id"]:
            yield Problem(path, line, "alias", f'"{row["alias"]}" is the name of model "{other}"; an alias may not name two models')


def incomplete(frame):
    """Whether rows of the table's file were lost to a problem (a short or long row, a broken quote): a rule must not
    conclude that a row is absent from it."""
    return frame.attrs.get("incomplete", False)


def _text(value):
    """A typed value as its cell would print it: dates as ISO, whole numbers without '.0'."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return f"{value:g}" if isinstance(value, float) else str(value)


def row_keys(frame, key):
    """The '|'-joined primary key of every row, as errata and reports name rows."""
    return _joined(frame[key], "|") if len(frame) else pd.Series(dtype=str)


def _joined(frame, sep="\x1f"):
    """Every row's cells as text (str(), dates as ISO) joined by sep; column by column, not row by row."""
    def text(column):
        if pd.api.types.is_datetime64_any_dtype(column):
            return column.dt.strftime("%Y-%m-%d").fillna("NaT")
        return column.map(str).astype(object)
    parts = [text(frame[c]) for c in frame.columns]
    return parts[0].str.cat(parts[1:], sep=sep) if len(parts) > 1 else parts[0]


RULES = [foreign_keys, gpu_facts_agree, throughput_has_baseline, measurement_is_complete, errata_point_at_rows,
         upstream_sources_exist, aliases_name_models]


def check(package, tables):
    return [p for rule in RULES for p in rule(package, tables)]
