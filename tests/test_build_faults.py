"""The build's I/O faults: a full disk, a read-only or missing directory, an unreadable CSV. Each is one line on
stderr, exit 1, no traceback, the previous database byte-identical and no temporary file left; and a build removes the
temporary files of builds that died, only those."""
import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from tests.helpers import copy_project, run_build


@pytest.fixture
def project(built_db, tmp_path):
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project")
    shutil.copy2(built_db, root / "ai_energy.db")
    return root


def _leftovers(directory):
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp") or "-journal" in p.name)


def _fails_cleanly(result, line):
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.splitlines() == [line], result.stderr
    assert "Traceback" not in result.stderr


def _small_disk(limit_bytes):
    """A child whose files cannot grow past limit_bytes, as on a full disk: SIGXFSZ ignored, so a write past the limit
    fails with EFBIG instead of killing the process."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return limit


def test_a_full_disk_is_one_line_and_leaves_the_previous_database_and_no_temporary_file(project):
    before = (project / "ai_energy.db").read_bytes()
    assert len(before) > 200_000
    result = subprocess.run([sys.executable, "build.py"], cwd=project, capture_output=True, text=True, timeout=300,
                            preexec_fn=_small_disk(200_000))
    _fails_cleanly(result, "build.py: cannot write ai_energy.db: disk is full; the previous database is untouched")
    assert (project / "ai_energy.db").read_bytes() == before
    assert _leftovers(project) == []


def test_a_missing_directory_is_one_line(project):
    result = run_build(project, "--db", str(project / "no" / "such" / "a.db"))
    _fails_cleanly(result, f"build.py: cannot write a.db: directory {project / 'no' / 'such'} does not exist; "
                           "nothing was written")
    assert not (project / "no").exists()


def test_a_file_in_place_of_the_directory_is_one_line(project):
    (project / "dist").write_text("not a directory")
    result = run_build(project, "--db", str(project / "dist" / "a.db"))
    _fails_cleanly(result, f"build.py: cannot write a.db: {project / 'dist'} is not a directory; nothing was written")


def _minding_file_modes(command):
    """COMMAND as a process that file modes apply to: as root, without the capabilities that override them."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip("as root, file modes apply only without CAP_DAC_OVERRIDE, which needs setpriv(1) to drop")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]


def test_a_read_only_directory_is_one_line_and_leaves_the_previous_database(project):
    before = (project / "ai_energy.db").read_bytes()
    project.chmod(0o555)
    try:
        result = subprocess.run(_minding_file_modes([sys.executable, "build.py"]), cwd=project, capture_output=True,
                                text=True, timeout=300, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    finally:
        project.chmod(0o755)
    _fails_cleanly(result, f"build.py: cannot write ai_energy.db: {project} is not writable; "
                           "the previous database is untouched")
    assert (project / "ai_energy.db").read_bytes() == before
    assert _leftovers(project) == []


def test_an_unreadable_csv_is_a_problem_at_its_path(project):
    before = (project / "ai_energy.db").read_bytes()
    (project / "data" / "sources.csv").chmod(0)
    result = subprocess.run(_minding_file_modes([sys.executable, "build.py"]), cwd=project, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["data/sources.csv: cannot read the file: Permission denied",
                                          "1 problem; nothing was built."], result.stderr
    assert (project / "ai_energy.db").read_bytes() == before


def test_a_build_removes_only_its_own_pattern_of_dead_builds_temporary_files(project):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its pid is free now (reused within a test run is unlikely, and would only keep the file)
    stale = project / f".ai_energy.db.{dead.pid}.tmp"
    live = project / f".ai_energy.db.{os.getpid()}.tmp"
    notes = project / ".ai_energy.db.notes.tmp"
    other = project / f".other.db.{dead.pid}.tmp"
    for path in (stale, live, notes, other):
        path.write_bytes(b"x")
    result = run_build(project, process=True)  # a process of its own: this test's pid is the live build's
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert live.exists() and notes.exists() and other.exists()
