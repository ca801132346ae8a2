"""The derived relations, one declaration each: derive/STAGE/NAME.sql creates the relation NAME (its leading comment is
the relation's description) and derive/STAGE/NAME.yml beside it declares the rest:

    depends:      the relations its SQL reads (base tables and derived ones); the build orders the files by these and
                  checks them: a read not listed, a name listed but never read, an unknown name or a cycle stops it
    title, sort, sort_desc, facets, facet_dates, label_column, hidden, size:   how Datasette shows it (indexes for the
                  sort and facets are generated from these: schema/indexes.py)
    columns:      every column's description and unit, {NAME: {description: ..., unit: ...}}
    key:          its row key where SQLite has no PRIMARY KEY for it (a view, CREATE TABLE AS)
    home:         the title of the home page group that lists it, after the relations site/home.yml lists there
    temporary:    true for a step of a stage that the database does not keep (CREATE TEMP ...): no page, no docs
    extends:      for a file that adds a generated column to a base table instead of creating a relation; it runs
                  before every relation that reads that table

The folders are the pipeline's stages, in STAGES order; derive/fragments/NAME.sql holds SQL that several relations
include (`-- include: NAME`), written once. Nothing else of the project lists the derived relations.
"""
import heapq
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import includes, yamlfile

DERIVE = "derive"
STAGES = ("hardware", "models", "energy", "llm", "training", "grid", "checks")
FRAGMENTS = "fragments"
KEYS = {"depends", "title", "sort", "sort_desc", "facets", "facet_dates", "label_column", "hidden", "size", "columns",
        "key", "home", "temporary", "extends"}
CREATES = re.compile(r"^CREATE (TEMP )?(?:VIEW|TABLE) (\w+)", re.MULTILINE)
ALTERS = re.compile(r"^ALTER TABLE (\w+)", re.MULTILINE)


class DeclarationError(SystemExit):
    """The derive files cannot be run as declared: the build stops with this message (file: what is wrong)."""


@dataclass
class Relation:
    name: str
    stage: str
    path: str            # relative to the project: derive/STAGE/NAME.sql
    sql: str
    declaration: dict = field(default_factory=dict)

    @property
    def description(self):
        """The file's leading comment, joined: what the relation is and how it is made (the comments further down
        explain the statements they precede)."""
        lines = self.sql.splitlines()
        leading = lines[:next((i for i, line in enumerate(lines) if not line.startswith("--")), len(lines))]
        return " ".join(line[2:].strip() for line in leading)

    @property
    def depends(self):
        return list(self.declaration.get("depends", []))

    @property
    def temporary(self):
        return bool(self.declaration.get("temporary"))

    @property
    def extends(self):
        return self.declaration.get("extends")

    @property
    def is_view(self):
        return bool(re.search(rf"^CREATE (?:TEMP )?VIEW {self.name}\b", self.sql, re.MULTILINE))

    def lines(self, fragments):
        """(line, text) of the file with each `-- include: NAME` replaced by derive/fragments/NAME.sql
        (schema/includes.py)."""
        def missing(number, name):
            raise DeclarationError(f"{self.path}:{number}: -- include: {name}: there is no {DERIVE}/{FRAGMENTS}/{name}.sql")
        return includes.expanded(self.sql, fragments, missing)


def load(root, base_tables):
    """The derived relations of the project at ROOT, in the order they are built (each after what it depends on), with
    the fragments they include: ([Relation, ...], {fragment: sql}). BASE_TABLES: the names datapackage.json loads."""
    folder = Path(root) / DERIVE
    relations, problems = {}, []
    for path in sorted(folder.glob("*/*.sql")):
        stage = path.parent.name
        if stage == FRAGMENTS:
            continue
        relative = f"{DERIVE}/{stage}/{path.name}"
        if stage not in STAGES:
            problems.append(f"{relative}: {stage}/ is not a stage of derive/ ({', '.join(STAGES)}); put the file in one")
            continue
        relation = _read(path, problems)
        problems += _shape_problems(relation, base_tables)
        if relation.name in relations:
            problems.append(f"{relative}: {relations[relation.name].path} makes {relation.name} already")
        relations[relation.name] = relation
    for path in sorted(folder.glob("*.sql")):
        problems.append(f"{DERIVE}/{path.name}: a derive file lives in its stage's folder ({', '.join(STAGES)})")
    problems += _dependency_problems(relations, base_tables)
    if problems:
        raise DeclarationError("\n".join(sorted(problems)))
    fragments = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / FRAGMENTS).glob("*.sql"))}
    return ordered(relations, base_tables), fragments


