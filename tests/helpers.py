"""Shared test helpers: a private copy of the project to break, build.py run on it (in this process, or as a real
process of its own), and serve.py run as a real server (in its own process group, stopped with all its workers
whatever happens), with the JSON a client reads from it and the walk through its pages.

For a new test file: the session fixtures of tests/conftest.py give the built database (`built_db`, `db`), Datasette
in-process (`ds`) and serve.py running on it (`datasette_url`); `serving(db)` runs another one; `run_group()` runs any
other command that may start servers of its own (a benchmark), killing its whole process group on timeout.
"""
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["build.py", "shared_sql.py", "review.py", "datapackage.json", "data", "schema", "derive", "site"]


def _sql_json():
    """The database's SQL endpoint as JSON: 0.65's /ai_energy.json?sql=, which 1.0 answers with a redirect to its
    /ai_energy/-/query.json?sql= (datasette_api.py tells the versions apart)."""
    from datasette.app import Datasette

    from datasette_api import is_0_65
    return "/ai_energy.json" if is_0_65(Datasette) else "/ai_energy/-/query.json"


SQL_JSON = _sql_json()


def copy_project(dest):
    """A copy of everything build.py reads, to edit without touching the repository."""
    dest = Path(dest)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def add_relation(root, stage, name, sql, declaration="depends: []\n"):
    """A derived relation in a project copy: derive/STAGE/NAME.sql and its declaration NAME.yml, all a newcomer writes."""
    folder = Path(root) / "derive" / stage
    (folder / f"{name}.sql").write_text(sql, encoding="utf-8")
    (folder / f"{name}.yml").write_text(declaration, encoding="utf-8")


def run_build(root, *args, env=None, process=False):
    """build.py on the project at root, with ARGS: in this process, as build.main, the imports paid once per worker
    (relative paths read from root, as from a process started there); or, with process=True or an environment of its
    own, as `python build.py` in a process of its own. Either way a CompletedProcess with text stdout and stderr."""
    command = [sys.executable, str(Path(root) / "build.py"), *args]
    if process or env is not None:
        return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=300)
    if "--db" not in args:  # build.py's default is the ai_energy.db beside the build.py that runs, not beside root
        args = (*args, "--db", str(Path(root) / "ai_energy.db"))
    with contextlib.chdir(root):
        code, stdout, stderr = build_in_process(root, list(args))
    return subprocess.CompletedProcess(command, code, stdout, stderr)


def build_in_process(root, args, env=None):
    """build.main(args) on the project at root, in this process, with `env` (if given) as the environment: (exit
    status, stdout, stderr). An exception that escapes it is printed as its traceback, which tests refuse, as from a
    process."""
    import io
    import traceback
    import build

    stdout, stderr = io.StringIO(), io.StringIO()
    with _environment(env), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = build.main(args, root=Path(root))
        except SystemExit as e:  # sys.exit("message") or argparse, as a process: the message on stderr, status 1
            code = e.code if isinstance(e.code, int) or e.code is None else print(e.code, file=sys.stderr) or 1
        except Exception:
            traceback.print_exc()
            code = 1
    return code or 0, stdout.getvalue(), stderr.getvalue()


@contextlib.contextmanager
def _environment(env):
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def edit_csv(root, name, old, new, count=1):
    """Replace text in data/NAME.csv; fail loudly when the text to replace is not there."""
    path = Path(root) / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def build_copy(tmp_path, edit):
    """A copy of the project, edited by edit(root), built; its database open."""
    root = copy_project(tmp_path)
    edit(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return sqlite3.connect(root / "ai_energy.db")


def pin_snapshot(root, name):
    """Record the current sha256 and size of resource NAME's file in the copy's snapshot.json, as a contributor
    does after replacing an upstream snapshot."""
    from schema.package import load
    from schema.snapshots import record
    record(root, load(root).resource(name).path)


def upstream_rows(path):
    """{line the row starts on: {column: cell}} of an upstream CSV snapshot, read straight from the file (the
    upstream_line of each row in the database)."""
    import csv
    with open(ROOT / path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        out, line = {}, 2
        for row in reader:
            out[line] = row
            line = reader.line_num + 1
    return out


# --- processes and servers -----------------------------------------------------------------------------------------

def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc, grace=10):
    """Stop a process started with start_new_session=True and everything it started (uvicorn's workers): SIGTERM to
    its process group, then SIGKILL to whatever is left of the group after `grace` seconds or once the leader is gone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            continue
        grace = 0  # the leader has ended: no more waiting, just make sure no worker outlives it
    if proc.poll() is None:
        proc.wait()


def run_group(args, timeout=300, **kwargs):
    """subprocess.run in a process group of its own, killed as a whole (servers it started included) on timeout, on
    failure to finish, or on any exception; text output captured."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            **kwargs)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    finally:
        stop_group(proc, grace=5)
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr)


