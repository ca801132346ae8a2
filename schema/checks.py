"""pandera checks generated from the Frictionless table schemas, plus the plausibility rules the schemas carry
as "x-plausible" (what Frictionless cannot say: plausible ranges, nothing dated after today)."""
import pandas as pd
import pandera.pandas as pa

from .problems import Problem
from .types import parse_column, today


def _constraint_checks(field):
    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"], error=f"must be one of: {', '.join(c['enum'])}"))
    if "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"], error=f"must be >= {c['minimum']}"))
    if "exclusiveMinimum" in c:
        checks.append(pa.Check.gt(c["exclusiveMinimum"], error=f"must be > {c['exclusiveMinimum']}"))
    if "maximum" in c:
        checks.append(pa.Check.le(c["maximum"], error=f"must be <= {c['maximum']}"))
    if "pattern" in c:
        checks.append(pa.Check.str_matches(c["pattern"], error=_pattern_message(field)))
    if "maxLength" in c:
        checks.append(pa.Check.str_length(max_value=c["maxLength"], error=f"is longer than {c['maxLength']} characters"))
    return checks


def _pattern_message(field):
    pattern = field["constraints"]["pattern"]
    if pattern.startswith("^[^=+@<>"):
        return "must be plain text: no leading = + - @ (spreadsheet formula), no < or > (markup), no tabs or line breaks"
    if pattern.startswith("^[a-z0-9]"):
        return "must be an identifier: lowercase letters, digits and '-'"
    return f"must match the pattern {pattern}"


PLAUSIBILITY_MESSAGES = ('" is implausibly ', '" is in the future')
EMPTY = "is empty but required"


def _plausibility_checks(field):
    p = field.get("x-plausible", {})
    checks = []
    date_like = field["type"] == "date"
    if "minimum" in p:
        low = pd.Timestamp(p["minimum"]) if date_like else p["minimum"]
        checks.append(pa.Check.ge(low, error=f"is implausibly small (expected >= {p['minimum']})"))
    if "maximum" in p:
        checks.append(pa.Check.le(p["maximum"], error=f"is implausibly large (expected <= {p['maximum']})"))
    if p.get("not_after_today"):
        limit = today() if date_like else today().year
        checks.append(pa.Check.le(limit, error="is in the future"))
    return checks


def dataframe_schema(resource):
    """The pandera schema of a resource, generated from its Frictionless table schema."""
    columns = {}
    for f in resource.fields:
        required = f.get("constraints", {}).get("required", False) or f["name"] in resource.primary_key
        columns[f["name"]] = pa.Column(checks=_constraint_checks(f) + _plausibility_checks(f), nullable=not required)
    return pa.DataFrameSchema(columns, unique=resource.primary_key or None, name=resource.name)


def check_table(resource, header, rows):
    """Type and constraint problems of one table. Returns (raw text frame, typed frame, problems); both frames are
    indexed by the line each row is on."""
    path = resource.path
    lines = [line for line, _ in rows]
    raw = pd.DataFrame([cells for _, cells in rows], columns=header, index=lines, dtype=object).astype(str) \
        if rows else pd.DataFrame({h: pd.Series(dtype=str) for h in header})
    typed = pd.DataFrame(index=raw.index)
    problems = []
    for f in resource.fields:
        column = raw[f["name"]]
        stripped = column.str.strip()
        if resource.upstream and f["type"] == "string":  # a publisher's text is kept exactly as written
            stripped = column
        elif not resource.upstream:
            for line in column[column != stripped].index:  # reported once, then checked as if trimmed
                problems.append(Problem(path, line, f["name"], f'"{shown(column[line])}" has leading or trailing spaces; remove them'))
        typed[f["name"]], errors = parse_column(stripped, f["type"])
        problems += [Problem(path, line, f["name"], f'"{shown(column[line])}" {msg}') for line, msg in errors.items()]
    try:
        dataframe_schema(resource).validate(typed, lazy=True, inplace=True)  # checks only: no copy of the frame to coerce
    except pa.errors.SchemaErrors as e:
        problems += _failures(resource, raw, e.failure_cases)
    return raw, typed, _one_report_per_cause(problems, raw)


def shown(text, limit=60):
    """A cell as a message quotes it: on one line (line breaks and tabs escaped), cut to `limit` characters."""
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _is_plausibility(problem):
    return any(m in problem.message for m in PLAUSIBILITY_MESSAGES)


def _one_report_per_cause(problems, raw):
    """A cell that breaks a hard rule (its type or a constraint) is not also reported as implausible, nor, when its text
    did not parse, as empty: one message per cause."""
    hard = {(p.line, p.column) for p in problems if p.message != EMPTY and not _is_plausibility(p)}

    def echo(p):
        if (p.line, p.column) not in hard:
            return False
        return _is_plausibility(p) or (p.message == EMPTY and raw.at[p.line, p.column].strip() != "")
    return [p for p in problems if not echo(p)]


def _failures(resource, raw, cases):
    path = resource.path
    out = []
    for case in cases.itertuples(index=False):
        line = case.index
        if case.check == "multiple_fields_uniqueness":
            key = resource.primary_key
            value = "|".join(raw.at[line, k] for k in key)
            out.append(Problem(path, int(line), key[0], f'"{value}" duplicates the primary key ({", ".join(key)}) of another row'))
        elif case.check == "not_nullable":
            out.append(Problem(path, int(line), case.column, EMPTY))
        elif line is not None and not pd.isna(line):
            text = raw.at[line, case.column]
            if text.strip() == "":  # a missing cell that failed a check only because it was parsed as missing
                continue
            out.append(Problem(path, int(line), case.column, f'"{shown(text)}" {case.check}'))
    return out
