"""site/, one file per job: what each file holds reaches the metadata, and a misplaced file is named."""
import json
import shutil

import pytest

from schema import site as site_files
from tests.helpers import ROOT


@pytest.fixture
def site_copy(tmp_path):
    shutil.copytree(ROOT / "site", tmp_path / "site")
    return tmp_path


def test_each_query_and_dashboard_is_its_own_file_in_the_home_pages_order():
    site = site_files.load(ROOT)
    listed = (ROOT / "site" / "home.yml").read_text(encoding="utf-8")
    assert list(site["queries"])[:2] == ["estimate_llm_energy", "estimate_inference_energy"]
    for name, query in site["queries"].items():
        assert query["sql"] == (ROOT / "site" / "queries" / f"{name}.sql").read_text(encoding="utf-8").rstrip("\n")
        assert f"- {name}\n" in listed
    assert set(site["plugins"]["datasette-dashboards"]) == {p.stem for p in (ROOT / "site" / "dashboards").glob("*.yml")}
    assert "grid_intensity_ctes" in site["sql_fragments"]


def test_an_unlisted_query_file_is_named(site_copy):
    shutil.copy(site_copy / "site/queries/best_model_per_year.yml", site_copy / "site/queries/my_query.yml")
    with pytest.raises(site_files.SiteError, match=r"site/home.yml: queries: not listed: my_query"):
        site_files.load(site_copy)


def test_a_listed_dashboard_without_its_file_is_named(site_copy):
    (site_copy / "site/dashboards/llm-energy.yml").unlink()
    with pytest.raises(site_files.SiteError, match=r"dashboards: listed without a file site/dashboards/NAME.yml: llm-energy"):
        site_files.load(site_copy)


def test_a_query_without_its_sql_and_broken_yaml_are_named_at_their_file(site_copy):
    (site_copy / "site/queries/pareto_frontier.sql").unlink()
    with pytest.raises(site_files.SiteError, match=r"site/queries/pareto_frontier.sql: file is missing"):
        site_files.load(site_copy)
    (site_copy / "site/dashboards/human-energy.yml").write_text("title: x\n  bad: [\n", encoding="utf-8")
    shutil.copy(ROOT / "site/queries/pareto_frontier.sql", site_copy / "site/queries/pareto_frontier.sql")
    with pytest.raises(site_files.SiteError, match=r"site/dashboards/human-energy.yml:2: mapping values are not allowed"):
        site_files.load(site_copy)


def test_every_relation_column_and_query_is_declared(built_db):
    """What the build serves, read back from the database it wrote: nothing without its declaration."""
    import sqlite3

    import yaml

    from schema.metadata import metadata_path
    meta = yaml.safe_load(metadata_path(built_db).read_text(encoding="utf-8"))["databases"]["ai_energy"]
    db = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    undeclared = []
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"):
        documented = meta["tables"].get(name, {}).get("columns", {})
        undeclared += [f"{name}.{c}" for (_, c, *_) in db.execute(f'PRAGMA table_info("{name}")') if not documented.get(c)]
    assert undeclared == [], "describe these columns (schema/tables/*.json for a base table, derive/STAGE/NAME.yml columns: for a derived one)"
    assert [q for q, v in meta["queries"].items() if not (v.get("title") and v.get("description_html"))] == []


