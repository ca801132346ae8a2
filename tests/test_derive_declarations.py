"""The declarations of derive/ (schema/relations.py): the build runs each file after what its declaration says it
reads, checks that it reads exactly that, and stops on a file that creates anything but its relation, a name that
does not exist or a cycle, every problem named by its file, all at once."""
from tests.helpers import add_relation, copy_project, run_build

COUNT = "CREATE TABLE {0} (n INTEGER);\nINSERT INTO {0} SELECT count(*) FROM {1};\n"


def test_the_order_is_the_declared_dependencies_not_the_stage_or_the_name(tmp_path):
    """aaa, in the first stage, reads zzz of the last stage: it is built after it because it says so."""
    root = copy_project(tmp_path)
    add_relation(root, "hardware", "aaa", COUNT.format("aaa", "zzz"), "depends: [zzz]\n")
    add_relation(root, "checks", "zzz", COUNT.format("zzz", "errata"), "depends: [errata]\n")
    result = run_build(root, "--check")
    assert result.returncode == 0, result.stderr


def test_a_read_not_declared_and_a_declaration_not_read_are_both_named(tmp_path):
    root = copy_project(tmp_path)
    add_relation(root, "hardware", "reads_more", COUNT.format("reads_more", "gpu_specs"), "depends: []\n")
    add_relation(root, "hardware", "reads_less", COUNT.format("reads_less", "gpu_specs"), "depends: [gpu_specs, sources]\n")
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "derive/hardware/reads_less.yml: depends: lists sources, which derive/hardware/reads_less.sql never reads",
        "derive/hardware/reads_more.sql: reads gpu_specs, which derive/hardware/reads_more.yml does not list in depends:"]


def test_reading_a_relation_built_later_without_declaring_it_says_so(tmp_path):
    root = copy_project(tmp_path)
    add_relation(root, "hardware", "too_soon", COUNT.format("too_soon", "errata"), "depends: []\n")
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "derive/hardware/too_soon.sql:2: reads errata, which derive/hardware/too_soon.yml does not list in depends: "
        "(so it is not built before)"]


def test_a_cycle_is_named_by_the_declarations_that_make_it(tmp_path):
    root = copy_project(tmp_path)
    add_relation(root, "checks", "chicken", COUNT.format("chicken", "egg"), "depends: [egg]\n")
    add_relation(root, "checks", "egg", COUNT.format("egg", "chicken"), "depends: [chicken]\n")
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "derive: the declarations make a cycle: derive/checks/chicken.yml depends on egg, derive/checks/egg.yml depends on chicken"]


def test_what_a_file_makes_and_names_is_checked_before_any_sql_runs(tmp_path):
    root = copy_project(tmp_path)
    add_relation(root, "models", "two", "CREATE TABLE two (x);\nCREATE VIEW also AS SELECT 1;\n", "depends: []\n")
    add_relation(root, "models", "named", COUNT.format("named", "gpu_specs"), "depends: [gpu_specs, gpu_spec]\ntitel: Typo\n")
    (root / "derive" / "models" / "bare.sql").write_text("CREATE VIEW bare AS SELECT 1;\n", encoding="utf-8")
    (root / "derive" / "misc").mkdir()
    (root / "derive" / "misc" / "elsewhere.sql").write_text("CREATE VIEW elsewhere AS SELECT 1;\n", encoding="utf-8")
    (root / "derive" / "loose.sql").write_text("CREATE VIEW loose AS SELECT 1;\n", encoding="utf-8")
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "derive/loose.sql: a derive file lives in its stage's folder (hardware, models, energy, llm, training, grid, checks)",
        "derive/misc/elsewhere.sql: misc/ is not a stage of derive/ (hardware, models, energy, llm, training, grid, checks); put the file in one",
        "derive/models/bare.yml: file is missing: every derive file has its declaration beside it (depends:, columns:, ...)",
        "derive/models/named.yml: depends: gpu_spec: no base table or derived relation has that name",
        "derive/models/named.yml: unknown keys titel (known: columns, depends, extends, facet_dates, facets, hidden, home, "
        "key, label_column, size, sort, sort_desc, temporary, title)",
        "derive/models/two.sql: creates two, also: a derive file creates exactly the relation it is named for (two); "
        "give another relation its own file"]


def test_an_include_of_a_fragment_that_does_not_exist_is_named_at_its_line(tmp_path):
    root = copy_project(tmp_path)
    add_relation(root, "checks", "fits_of_nothing",
                 "CREATE TEMP TABLE fits_of_nothing AS\nWITH points AS (SELECT * FROM fit_points),\n-- include: least_square\n;\n",
                 "temporary: true\ndepends: [fit_points]\n")
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "derive/checks/fits_of_nothing.sql:3: -- include: least_square: there is no derive/fragments/least_square.sql"]
