"""The site's configuration, one file per job, read into the one dict that schema/metadata.py renders:

    site/site.yml                  title, licence, source, and each base table's presentation
    derive/STAGE/NAME.yml          a derived relation's presentation and column docs (schema/relations.py), merged
                                   into site.yml's `relations:` here, as an extension's columns into its base table's
    site/home.yml                  the home page: findings, examples, groups of relations, and the order of the query
                                   forms and dashboards it lists
    site/queries/NAME.sql          a canned query's SQL ...
    site/queries/NAME.yml          ... and its title, description, parameters and options
    site/queries/fragments/NAME.sql   SQL that several queries share (`-- include: NAME`)
    site/dashboards/SLUG.yml       one datasette-dashboards dashboard: title, description, layout, filters, charts

Every query and dashboard is listed in home.yml (`queries:`, `dashboards:`), in the order the home page and the
metadata show them; a file that is not listed, or a name listed without its file, is an error naming both.
"""
from pathlib import Path

from . import relations as derived
from . import yamlfile

SITE = Path("site")


class SiteError(SystemExit):
    """A problem of the site's files: the build stops with this message (file: what is wrong)."""


def load(root):
    """The site's configuration as one dict: site.yml's keys, plus home, sql_fragments, queries and plugins."""
    files = _Files(Path(root))
    site = files.yaml("site.yml")
    home = files.yaml("home.yml")
    queries = files.ordered("queries", home.pop("queries", []))
    dashboards = files.ordered("dashboards", home.pop("dashboards", []))
    site["home"] = home
    _with_derived(site, root)
    site["sql_fragments"] = {name: files.sql(f"queries/fragments/{name}.sql") for name in files.names("queries/fragments", ".sql")}
    site["queries"] = {name: {**files.yaml(f"queries/{name}.yml"), "sql": files.sql(f"queries/{name}.sql")} for name in queries}
    site["plugins"] = {"datasette-dashboards": {slug: files.yaml(f"dashboards/{slug}.yml") for slug in dashboards}}
    return site


PRESENTED = ("title", "sort", "sort_desc", "facets", "facet_dates", "label_column", "hidden", "size", "columns")


def _with_derived(site, root):
    """Each derived relation's declaration into site["relations"], and into the home page group its `home:` names."""
    relations = site.setdefault("relations", {})
    groups = {g["title"]: g for g in site["home"].get("groups", [])}
    for r in derived.documented(root):
        if r.extends:
            table = relations.setdefault(r.extends, {})
            table["columns"] = {**table.get("columns", {}), **r.declaration.get("columns", {})}
            continue
        relations[r.name] = {k: r.declaration[k] for k in PRESENTED if k in r.declaration}
        if "home" in r.declaration:
            if r.declaration["home"] not in groups:
                raise SiteError(f"{r.path[:-4]}.yml: home: {r.declaration['home']}: site/home.yml has no group of that title")
            groups[r.declaration["home"]]["relations"].append(r.name)


class _Files:
    """The files of site/, each problem named by its path."""

    def __init__(self, root):
        self.folder = root / SITE

    def names(self, folder, suffix):
        return sorted(p.stem for p in (self.folder / folder).glob(f"*{suffix}"))

    def ordered(self, folder, listed):
        """The names of folder's .yml files, in the order home.yml lists them; every file listed, every name a file."""
        files = set(self.names(folder, ".yml"))
        unlisted, missing = sorted(files - set(listed)), [name for name in listed if name not in files]
        problems = ([f"not listed: {', '.join(unlisted)} (add each where the home page should show it)"] if unlisted else []) + \
                   ([f"listed without a file site/{folder}/NAME.yml: {', '.join(missing)}"] if missing else [])
        if problems:
            raise SiteError(f"site/home.yml: {folder}: " + "; ".join(problems))
        return list(listed)

    def sql(self, name):
        """A .sql file's text, less its final newline (the SQL as a YAML block scalar held it)."""
        text = self._text(name)
        return text[:-1] if text.endswith("\n") else text

    def yaml(self, name):
        """A file's YAML, read without anchors or aliases (schema/yamlfile.py: a pull request's YAML is untrusted)."""
        self._text(name)  # a missing file named as such
        try:
            return yamlfile.load(self.folder / name, f"site/{name}") or {}
        except yamlfile.YamlProblem as e:
            raise SiteError(str(e)) from None

    def _text(self, name):
        try:
            return (self.folder / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SiteError(f"site/{name}: file is missing")