def test_a_new_derived_relation_needs_its_sql_file_and_its_declaration(tmp_path):
    """What a newcomer writes for a derived relation: derive/STAGE/NAME.sql (its description the file's leading
    comment) and NAME.yml beside it (what it reads, title, columns with their units, facets, its home page group).
    The build then orders it after what it reads, serves it documented, faceted by an index and listed on the home
    page, with nothing else touched."""
    import sqlite3

    import yaml

    from schema.metadata import metadata_path
    from tests.helpers import add_relation, copy_project, run_build

    root = copy_project(tmp_path)
    add_relation(root, "hardware", "gpu_count_by_type",
        "-- gpu_count_by_type: how many GPUs of the paper's table are of each type, and their largest TDP.\n"
        "CREATE TABLE gpu_count_by_type (gpu_type TEXT PRIMARY KEY NOT NULL, gpu_count INTEGER NOT NULL, max_tdp_watts REAL);\n"
        "INSERT INTO gpu_count_by_type SELECT gpu_type, count(DISTINCT gpu), max(tdp_watts) FROM gpu_specs GROUP BY gpu_type;\n",
        "depends: [gpu_specs]\n"
        "title: GPUs of each type\n"
        "home: The method, step by step\n"
        "facets: [max_tdp_watts]\n"
        "columns:\n"
        "  gpu_type: {description: Server or Desktop.}\n"
        "  gpu_count: {description: GPUs of that type., unit: count}\n"
        "  max_tdp_watts: {description: The largest TDP among them., unit: W}\n")

    result = run_build(root)
    assert result.returncode == 0, result.stderr
    meta = yaml.safe_load(metadata_path(root / "ai_energy.db").read_text(encoding="utf-8"))
    table = meta["databases"]["ai_energy"]["tables"]["gpu_count_by_type"]
    assert table["title"] == "GPUs of each type"
    assert table["description"] == ("gpu_count_by_type: how many GPUs of the paper's table are of each type, and their "
                                    "largest TDP. (SQL: derive/hardware/gpu_count_by_type.sql)")
    assert table["columns"]["max_tdp_watts"] == "The largest TDP among them." and table["units"]["max_tdp_watts"] == "W"
    [group] = [g for g in meta["plugins"]["ai-energy-home"]["groups"] if g["title"] == "The method, step by step"]
    assert group["relations"][-1] == "gpu_count_by_type"
    db = sqlite3.connect(root / "ai_energy.db")
    assert db.execute("SELECT sum(gpu_count) FROM gpu_count_by_type").fetchone()[0] > 0
    assert "gpu_count_by_type_max_tdp_watts" in {r[1] for r in db.execute("PRAGMA index_list('gpu_count_by_type')")}


def test_a_new_column_is_its_schema_field_and_its_csv_column(tmp_path):
    """What a contributor writes for a new column of a base table: its field in schema/tables/NAME.json (type,
    description, unit, constraints) and the column in data/NAME.csv. The build validates it (a value out of its
    constraints is refused at its cell), loads it typed and serves it documented with its unit."""
    import csv
    import sqlite3

    import yaml

    from schema.metadata import metadata_path
    from tests.helpers import copy_project, run_build

    root = copy_project(tmp_path)
    schema_file = root / "schema" / "tables" / "gpu_specs.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["fields"].append({"name": "board_power_watts", "type": "number", "unit": "W",
                             "description": "The board's power limit, where the datasheet gives one.",
                             "constraints": {"minimum": 1}})
    schema_file.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")

    with open(root / "data" / "gpu_specs.csv", newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))

    def write_csv(first_value):  # the new column, with a value on the first row only
        with open(root / "data" / "gpu_specs.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(
                [header + ["board_power_watts"]] + [row + [first_value if i == 0 else ""] for i, row in enumerate(rows)])

    write_csv("-5")
    refused = run_build(root, "--check")
    assert refused.returncode == 1 and 'data/gpu_specs.csv:2: board_power_watts: "-5" must be >= 1' in refused.stderr, refused.stderr
    write_csv("250")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(root / "ai_energy.db")
    assert db.execute("SELECT typeof(board_power_watts), count(board_power_watts) FROM gpu_specs "
                      "WHERE board_power_watts IS NOT NULL").fetchone() == ("real", 1)
    table = yaml.safe_load(metadata_path(root / "ai_energy.db").read_text(encoding="utf-8"))["databases"]["ai_energy"]["tables"]["gpu_specs"]
    assert table["columns"]["board_power_watts"] == "The board's power limit, where the datasheet gives one."
    assert table["units"]["board_power_watts"] == "W"


def test_every_sql_file_the_documentation_names_exists():
    """A description that points to derive/ names a file that is there (derive/ is grouped by stage; a path of the
    numbered files before it would send a reader nowhere)."""
    import re

    from schema.metadata import generate

    named = set(re.findall(r"derive/[\w/]+\.sql", json.dumps(generate())))
    assert len(named) > 40
    assert sorted(path for path in named if not (ROOT / path).is_file()) == []
