"""A build that cannot be damaged: killed with SIGKILL at any stage, the previous ai_energy.db is intact, and the next
build leaves no temporary file behind; two builds of the same data are the same bytes.

To kill the build at a known stage without guessing at timings, build.py runs under a small driver that wraps one of
its steps: the step runs, the driver prints a marker and sleeps, and the test kills the process when it reads the
marker. The build itself is unchanged.
"""
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest

from tests.helpers import copy_project, run_build

DRIVER = textwrap.dedent('''
    import importlib.util, os, sys, time
    stage = sys.argv[1]
    spec = importlib.util.spec_from_file_location("build", os.path.join(os.getcwd(), "build.py"))
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)

    def pause_after(function):
        def paused(*args, **kwargs):
            result = function(*args, **kwargs)
            print("STAGE-DONE", flush=True)
            time.sleep(120)
            return result
        return paused

    def pause_before(function):
        def paused(*args, **kwargs):
            print("STAGE-DONE", flush=True)
            time.sleep(120)
            return function(*args, **kwargs)
        return paused

    if stage == "validating":
        import schema.validate
        schema.validate.validate = pause_after(schema.validate.validate)
    elif stage == "deriving":
        build.derive = pause_after(build.derive)
    elif stage == "swapping":  # the new database is written to its temporary file, not yet renamed
        os.replace = pause_before(os.replace)
    sys.exit(build.main([]))
''')


@pytest.fixture
def project(built_db, tmp_path):
    """A copy of the project with a database already built (the one every other test uses)."""
    root = copy_project(tmp_path)
    (root / "ai_energy.db").write_bytes(built_db.read_bytes())
    (root / "driver.py").write_text(DRIVER, encoding="utf-8")
    return root


def kill_at(root, stage):
    proc = subprocess.Popen([sys.executable, "driver.py", stage], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    watchdog = threading.Timer(120, proc.kill)  # a build that never reaches the stage fails the test, not hangs it
    watchdog.start()
    try:
        marker = proc.stdout.readline()  # blocks until the stage is done (or the build ends)
        assert marker.strip() == "STAGE-DONE", (marker, proc.stderr.read() if proc.poll() is not None else "")
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def _temporaries(root):
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".ai_energy.db.") or p.name.endswith(".tmp"))


@pytest.mark.parametrize("stage", ["validating", "deriving"])
def test_a_build_killed_part_way_leaves_the_old_database_intact_and_nothing_else(project, stage):
    before = (project / "ai_energy.db").read_bytes()
    kill_at(project, stage)
    assert (project / "ai_energy.db").read_bytes() == before
    assert _temporaries(project) == []  # the new database only ever existed in memory


def test_a_build_killed_before_its_rename_is_cleaned_up_by_the_next_which_gives_the_same_bytes(project):
    before = (project / "ai_energy.db").read_bytes()
    kill_at(project, "swapping")  # its temporary file is complete, the rename has not happened
    assert (project / "ai_energy.db").read_bytes() == before
    left = _temporaries(project)  # the database's and, written with it, its metadata's
    assert [name.split(".")[1] for name in left] == ["ai_energy", "ai_energy"] and len({n.split(".")[2] for n in left}) == 2
    live = project / f".ai_energy.db.{os.getpid()}.tmp"  # as if a concurrent build were writing it now
    live.write_bytes(b"in progress")

    result = run_build(project, env=dict(os.environ, PYTHONHASHSEED="12345"))  # whatever the hash seed
    assert result.returncode == 0, result.stderr
    assert _temporaries(project) == [live.name]  # the killed build's file is gone, the live one's is not
    assert (project / "ai_energy.db").read_bytes() == before  # same data, same bytes
