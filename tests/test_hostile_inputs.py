"""The hostile-input corpus (tests/fixtures/hostile_inputs.yml): every broken edit a contributor's pull request might
carry, applied to a private copy of the project, and built.

Each case must give exactly its expected problem lines (sorted, one per problem, plus the summary line), exit 1, print
no traceback, and leave the previously built ai_energy.db byte-identical with no temporary file beside it; or, where
the corpus says `accepted`, exit 0. Every case runs build.py's own main() in-process on the copy (its root, its --db),
which is the whole build less the interpreter's start; the cases of END_TO_END also run as `python build.py`
processes, with the same checks, so that what a contributor sees at the command line is tested as such.

    python -m tests.test_hostile_inputs [CASE_ID ...]   print what build.py says for each case, to write a new one
"""
import csv
import io
import multiprocessing
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, build_in_process, copy_project, run_build

CORPUS = Path(__file__).parent / "fixtures" / "hostile_inputs.yml"
CASES = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]
SUMMARY = "nothing was built."
# Also run as processes: a build and a check, a file that is not UTF-8, a link out of the project, a published value
# that the derived relations contradict, GitHub annotations from the environment, and a harmless edit that builds.
END_TO_END = ["word-in-number-column", "invalid-utf8", "resource-path-is-a-symlink-out", "published-value-disagrees",
              "every-problem-at-once-with-annotations", "exponent-and-unicode-are-fine"]


# --- applying an edit ----------------------------------------------------------------------------------------------

def _text(parts):
    """A replacement: a string, or a list of strings and [string, times] pairs (for absurdly long text)."""
    if isinstance(parts, str):
        return parts
    return "".join(p if isinstance(p, str) else p[0] * p[1] for p in parts)


def apply_edit(root, edit, found):
    """Apply one edit; `found` collects what expected lines may refer to ({appended}: the line an append wrote)."""
    path = root / edit["file"]
    if "replace" in edit:
        text = path.read_text(encoding="utf-8")
        old, new = edit["replace"], _text(edit["with"])
        assert old in text, f"{old!r} is not in {edit['file']}: the case no longer fits the data"
        path.write_text(text.replace(old, new, edit.get("count", 1)), encoding="utf-8")
    elif "append" in edit:
        with open(path, "a", encoding="utf-8", newline="") as f:
            f.write(_text(edit["append"]) + "\n")
        found["appended"] = path.read_bytes().count(b"\n")
    elif "write" in edit:
        path.write_text(_text(edit["write"]), encoding="utf-8")
    elif "write_header_only" in edit:
        header = path.read_text(encoding="utf-8").split("\n", 1)[0]
        path.write_text(header + "\n", encoding="utf-8")
    elif "delete_column" in edit or "rename_column" in edit:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        name = edit.get("delete_column") or edit["rename_column"]
        assert name in rows[0], f"{name!r} is not a column of {edit['file']}"
        i = rows[0].index(name)
        if "delete_column" in edit:
            rows = [r[:i] + r[i + 1:] for r in rows]
        else:
            rows[0][i] = edit["to"]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    elif "add_column" in edit:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        rows = [rows[0] + [edit["add_column"]]] + [r + [edit.get("value", "")] for r in rows[1:]]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    elif "save_as" in edit:  # the whole file re-encoded, as a spreadsheet's "Save as CSV" may do
        path.write_bytes(path.read_text(encoding="utf-8").encode(edit["save_as"]))
    elif "prepend_hex" in edit:
        path.write_bytes(bytes.fromhex(edit["prepend_hex"]) + path.read_bytes())
    elif "line_ends" in edit:
        assert edit["line_ends"] == "crlf"
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    elif "replace_bytes_hex" in edit:
        data, old = path.read_bytes(), edit["replace_bytes"].encode("utf-8")
        assert old in data, f"{old!r} is not in {edit['file']}"
        path.write_bytes(data.replace(old, bytes.fromhex(edit["replace_bytes_hex"]), 1))
    elif edit.get("delete"):
        path.unlink()
    elif "copy_from" in edit:
        shutil.copy2(root / edit["copy_from"], path)
    elif "symlink_to" in edit:  # a link out of the project: the target is outside the copy
        path.unlink(missing_ok=True)
        path.symlink_to(edit["symlink_to"])
    else:
        raise ValueError(f"unknown edit: {edit}")


def run_case(case, baseline, workdir, process=False):
    """Copy the project and the baseline database (the file `baseline`), apply the case's edits, build (in this
    process, or as a `python build.py` process); return what happened."""
    (Path(workdir) / case["id"]).mkdir(parents=True)
    root = copy_project(Path(workdir) / case["id"])
    db = root / "ai_energy.db"
    baseline_db = Path(baseline).read_bytes()
    db.write_bytes(baseline_db)
    found = {}
    for edit in case["edits"]:
        apply_edit(root, edit, found)
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update(case.get("env", {}))
    args = ["--check"] if case.get("command", "build") == "check" else []
    if process:
        result = run_build(root, *args, env=env)
        returncode, stdout, stderr = result.returncode, result.stdout, result.stderr
    else:
        returncode, stdout, stderr = build_in_process(root, [*args, "--db", str(db)], env)
    return {"returncode": returncode, "stdout": stdout, "stderr": stderr,
            "db_unchanged": db.read_bytes() == baseline_db,
            "leftovers": sorted(p.name for p in root.glob(".ai_energy.db.*")), "found": found}