def _read(path, problems):
    """The Relation of derive/STAGE/NAME.sql, with its declaration (a problem of which goes to PROBLEMS)."""
    stage = path.parent.name
    return Relation(path.stem, stage, f"{DERIVE}/{stage}/{path.name}", path.read_text(encoding="utf-8"),
                    _declaration(path, problems))


def _declaration(path, problems):
    """NAME.yml beside NAME.sql, as a dict; a missing, unreadable or unknown key is a problem named by its file."""
    yml, shown = path.with_suffix(".yml"), f"{DERIVE}/{path.parent.name}/{path.stem}.yml"
    if not yml.is_file():
        problems.append(f"{shown}: file is missing: every derive file has its declaration beside it (depends:, columns:, ...)")
        return {}
    try:
        declared = yamlfile.load(yml, shown) or {}
    except yamlfile.YamlProblem as e:
        problems.append(str(e))
        return {}
    unknown = sorted(set(declared) - KEYS)
    if unknown:
        problems.append(f"{shown}: unknown keys {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})")
    if not isinstance(declared.get("depends"), list):
        problems.append(f"{shown}: depends: the list of relations its SQL reads is missing ([] if it reads none)")
        declared["depends"] = []
    return declared


def _shape_problems(relation, base_tables):
    """A file creates exactly the relation it is named for (or, with `extends:`, alters exactly that base table)."""
    created = CREATES.findall(relation.sql)
    if relation.extends:
        altered = ALTERS.findall(relation.sql)
        if created or altered != [relation.extends] or relation.extends not in base_tables:
            return [f"{relation.path}: extends: {relation.extends}: the file must alter that base table, once, and create nothing"]
        return []
    names = [name for _, name in created]
    if names != [relation.name]:
        return [f"{relation.path}: creates {', '.join(names) or 'nothing'}: a derive file creates exactly the relation "
                f"it is named for ({relation.name}); give another relation its own file"]
    if bool(created[0][0]) != relation.temporary:
        return [f"{relation.path}: CREATE {'TEMP ' * relation.temporary}... is what its declaration's temporary: "
                f"{str(relation.temporary).lower()} says: a temporary relation is created TEMP, a kept one is not"]
    return []


def _dependency_problems(relations, base_tables):
    """Every name in a depends: is a base table or another derive file's relation (never an extension, never itself)."""
    problems = []
    for r in relations.values():
        for name in r.depends:
            if name == r.name or name not in base_tables and (name not in relations or relations[name].extends):
                problems.append(f"{r.path[:-4]}.yml: depends: {name}: no base table or derived relation has that name")
    return problems


def ordered(relations, base_tables):
    """The relations with each after all it depends on (an extension of a base table before every reader of that table),
    the stages' order and then the name deciding among those that are ready; a cycle is an error naming its files."""
    extensions = {}
    for r in relations.values():
        if r.extends:
            extensions.setdefault(r.extends, []).append(r.name)
    needs = {name: {d for d in r.depends if d in relations} | {e for d in r.depends for e in extensions.get(d, [])}
             for name, r in relations.items()}
    rank = {name: (STAGES.index(r.stage), name) for name, r in relations.items()}
    ready = [rank[name] for name, wanted in needs.items() if not wanted]
    heapq.heapify(ready)
    done, out = set(), []
    while ready:
        _, name = heapq.heappop(ready)
        done.add(name)
        out.append(relations[name])
        for other, wanted in needs.items():
            if other not in done and name in wanted and wanted <= done and rank[other] not in ready:
                heapq.heappush(ready, rank[other])
    if len(out) < len(relations):
        raise DeclarationError(_cycle(needs, done, relations))
    return out


def _cycle(needs, done, relations):
    """One dependency cycle among the relations not built, as the declarations that make it."""
    start = min(name for name in needs if name not in done)
    path, name = [], start
    while name not in path:
        path.append(name)
        name = min(d for d in needs[name] if d not in done)
    cycle = path[path.index(name):] + [name]
    return "derive: the declarations make a cycle: " + ", ".join(
        f"{relations[a].path[:-4]}.yml depends on {b}" for a, b in zip(cycle, cycle[1:]))


def documented(root):
    """The relations the database keeps, each with its declaration, in stage order (no dependency is checked here: the
    build does that): what the metadata, the indexes, the pages and review.py read."""
    folder, out = Path(root) / DERIVE, []
    for stage in STAGES:
        for path in sorted((folder / stage).glob("*.sql")):
            relation = _read(path, [])
            if not relation.temporary:
                out.append(relation)
    return out