@contextlib.contextmanager
def serving(db, *args, timeout=60, log=None):
    """Run `serve.py --db DB [ARGS]` on a free 127.0.0.1 port, in its own process group; yield its base URL once it
    answers; stop the whole group on the way out, also on failure. Its output goes to `log` (a binary file) if given."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as own_log:
        out = log or own_log
        proc = subprocess.Popen([sys.executable, str(ROOT / "serve.py"), "--db", str(db), "--port", str(port), *args],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT if log is None else out,
                                start_new_session=True)
        try:
            wait_until_answering(proc, base, timeout, out)
            yield base
        finally:
            stop_group(proc)


def wait_until_answering(proc, base, timeout, log):
    """Poll GET /-/versions.json until it answers 200; waiting between tries is waiting for the process to exit, so a
    server that dies is reported at once, with its log."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5) as r:
                if r.status == 200:
                    return warm_up(base)
        except OSError:
            pass
        try:
            proc.wait(0.1)
        except subprocess.TimeoutExpired:
            if time.monotonic() < deadline:
                continue
        log.seek(0)
        raise RuntimeError(f"serve.py did not answer on {base}:\n{log.read().decode(errors='replace')[-3000:]}")


def warm_up(base):
    """Request the home page, the first database's page and its first table's page once, whatever they answer: their
    templates compiled and the database's pages in the OS cache, so that a test's first page on a busy machine is not
    the one that pays for them (and runs out of the server's time budget)."""
    for path in ("/", "/.json"):
        try:
            with urllib.request.urlopen(f"{base}{path}", timeout=30) as r:
                index = r.read()
        except OSError:
            return
    index = json.loads(index)
    databases = index.get("databases", index)  # 0.65: {name: database}; 1.0: {"databases": [database, ...]}
    databases = {d["name"]: d for d in databases} if isinstance(databases, list) else databases
    database = next(iter(databases), None)
    tables = database and databases[database].get("tables_and_views_truncated") or []
    for path in [f"/{database}"] * bool(database) + [f"/{database}/{t['name']}" for t in tables[:1]]:
        try:
            status(f"{base}{path}")
        except OSError:
            return


def status(url):
    """The HTTP status of GET url."""
    return answer(url)[0]


def answer(url):
    """(status, body as text) of GET url, an error's included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def fetch_json(base, path, **params):
    """GET base + path (with params as its query string) as JSON; anything but 200 fails with the body."""
    import urllib.parse
    url = f"{base}{path}" + (("&" if "?" in path else "?") + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raise AssertionError(f"{url}: HTTP {e.code}: {e.read()[:500]!r}") from None


# --- paging ---------------------------------------------------------------------------------------------------------

PAGE = 5  # rows per page of a walk: small, so that a relation of a few dozen rows already takes several pages


def walk_pages(base, relation, database="ai_energy", size=PAGE):
    """Follow `next` from the first page of `relation` (its default order, JSON as a client reads it) to the last:
    (every row returned, as JSON text, and the number of pages)."""
    seen, pages, path = [], 0, f"/{database}/{relation}.json?_size={size}&_shape=objects"
    while path:
        data = fetch_json(base, path)
        seen += [json.dumps(row, sort_keys=True) for row in data["rows"]]
        pages += 1
        assert pages < 100_000, path
        path = data["next_url"] and "/" + data["next_url"].split("/", 3)[3]  # next_url is absolute
    return seen, pages


def key_shape(conn, relation, sort=None):
    """How Datasette pages a relation: a view (by offset), a table by rowid, by its one key column (of its type: text
    and integer keys are compared differently in `next`) or by several (with or without an integer among them); and,
    where metadata.yml gives it a default sort, by that column first."""
    kind, = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", (relation,)).fetchone()
    if kind == "view":
        shape = "view"
    else:
        types = [ctype.upper() or "ANY" for _, _, ctype, _, _, pk in
                 sorted(conn.execute(f'PRAGMA table_info("{relation}")'), key=lambda c: c[5]) if pk]
        if not types:
            shape = "rowid"
        elif len(types) == 1:
            shape = f"single {types[0]} key"
        else:
            shape = "compound key" + (" with an INTEGER" if "INTEGER" in types else " of TEXT")
    return shape + (" sorted by a column" if sort else "")


def default_sorts(database="ai_energy"):
    """{relation: its default sort column} as the generated metadata configures the served site."""
    from schema.metadata import generate
    tables = generate()["databases"][database].get("tables", {})
    return {name: conf.get("sort") or conf.get("sort_desc") for name, conf in tables.items()
            if conf.get("sort") or conf.get("sort_desc")}


def one_relation_per_key_shape(conn, size=PAGE):
    """{shape: relation}: for each way of paging that the database's relations use, its smallest relation that still
    takes more than one page (the smallest of all, if none does), so that a walk of these covers every shape cheaply."""
    sorts, best = default_sorts(), {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        (count,), = conn.execute(f'SELECT count(*) FROM "{name}"')
        shape = key_shape(conn, name, sorts.get(name))
        rank = (count <= size, count)  # several pages first, then the fewest rows
        if shape not in best or rank < best[shape][0]:
            best[shape] = (rank, name)
    return {shape: name for shape, (_, name) in sorted(best.items())}
