#!/usr/bin/env python3
"""Run a project's build.py as `python build.py --db DB` does, in this process, timing its phases.

    python bench/phases.py PROJECT_DIR DB      prints one JSON object: seconds per phase

Phases: imports (the validation package with pandas and pandera), validate (every CSV and the rules across tables),
load (into SQLite), derive (derive/ and the check of every published value), swap (serialise, write, rename).
The wrappers only time build.py's own functions; build.main() runs unchanged.
"""
import json
import os
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(ROOT))
seconds = {}


def timed(module, name, phase):
    fn = getattr(module, name, None)
    if fn is None:
        return

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            seconds[phase] = seconds.get(phase, 0.0) + time.perf_counter() - start
    setattr(module, name, wrapper)


import build  # noqa: E402  (the project's build.py)

start = time.perf_counter()
import schema.problems  # noqa: E402,F401
import schema.validate  # noqa: E402

seconds["imports"] = time.perf_counter() - start
timed(schema.validate, "validate", "validate")
timed(build, "load", "load")
for name in ("printed_half_units", "derive", "check_published_values"):
    timed(build, name, "derive")
timed(build, "swap_in", "swap")
rc = build.main(["--db", sys.argv[2]])
seconds["in_process"] = time.perf_counter() - T0
print(json.dumps({"rc": rc, "seconds": seconds}))
sys.stdout.flush()
sys.stderr.flush()
os._exit(rc)  # as build.py ends
