#!/usr/bin/env python3
"""Start the whole serving stack on loopback: REPLICAS serve.py processes and nginx in front of them
(deploy/nginx.conf: cache, per-client limits, failover), until Ctrl-C or SIGTERM.

    python deploy/run_local.py [--port 8080] [--replicas 2] [--workers 1] [--rate 20] [--burst 40] [--conns 32]
                               [--no-cache] [--db ai_energy.db] [--dist dist]

When every part answers it prints one line, `ready {...}` (JSON: the proxy's URL, each replica's port and process
group, nginx's prefix), and then only errors. Each process it starts runs in a process group of its own, and every
group is stopped when it ends, also on an error; nginx's files (configuration, cache, logs) live in a temporary
folder removed at the end. Only 127.0.0.1 is listened on.
"""
import argparse
import grp
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
HOST = "127.0.0.1"
START_TIMEOUT_S = 60


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def nginx_binary():
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def config(prefix, port, replica_ports, a):
    """deploy/nginx.conf with its @NAME@ fields filled in."""
    user = ""
    if os.geteuid() == 0:  # nginx's workers drop root for nobody; the files they read are world-readable
        group = "nogroup" if "nogroup" in {g.gr_name for g in grp.getgrall()} else ""
        user = f"user nobody {group};".replace(" ;", ";")
    fields = {"USER": user, "PREFIX": str(prefix), "ACCESS_LOG": a.access_log or "off", "RATE": str(a.rate),
              "BURST": str(a.burst), "CONNS": str(a.conns), "LISTEN": f"{HOST}:{port}",
              "SERVERS": "\n".join(f"        server {HOST}:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports),
              "CACHE": "off" if a.no_cache else "pages", "DIST": str(Path(a.dist).resolve())}
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace(f"@{name}@", value)
    return text


def answers(port, path="/-/versions.json"):
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        conn.request("GET", path)
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def wait_until_answers(name, port, process, log):
    deadline = time.monotonic() + START_TIMEOUT_S
    while not answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            tail = Path(log).read_text(encoding="utf-8", errors="replace")[-2000:] if Path(log).exists() else ""
            raise SystemExit(f"run_local: {name} did not start on port {port}:\n{tail}")
        time.sleep(0.1)


def start(args, log):
    with open(log, "ab") as out:
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=ROOT)


def stop(processes):
    """SIGTERM to every process group, SIGKILL to those still there after a few seconds."""
    for p in processes:
        _signal_group(p, signal.SIGTERM)
    deadline = time.monotonic() + 5
    for p in processes:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        _signal_group(p, signal.SIGKILL)  # the group's other processes (uvicorn's workers) too
        p.wait()


def _signal_group(process, sig):
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8080, help="the proxy's port (0: any free one)")
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--workers", type=int, default=1, help="worker processes per replica")
    p.add_argument("--rate", type=int, default=20, help="requests a second per client address")
    p.add_argument("--burst", type=int, default=40, help="requests a client may send beyond its rate at once")
    p.add_argument("--conns", type=int, default=32, help="open connections per client address (at most 65535)")
    p.add_argument("--no-cache", action="store_true", help="proxy without caching (to measure the replicas)")
    p.add_argument("--db", default=str(ROOT / "ai_energy.db"))
    p.add_argument("--dist", default=str(ROOT / "dist"), help="release files served under /-/release/")
    p.add_argument("--access-log", help="nginx's access log (default: none)")
    a = p.parse_args(argv)
    nginx = nginx_binary()
    if not nginx:
        raise SystemExit("run_local: nginx is not installed (Debian: apt-get install nginx-light)")
    if not Path(a.db).is_file():
        raise SystemExit(f"run_local: {a.db} does not exist; build it with `python build.py`")

    prefix = Path(tempfile.mkdtemp(prefix="ai-energy-deploy-"))
    prefix.chmod(0o755)
    processes = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        replica_ports = [free_port() for _ in range(a.replicas)]
        replicas = []
        for port in replica_ports:
            log = prefix / f"replica-{port}.log"
            process = start([sys.executable, str(ROOT / "serve.py"), "--port", str(port), "--workers", str(a.workers),
                             "--db", a.db], log)
            processes.append(process)
            replicas.append((port, process, log))
        for port, process, log in replicas:
            wait_until_answers(f"the replica {log.stem}", port, process, log)
        port = a.port or free_port()
        (prefix / "nginx.conf").write_text(config(prefix, port, replica_ports, a), encoding="utf-8")
        proxy = start([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")],
                      prefix / "nginx.log")
        processes.append(proxy)
        wait_until_answers("nginx", port, proxy, prefix / "error.log")
        print("ready " + json.dumps({"url": f"http://{HOST}:{port}", "proxy_pgid": proxy.pid, "prefix": str(prefix),
                                     "replicas": [{"port": rp, "pgid": pr.pid} for rp, pr, _ in replicas]}), flush=True)
        while proxy.poll() is None:
            time.sleep(0.5)
        raise SystemExit(f"run_local: nginx stopped:\n{(prefix / 'error.log').read_text(errors='replace')[-2000:]}")
    except KeyboardInterrupt:
        pass
    finally:
        stop(processes)
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    main()