def _place(line):
    path, number, rest = line.split(":", 2)
    return path, int(number), rest


# --- running the corpus --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def outcomes(built_db, tmp_path_factory, request):
    """Every selected case started at once on a pool of one process per core (each has the build's modules imported
    once; a case costs its validation, not an interpreter's start); each test waits for its own. The pool's processes
    come from a fork server, so that none inherits the test session's threads. The whole module runs on one
    pytest-xdist worker (`--dist loadfile`, pytest.ini): another would start every case again for its share."""
    workdir = tmp_path_factory.mktemp("hostile")
    selected = {(item.callspec.params["case"]["id"], item.originalname == "test_hostile_input_through_build_py")
                for item in request.session.items if hasattr(item, "callspec") and "case" in item.callspec.params}
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.test_hostile_inputs", "build", "schema.validate", "schema.problems"])
    with ProcessPoolExecutor(max_workers=max(2, os.cpu_count() or 2), mp_context=context) as pool:
        yield {(c["id"], process): pool.submit(run_case, c, built_db, workdir / ("process" if process else "in-process"), process)
               for c in CASES for process in (False, True) if (c["id"], process) in selected}


def test_the_corpus_covers_what_the_issue_asks_for():
    assert len(CASES) >= 30
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    covered = {tag for c in CASES for tag in c.get("covers", [])}
    required = {"wrong-type", "empty-required", "unknown-enum", "duplicate-key", "fk-source", "fk-gpu", "fk-model",
                "negative", "zero", "nan", "infinity", "out-of-range", "implausible", "malformed-date", "future-date",
                "short-row", "long-row", "unbalanced-quote", "invalid-utf8", "bom", "crlf", "missing-column",
                "renamed-column", "extra-column", "empty-file", "header-only", "unlisted-csv", "formula", "html",
                "long-text", "path-outside", "symlink", "directory", "schema-structure", "control-characters", "homoglyph",
                "case-duplicate", "non-ascii-digits"}
    assert required <= covered, f"no case covers: {sorted(required - covered)}"


def test_the_end_to_end_cases_are_in_the_corpus():
    assert set(END_TO_END) <= {c["id"] for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_input(case, outcomes):
    check_outcome(case, outcomes[(case["id"], False)].result())


@pytest.mark.parametrize("case", [c for c in CASES if c["id"] in END_TO_END], ids=lambda c: c["id"])
def test_hostile_input_through_build_py(case, outcomes):
    check_outcome(case, outcomes[(case["id"], True)].result())


def check_outcome(case, out):
    stderr = out["stderr"]
    assert "Traceback" not in stderr + out["stdout"], stderr
    assert not out["leftovers"], f"temporary files left behind: {out['leftovers']}"
    if case["expect"] == "accepted":
        assert out["returncode"] == 0, stderr
        return
    lines = stderr.splitlines()
    assert out["returncode"] == 1, stderr
    assert lines and lines[-1].endswith(SUMMARY), stderr
    problems = [line for line in lines[:-1] if not line.startswith("::")]
    annotations = [line for line in lines[:-1] if line.startswith("::")]
    assert problems == sorted(problems, key=_place), "problems must be sorted by file, then line"
    assert lines[-1].startswith(f"{len(problems)} problem"), lines[-1]
    expected = [line.replace("{appended}", str(out["found"].get("appended"))) for line in case["expect"]]
    if case.get("more"):  # the case lists some of the lines only: one edit breaks many rows
        assert set(expected) <= set(problems) and len(problems) > len(expected), stderr
    else:
        assert problems + annotations == expected, stderr
    for line in problems:
        path, _, rest = line.partition(":")
        assert path.startswith(("data/", "datapackage.json", "schema/")), line
        assert rest.split(":", 1)[0].isdigit(), f"no line number: {line}"
    assert out["db_unchanged"], "the previous ai_energy.db was changed"


if __name__ == "__main__":  # print the outcome of each case, for writing or updating the corpus
    wanted = sys.argv[1:]
    baseline_dir = Path(tempfile.mkdtemp())
    (baseline_dir / "base").mkdir()
    base = copy_project(baseline_dir / "base")
    assert run_build(base).returncode == 0
    baseline = base / "ai_energy.db"
    for case in CASES:
        if wanted and case["id"] not in wanted:
            continue
        out = run_case(case, baseline, baseline_dir, process=True)
        print(f"## {case['id']}: exit {out['returncode']}, db unchanged {out['db_unchanged']}, leftovers {out['leftovers']}")
        print(out["stderr"] or out["stdout"])
    shutil.rmtree(baseline_dir)
