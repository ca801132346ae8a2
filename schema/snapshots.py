"""Provenance beside each upstream snapshot, as owid/etl keeps it: `data/upstream/<publisher>/<date>/snapshot.json`.

The file describes every file of its folder once: the table it is loaded as (`resource`, whose columns are declared
in schema/tables/upstream/RESOURCE.json), where it came from (`origin`: publisher, URL, commit, dates, the
`source_id` it is cited by), its licence and source links, its sha256 and size, and, for a file that is not the
publisher's bytes as downloaded (flattened, filtered or trimmed), what was done to it (`origin.processing`) and the
committed script that did it (`origin.script`, or null where the snapshot came processed and no script exists).

    {"files": {"ml_hardware.csv": {"resource": "epoch_ml_hardware", "title": "...", "hash": "sha256:...",
                                   "bytes": 95480, "sources": [...], "licenses": [...], "origin": {...}}}}

An upstream resource of `datapackage.json` is generated from it (`record` writes it: name, path, schema, the CSV
dialect, and the Frictionless `hash` and `bytes`), so that any reader of the package alone can find and check the
bytes; the build refuses a datapackage.json out of step, naming its line. A new snapshot is its folder's files with
their snapshot.json, and the schema of each table: `record` lists it in datapackage.json. The package read by the build
(and written whole into a release) is datapackage.json with each snapshot's entry merged in, `origin` as "x-upstream".

    python -m schema.snapshots record data/upstream/<publisher>/<date>/FILE ...   record each file's sha256 and bytes,
                                                                                 and its resource in datapackage.json
"""
import hashlib
import json
import sys
from pathlib import Path, PurePosixPath

from .package import descriptor_line
from .problems import Problem

SIDECAR = "snapshot.json"
UPSTREAM_DIR = PurePosixPath("data/upstream")
MERGED_KEYS = ("title", "hash", "bytes", "sources", "licenses")  # taken into the resource as they are
CSV = {"type": "table", "scheme": "file", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
       "dialect": {"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json", "header": True, "delimiter": ",",
                   "quoteChar": '"'}}


def is_snapshot_path(path):
    """Whether a resource path names a file of data/upstream/ (whose provenance is in its folder's snapshot.json)."""
    return isinstance(path, str) and PurePosixPath(path).parts[:2] == UPSTREAM_DIR.parts


def sidecar_of(path):
    return str(PurePosixPath(path).parent / SIDECAR)


def merged(root, descriptor):
    """(descriptor with every upstream resource completed from its snapshot.json, problems). A problem of a
    snapshot.json is reported at its line; an upstream file it does not describe at the datapackage.json line."""
    sidecars, problems, resources = {}, [], []
    for resource in descriptor.get("resources", []):
        path = resource.get("path") if isinstance(resource, dict) else None
        if not is_snapshot_path(path):
            resources.append(resource)
            continue
        where = sidecar_of(path)
        if where not in sidecars:
            sidecars[where], found = _read(Path(root), where)
            problems += found
        entry = sidecars[where].get(PurePosixPath(path).name) if sidecars[where] is not None else None
        if entry is None:
            if sidecars[where] is not None:
                problems.append(Problem(where, 1, "files", f'has no entry for "{PurePosixPath(path).name}"; record its '
                                                           "origin, sha256 and bytes there (see CONTRIBUTING.md)"))
            resources.append(resource)
            continue
        generated = generated_resource(path, entry)
        stale = [k for k in generated if resource.get(k) != generated[k]]
        if stale:
            problems.append(Problem("datapackage.json", descriptor_line(Path(root), path), stale[0],
                                    f'resource \'{resource.get("name")}\': {" and ".join(stale)} differ from {where}\'s; '
                                    f"run `python -m schema.snapshots record {path}`"))
        resources.append(complete(resource, entry))
    listed = {PurePosixPath(r["path"]) for r in resources if isinstance(r, dict) and is_snapshot_path(r.get("path"))}
    for where, files in sidecars.items():
        for name in sorted(files or ()):
            if PurePosixPath(where).parent / name not in listed:
                problems.append(Problem(where, _line(root, where, name), "files",
                                        f'"{name}" is not a resource of datapackage.json; run `python -m schema.snapshots '
                                        f'record {PurePosixPath(where).parent / name}`, or remove this entry'))
    return {**descriptor, "resources": resources}, problems


def generated_resource(path, entry):
    """The resource of datapackage.json for the upstream file at PATH, as its snapshot.json entry makes it."""
    name = entry.get("resource")
    return {"name": name, "type": CSV["type"], "path": str(path), **{k: v for k, v in CSV.items() if k != "type"},
            "schema": f"schema/tables/upstream/{name}.json", "hash": entry.get("hash"), "bytes": entry.get("bytes")}


def complete(resource, entry):
    """An upstream resource of datapackage.json with the provenance its snapshot.json records."""
    out = dict(resource)
    out.update({k: entry[k] for k in MERGED_KEYS if k in entry})
    out["x-upstream"] = entry.get("origin", {})
    return out


def _read(root, where):
    """{file name: entry} of one snapshot.json, or None with the problem when it cannot be read."""
    try:
        text = (root / where).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(where, 1, "", "file is missing: every data/upstream/<publisher>/<date>/ folder needs one, "
                                            "recording each file's origin, sha256 and bytes (see CONTRIBUTING.md)")]
    except UnicodeDecodeError as e:
        return None, [Problem(where, 1, "", f"invalid UTF-8 (byte 0x{e.object[e.start]:02x}); save the file as UTF-8")]
    try:
        files = json.loads(text).get("files")
    except json.JSONDecodeError as e:
        return None, [Problem(where, e.lineno, "", f"invalid JSON: {e.msg} (column {e.colno})")]
    except AttributeError:
        files = None
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        return None, [Problem(where, 1, "files", 'must be an object {"files": {FILE NAME: {origin, hash, bytes, ...}}}')]
    return files, []


def _line(root, where, name):
    text = (Path(root) / where).read_text(encoding="utf-8")
    at = text.find(json.dumps(name))
    return text[:at].count("\n") + 1 if at >= 0 else 1


def record(root, path):
    """Write the sha256 and size of the file at `path` (relative to root) into its snapshot.json, and from there its
    resource into datapackage.json (replacing the resource of that path, else after the last upstream resource), as a
    contributor does once a new snapshot is in place; the file's other provenance is kept (a new file starts with an
    empty one, whose "resource" it then asks for)."""
    root, where = Path(root), Path(root) / sidecar_of(path)
    data = (root / path).read_bytes()
    sidecar = json.loads(where.read_text(encoding="utf-8")) if where.exists() else {"files": {}}
    entry = sidecar["files"].setdefault(PurePosixPath(path).name, {"origin": {}})
    entry["hash"], entry["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    where.write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not entry.get("resource"):
        raise SystemExit(f'{sidecar_of(path)}: "{PurePosixPath(path).name}": give it "resource", the name of the table '
                         "it is loaded as (its columns declared in schema/tables/upstream/NAME.json), and run this again")
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resources, generated = package["resources"], generated_resource(PurePosixPath(path), entry)
    at = next((i for i, r in enumerate(resources) if r.get("path") == generated["path"]), None)
    if at is None:
        last = max((i for i, r in enumerate(resources) if is_snapshot_path(r.get("path"))), default=len(resources) - 1)
        resources.insert(last + 1, generated)
    else:
        resources[at] = generated
    (root / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] != ["record"] or len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    for name in sys.argv[2:]:
        record(Path.cwd(), name)
