"""Reading the Frictionless data package: resources, their table schemas and the package's custom units."""
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Resource:
    name: str
    path: str  # relative to the package root, as written in datapackage.json
    title: str
    schema: dict
    descriptor: dict = field(default_factory=dict, compare=False, hash=False)  # the resource's entry in datapackage.json

    @property
    def upstream(self):
        """The provenance of a third-party snapshot kept byte-identical ("x-upstream"), or None for a curated table."""
        return self.descriptor.get("x-upstream")

    @property
    def fields(self):
        return self.schema["fields"]

    @property
    def field_names(self):
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self):
        return self.schema.get("primaryKey", [])

    @property
    def foreign_keys(self):
        """(field, referenced resource, referenced field) triples."""
        return [(fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
                for fk in self.schema.get("foreignKeys", [])]

    def field(self, name):
        return next(f for f in self.fields if f["name"] == name)


@dataclass(frozen=True)
class Package:
    root: Path

    @cached_property
    def descriptor(self):
        """datapackage.json with each upstream snapshot's provenance merged in from its snapshot.json."""
        from .snapshots import merged
        return merged(self.root, json.loads((self.root / "datapackage.json").read_text(encoding="utf-8")))[0]

    @cached_property
    def resources(self):
        out = []
        for r in self.descriptor["resources"]:
            schema = r["schema"]
            if isinstance(schema, str):
                schema = json.loads((self.root / schema).read_text(encoding="utf-8"))
            out.append(Resource(r["name"], r["path"], r.get("title", r["name"]), schema, r))
        return out

    def resource(self, name):
        return next(r for r in self.resources if r.name == name)

    @property
    def version(self):
        return self.descriptor.get("version", "")

    @property
    def unit_definitions(self):
        """Pint definitions of the units the schemas use beyond Pint's defaults (FLOP, OPS)."""
        return self.descriptor.get("x-units", [])


def descriptor_line(root, path):
    """The line of datapackage.json that names `path`, so that a problem of a resource is reported where it is listed."""
    try:
        text = (root / "datapackage.json").read_text(encoding="utf-8")
    except OSError:
        return 1
    at = text.find(f'"{path}"')
    return text[:at].count("\n") + 1 if at >= 0 else 1


def load(root=ROOT):
    return Package(Path(root))
