"""Two contributor mistakes whose messages must say what is wrong: a display name that looks the same as another
(full-width letters) and a cell too long for the CSV reader."""
from tests.helpers import copy_project, edit_csv, run_build

RESNET = 'resnet-50,ResNet-50,"He et al., 2015b",'


def _problems(root):
    result = run_build(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr.splitlines()


def test_a_full_width_display_name_beside_the_same_name_is_refused_at_its_line_naming_the_other(tmp_path):
    root = copy_project(tmp_path)
    path = root / "data" / "cv_models.csv"
    [line] = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(RESNET)]
    row = path.read_text(encoding="utf-8").splitlines()[line - 1]
    with open(path, "a", encoding="utf-8") as f:
        f.write(row.replace("resnet-50,ResNet-50,", "resnet-50-fw,ＲｅｓＮｅｔ-50,", 1) + "\n")
    appended = len(path.read_text(encoding="utf-8").splitlines())
    assert _problems(root) == [
        f'data/cv_models.csv:{appended}: model: "ＲｅｓＮｅｔ-50" is the same model as "ResNet-50" on line {line} once '
        "case and Unicode compatibility forms are ignored; use one spelling",
        "1 problem; nothing was built."]


def test_the_same_display_name_twice_is_allowed(tmp_path):
    """Names may repeat exactly (a model in two rows of a table is the data's business, not a look-alike)."""
    from schema.text import problems as text_problems
    import pandas as pd
    from schema.package import load

    package = load(copy_project(tmp_path))
    resource = package.resource("cv_models")
    raw = pd.DataFrame({f["name"]: ["x"] * 2 for f in resource.fields}, index=[2, 3])
    raw["model_id"] = ["a", "b"]
    assert text_problems(resource, raw) == []
    raw["model"] = ["ResNet-50", "ｒｅｓｎｅｔ-50"]
    assert [p.line for p in text_problems(resource, raw)] == [3]


def test_an_over_long_cell_is_named_by_line_column_and_length(tmp_path):
    """Whatever the process's csv limit: frictionless raises it on import, and the message must not change with it."""
    import csv
    saved = csv.field_size_limit(2**31 - 2)
    try:
        _over_long_cell_is_named(tmp_path)
    finally:
        csv.field_size_limit(saved)


def _over_long_cell_is_named(tmp_path):
    root = copy_project(tmp_path)
    edit_csv(root, "cv_models.csv", '"Table 2, row 9; journal Table B.2",\n',
             '"Table 2, row 9; journal Table B.2","' + "x" * 200_000 + '"\n')
    path = root / "data" / "cv_models.csv"
    [line] = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(RESNET)]
    problems = _problems(root)
    assert (f"data/cv_models.csv:{line}: notes: cell is 200,000 characters long, more than the 131,072 a cell may "
            "hold; shorten it (a long text belongs in the source it cites)") in problems, problems
    assert not any("not closed properly" in p for p in problems)
