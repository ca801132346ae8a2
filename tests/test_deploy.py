"""The replicated deployment (deploy/run_local.py, deploy/nginx.conf), brought up on loopback: two serve.py replicas
behind nginx. A repeat read is a cache hit; a client past its rate is answered 429 while another is not; a replica
killed mid-load fails no reader's request (proxy_next_upstream retries the ones it was answering). Every process the
stack starts is stopped, whole process groups, also when a test fails. Client addresses are distinct loopback
addresses (127.0.0.x), so that each is a client of its own to nginx's per-address limits. Without nginx the tests
skip, with the reason; in CI (CI=true) they fail instead."""
import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "deploy"))
import run_local  # noqa: E402

httpx = pytest.importorskip("httpx")
NO_NGINX = "nginx is not installed (Debian: apt-get install nginx-light; .ci/run does)"
RATE = 100  # requests a second per client address, as the stack is started here; burst as many
READERS = 4
PAGE = "/ai_energy/gpu_specs.json?_shape=array"


@pytest.fixture(scope="module")
def stack(built_db, tmp_path_factory):
    if run_local.nginx_binary() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the deployment test must run in CI (CI=true), but cannot: {NO_NGINX}")
        pytest.skip(f"{NO_NGINX} (in CI, CI=true, this is a failure)")
    dist = tmp_path_factory.mktemp("dist")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "run_local.py"), "--port", "0", "--replicas", "2", "--workers", "1",
         "--rate", str(RATE), "--burst", str(RATE), "--conns", "64", "--db", str(built_db), "--dist", str(dist)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    ready = {}
    try:
        line = process.stdout.readline()  # run_local gives up by itself after its start-up timeout
        assert line.startswith("ready "), f"the stack did not start: {line}{process.stderr.read()[-3000:]}"
        ready = json.loads(line[len("ready "):])
        yield ready
    finally:
        _signal(process.pid, signal.SIGTERM)  # run_local stops every group it started
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        for pgid in [process.pid, ready.get("proxy_pgid"), *(r["pgid"] for r in ready.get("replicas", []))]:
            if pgid:
                _signal(pgid, signal.SIGKILL)
        process.wait()


def _signal(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def client(stack, address):
    return httpx.Client(base_url=stack["url"], timeout=15,
                        transport=httpx.HTTPTransport(local_address=address))


def test_a_repeat_read_is_a_cache_hit(stack):
    with client(stack, "127.0.0.2") as c:
        first = c.get(PAGE + "&_case=hit")
        second = c.get(PAGE + "&_case=hit")
    assert first.status_code == second.status_code == 200
    assert first.headers["x-cache-status"] == "MISS" and second.headers["x-cache-status"] == "HIT"
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert second.headers["access-control-allow-origin"] == "*"


def test_a_client_past_its_rate_is_answered_429_and_another_is_not(stack):
    statuses = []

    def hammer():
        with client(stack, "127.0.0.3") as c:
            # 1,200 in all: past RATE + BURST on any machine that serves more than RATE a second
            statuses.extend(c.get(PAGE + "&_case=rate").status_code for _ in range(150))

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(statuses) == {200, 429}, sorted(set(statuses))
    assert statuses.count(200) >= RATE  # its burst was served
    with client(stack, "127.0.0.4") as other:
        assert other.get(PAGE + "&_case=rate").status_code == 200


def test_a_replica_killed_mid_load_fails_no_reader(stack):
    """READERS clients read pages nobody has cached (a query string of their own: each goes to a replica) while one
    replica's whole process group is killed. A request the replica had not begun to answer is retried on the other
    (proxy_next_upstream): no reader sees an error status. A response it was part way through sending when it died
    cannot be retried (its status and headers have reached the reader), and nginx cuts it: the reader is told the body
    is incomplete (no final chunk), never handed a short body as whole. At most one such per reader: the request it had
    in flight at the kill."""
    done, failures, cut, lock = [], [], [], threading.Lock()
    warm, after_kill, stop = threading.Event(), threading.Event(), threading.Event()
    killed_at = []

    def read(n):
        with client(stack, f"127.0.0.{10 + n}") as c:
            i = 0
            while not stop.is_set():
                i += 1
                was_cut = False
                try:
                    r = c.get(f"{PAGE}&_reader={n}&_i={i}")
                    ok = r.status_code == 200 and r.headers.get("x-cache-status") == "MISS"
                    outcome = None if ok else f"{r.status_code} {r.headers.get('x-cache-status')} {r.text[:200]}"
                except httpx.HTTPError as e:
                    outcome = repr(e)
                    was_cut = isinstance(e, httpx.RemoteProtocolError) and "incomplete" in str(e)
                with lock:
                    done.append(i)
                    if was_cut and killed_at:
                        cut.append(n)
                    elif outcome:
                        failures.append(outcome)
                    if len(done) >= 20:
                        warm.set()
                    if killed_at and len(done) >= killed_at[0] + 40:
                        after_kill.set()

    readers = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    for t in readers:
        t.start()
    try:
        assert warm.wait(60), "the readers made no progress"
        victim = stack["replicas"][0]
        with lock:
            killed_at.append(len(done))
        os.killpg(victim["pgid"], signal.SIGKILL)
        assert after_kill.wait(60), f"the readers stalled after the kill ({len(done)} requests, {failures[:3]})"
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert not run_local.answers(victim["port"]), "the killed replica still answers"
    assert not failures, f"{len(failures)} of {len(done)} reader requests failed: {failures[:5]}"
    assert len(cut) == len(set(cut)), f"a reader had more than its in-flight response cut by the kill: readers {cut}"
