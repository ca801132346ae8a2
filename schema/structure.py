"""What datapackage.json and the table schemas must be before any file they name is read: nothing a pull request
edits there is trusted.

- Every resource path is a regular file inside data/ and every schema path one inside schema/ (relative, no "..",
  no symbolic link leading out, no directory, no device), at most MAX_FILE_BYTES.
- Resource names are unique identifiers; every schema lists fields with a name and a known type, each name once; the
  primary and foreign keys name fields that exist.
- A curated resource (one without "x-upstream") has identifier-style field names, a primary key, and a pattern or an
  enum on every text field. An upstream snapshot is a publisher's file, byte-identical: its column names are the
  publisher's, and its text is whatever the publisher wrote.

Each problem is reported at the line of the file that causes it."""
import os
import re
from functools import partial
from pathlib import Path

from .problems import Problem
from .types import FIELD_TYPES

# what GitHub accepts in one file; a setting for the benchmarks only, whose synthetic ×100 copies hold bigger files
MAX_FILE_BYTES = int(os.environ.get("AI_ENERGY_MAX_FILE_BYTES") or 100 * 1024 * 1024)
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
DATAPACKAGE = "datapackage.json"


def is_upstream(descriptor):
    """Whether a resource is a publisher's file kept byte-identical (its descriptor has "x-upstream")."""
    return isinstance(descriptor, dict) and "x-upstream" in descriptor


def problems(root, descriptor, schemas):
    """Problems of the package's structure; `schemas` maps each schema path to its parsed JSON."""
    root = Path(root)
    text = (root / DATAPACKAGE).read_text(encoding="utf-8")
    found, names = [], {}
    for i, r in enumerate(descriptor["resources"]):
        name = r["name"]
        at = partial(_line, text, "name", name, occurrence=names.get(name, 0))  # looked up only for a problem
        if not isinstance(name, str) or not IDENTIFIER.match(name):
            found.append(Problem(DATAPACKAGE, at(), "name", f'"{name}" must be an identifier: lowercase letters, digits and _, starting with a letter'))
        elif name in names:
            found.append(Problem(DATAPACKAGE, at(), "name", f'"{name}" names another resource already; each resource needs its own name'))
        names[name] = names.get(name, 0) + 1
        found += _located(text, "path", r["path"], path_problems(root, r["path"], "data"))
        schema = r["schema"]
        if isinstance(schema, str):
            wrong = path_problems(root, schema, "schema")
            found += _located(text, "schema", schema, wrong)
            if not wrong:
                found += schema_problems(schema, (root / schema).read_text(encoding="utf-8"), schemas[schema], r, descriptor)
        else:
            found += schema_problems(DATAPACKAGE, text, schema, r, descriptor)
    return found


def path_problems(root, rel, folder):
    """What is wrong with `rel` as the path of a file inside `folder`, as messages (none: it is one, or is missing,
    which is reported where the file is read)."""
    where = f"a file inside {folder}/"
    if not isinstance(rel, str) or not rel:
        return [f"must be the path of {where}"]
    path = Path(rel)
    if path.is_absolute() or ".." in path.parts or path.parts[0] != folder or "\\" in rel:
        return [f'"{rel}" must be the relative path of {where} (with /, without ..)']
    full = Path(root) / path
    if not full.is_symlink() and not full.exists():
        return []
    if not full.resolve().is_relative_to((Path(root) / folder).resolve()):
        return [f'"{rel}" is a symbolic link that leads outside {folder}/; commit the file itself']
    if full.is_dir():
        return [f'"{rel}" is a directory; name {where}']
    if not full.is_file():
        return [f'"{rel}" is not a regular file']
    size = full.stat().st_size
    if size > MAX_FILE_BYTES:
        return [f'"{rel}" is {size:,} bytes; a file may have at most {MAX_FILE_BYTES:,}']
    return []


def _located(text, key, value, messages):
    return [Problem(DATAPACKAGE, _line(text, key, value), key, m) for m in messages]


def schema_problems(path, text, schema, resource, package):
    """Problems of one table schema (`path` and `text`: where it is written, for line numbers)."""
    curated = not is_upstream(resource)
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields or not all(isinstance(f, dict) for f in fields):
        return [Problem(path, 1, "fields", "the schema needs a list of fields, each with a name and a type")]
    found, seen = [], set()
    for f in fields:
        name = f.get("name")
        at = partial(_line, text, "name", name)  # a regex over the whole schema text: only for a problem
        if not isinstance(name, str) or not name:
            found.append(Problem(path, at(), "name", "every field needs a name"))
            continue
        if name in seen:
            found.append(Problem(path, at(), name, "field is listed twice; each field needs its own name"))
        seen.add(name)
        if curated and not IDENTIFIER.match(name):
            found.append(Problem(path, at(), shown_name(name), "field name must be an identifier: lowercase letters, digits and _, starting with a letter"))
        if f.get("type") not in FIELD_TYPES:
            found.append(Problem(path, at(), shown_name(name), f'type "{f.get("type")}" is not one of: {", ".join(FIELD_TYPES)}'))
        constraints = f.get("constraints", {})
        if curated and f.get("type") == "string" and "pattern" not in constraints and "enum" not in constraints:
            found.append(Problem(path, at(), shown_name(name), 'text field needs a "pattern" (e.g. the plain-text one) or an "enum" in its constraints'))
    found += _key_problems(path, text, schema, seen, curated, package)
    return found


def _key_problems(path, text, schema, names, curated, package):
    found = []
    key = schema.get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    if curated and not key:
        found.append(Problem(path, 1, "primaryKey", "is missing; a curated table needs a primary key (the fields that tell its rows apart)"))
    for name in key if isinstance(key, list) else []:
        if name not in names:
            found.append(Problem(path, _line(text, "primaryKey"), "primaryKey", f'"{name}" is not a field of this schema'))
    resources = {r.get("name"): r for r in package["resources"]}
    for fk in schema.get("foreignKeys", []):
        at = partial(_line, text, "foreignKeys")
        ref = fk.get("reference", {}) if isinstance(fk, dict) else {}
        if not isinstance(fk, dict) or not fk.get("fields") or not ref.get("resource") or not ref.get("fields"):
            found.append(Problem(path, at(), "foreignKeys", "each foreign key needs fields and a reference (resource and fields)"))
            continue
        for name in _listed(fk["fields"]):
            if name not in names:
                found.append(Problem(path, at(), "foreignKeys", f'"{name}" is not a field of this schema'))
        if ref["resource"] not in resources:
            found.append(Problem(path, at(), "foreignKeys", f'"{ref["resource"]}" is not a resource in datapackage.json'))
    return found


def _listed(value):
    return [value] if isinstance(value, str) else list(value)


def shown_name(name):
    """A field name as a message's column shows it: on one line."""
    return name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name


def _line(text, key, value=None, occurrence=0):
    """The line of `"key": "value"` (or of `"key"`) in a JSON text, 1 when it is not found."""
    import json
    needle = re.escape(json.dumps(key)) + r"\s*:" + (r"\s*" + re.escape(json.dumps(value, ensure_ascii=False)) if isinstance(value, str) else "")
    matches = list(re.finditer(needle, text))
    if not matches:
        return 1
    return text[:matches[min(occurrence, len(matches) - 1)].start()].count("\n") + 1
