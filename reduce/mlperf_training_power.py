#!/usr/bin/env python3
"""Reduce MLPerf Training power logs to one row per power file (node or switch) of every run, with its energy.

    python reduce/mlperf_training_power.py ROUND=GIT_DIR@COMMIT [ROUND=GIT_DIR@COMMIT ...] > training_power_files.csv
    python reduce/mlperf_training_power.py --tree ROUND=DIRECTORY ...     (an unpacked copy, e.g. the test fixtures)

Run by hand on fetched copies of mlcommons/training_results_<round> (see CONTRIBUTING.md, "MLPerf Training power"):
the logs are some 200 MB, too many to vendor. The output is the snapshot data/upstream/mlcommons/<date>/
training_power_files.csv; its resource in datapackage.json records the commits, this script's version and the hash.

A run is `<submitter>/results/<system>/<benchmark>/result_<n>.txt` with power logs in `.../power/result_<n>/node_<k>.txt`
(one per node) and `sw_<k>.txt` (one per switch). The energy follows MLCommons' result summarizer
(mlcommons/logging, mlperf_logging/result_summarizer/result_summarizer.py):
- time to train = run_stop − run_start of the result file, in ms;
- a node file: Σ power_reading × (its time − the previous reading's, or power_measurement_start's), in W·ms, from
  power_measurement_start on, then scaled to the time to train: conversion_eff × Σ × time_to_train / window / 1000 J.
  The window ends at power_measurement_stop; METHODS says, per round, how the summarizer of that round finds it;
- a switch file: conversion_eff × interconnect_power_est (W) × time_to_train / 1000 J.
The rules' mean over runs (olympic: drop the fastest and slowest, × scaling.json's factor) is derived in SQL.
"""
import argparse
import csv
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

VERSION = "1.0.0"
SUMMARIZER = "https://github.com/mlcommons/logging/blob/{commit}/mlperf_logging/result_summarizer/result_summarizer.py"
# The summarizer a round's results were scored with: v4.0 (June 2024) by the code of a9f4839 (2024-05-30): readings in
# file order until power_measurement_stop, and the window's end is max(power_measurement_stop, the last reading), which
# is how it reads logs whose stop line repeats the start's time (Sustainable Metal Cloud's v4.0 logs). From c401ff0
# (2024-09-19, "Compute power only in start - stop window") on, lines are sorted by time and only readings up to
# power_measurement_stop count, whose time ends the window (the last reading's where there is no stop line).
METHODS = {
    "v4.0": "a9f4839db6fb18e8ad9e1f3584a7c2891a845f77",
    "v5.0": "c401ff01bc14e1c36d496445c279f81e4c2ff685",
}
LINE = re.compile(r":::MLLOG (\{.*\})\s*$")
RESULT = re.compile(r"^(?P<submitter>[^/]+)/results/(?P<system>[^/]+)/(?P<benchmark>[^/]+)/(?P<result>result_[^/]+)\.txt$")
POWER = re.compile(r"^(?P<folder>[^/]+/results/[^/]+/[^/]+)/power/(?P<result>result_[^/]+)/(?P<kind>node|sw)_(?P<k>\d+)\.txt$")
COLUMNS = ["round", "submitter", "system", "benchmark", "result", "file_kind", "file_name", "run_status",
           "time_to_train_ms", "energy_j", "mean_power_w", "conversion_eff", "measurement_type",
           "interconnect_power_est_w", "power_reading_count", "power_measurement_start_ms", "power_measurement_stop_ms",
           "last_power_reading_ms", "window_ms", "reading_integral_w_ms", "run_start_ms", "run_stop_ms",
           "train_samples", "global_batch_size", "max_sequence_length",
           "number_of_nodes", "accelerators_per_node", "accelerator_model_name", "system_name", "scaling_factor",
           "summarizer_commit", "power_file_path", "power_file_sha256", "result_file_path", "result_file_sha256",
           "repository", "commit", "script_version"]


class Tree:
    """Files of one round: a git directory at a commit, or a plain directory."""

    def __init__(self, spec, plain):
        self.round, _, where = spec.partition("=")
        if plain:
            self.root, self.commit = Path(where), ""
        else:
            self.git_dir, _, self.commit = where.partition("@")
            self.root = None

    def paths(self):
        if self.root:
            return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())
        out = subprocess.run(["git", "--git-dir", self.git_dir, "ls-tree", "-r", "--name-only", self.commit],
                             capture_output=True, text=True, check=True).stdout
        return out.splitlines()

    def read(self, path):
        if self.root:
            return (self.root / path).read_bytes()
        return subprocess.run(["git", "--git-dir", self.git_dir, "show", f"{self.commit}:{path}"],
                              capture_output=True, check=True).stdout


def events(data):
    """The MLLOG events of a log, in file order: (time_ms, key, value, metadata)."""
    out = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        m = LINE.search(line)
        if m:
            e = json.loads(m.group(1))
            out.append((e["time_ms"], e["key"], e.get("value"), e.get("metadata") or {}))
    return out


def run_facts(log):
    """run_start, run_stop, its status, and what the run logs of its size: the last train_samples (as the benchmark
    counts it: samples, or tokens for gpt3), global_batch_size, max_sequence_length."""
    start = next((t for t, k, _, _ in log if k == "run_start"), None)
    stop = next(((t, m.get("status")) for t, k, _, m in log if k == "run_stop"), (None, None))
    logged = {k: v for _, k, v, _ in log if k in ("train_samples", "global_batch_size", "max_sequence_length")}
    return (start, stop[0], stop[1], logged.get("train_samples"), logged.get("global_batch_size"),
            logged.get("max_sequence_length"))


def node_energy(log, time_to_train_ms, summarizer_commit):
    """The summarizer's energy of one node file, in J, and the figures it is made of."""
    conversion, measurement_type = 1.0, None
    for _, k, v, m in log:
        if k == "conversion_eff":
            conversion, measurement_type = float(v), m.get("measurement_type")
    start = next((t for t, k, _, _ in log if k == "power_measurement_start"), None)
    stop = next((t for t, k, _, _ in log if k == "power_measurement_stop"), None)
    if start is None:
        raise ValueError("no power_measurement_start")
    ordered = log if summarizer_commit == METHODS["v4.0"] else sorted(log, key=lambda e: e[0])
    integral, previous, last, count, started, stopped = 0.0, start, None, 0, False, False
    for t, k, v, _ in ordered:
        if k == "power_measurement_start":
            started, previous = True, t
        elif k == "power_measurement_stop":
            if summarizer_commit == METHODS["v4.0"]:
                break
            stopped = True
        elif k == "power_reading" and started and not stopped:
            integral += float(v) * (t - previous)
            previous, last, count = t, t if last is None else max(last, t), count + 1
    if summarizer_commit == METHODS["v4.0"]:
        end = max(stop or 0, last or 0)
    else:
        end = stop if stop is not None else last
    window = end - start
    energy = conversion * integral * time_to_train_ms / window / 1000 if time_to_train_ms is not None else None
    return {"energy_j": energy, "mean_power_w": integral / window, "conversion_eff": conversion,
            "measurement_type": measurement_type, "power_reading_count": count, "power_measurement_start_ms": start,
            "power_measurement_stop_ms": stop, "last_power_reading_ms": last, "window_ms": window,
            "reading_integral_w_ms": integral}


def switch_energy(log, time_to_train_ms):
    conversion, power = 1.0, 0.0
    for _, k, v, _ in log:
        if k == "conversion_eff":
            conversion = float(v)
        if k == "interconnect_power_est":
            power = float(v)
            break
    return {"energy_j": conversion * power * time_to_train_ms / 1000 if time_to_train_ms is not None else None,
            "conversion_eff": conversion, "interconnect_power_est_w": power}


def reduce_tree(tree, repository):
    paths = tree.paths()
    listed = set(paths)
    summarizer = METHODS[tree.round]
    runs = {}  # result file -> (its bytes' sha256, run_facts): read once per run, not per power file
    for path in paths:
        m = POWER.match(path)
        if not m:
            continue
        folder, result = m.group("folder"), m.group("result")
        result_path = f"{folder}/{result}.txt"
        if result_path not in listed:
            sys.exit(f"{path}: no result file {result_path} for this power log")
        submitter, system, benchmark = folder.split("/")[0], folder.split("/")[2], folder.split("/")[3]
        if result_path not in runs:
            result_data = tree.read(result_path)
            runs[result_path] = (hashlib.sha256(result_data).hexdigest(), *run_facts(events(result_data)))
        result_sha256, start, stop, status, samples, batch, sequence = runs[result_path]
        data = tree.read(path)
        ttt = stop - start if start is not None and stop is not None else None
        desc_path = f"{submitter}/systems/{system}.json"
        desc = json.loads(tree.read(desc_path)) if desc_path in listed else {}
        scaling_path = f"{folder}/scaling.json"
        scaling = json.loads(tree.read(scaling_path))["scaling_factor"] if scaling_path in listed else 1.0
        kind = "node" if m.group("kind") == "node" else "switch"
        figures = node_energy(events(data), ttt, summarizer) if kind == "node" else switch_energy(events(data), ttt)
        yield {"round": tree.round, "submitter": submitter, "system": system, "benchmark": benchmark, "result": result,
               "file_kind": kind, "file_name": path.rsplit("/", 1)[1], "run_status": status, "time_to_train_ms": ttt,
               **figures, "run_start_ms": start, "run_stop_ms": stop, "train_samples": samples,
               "global_batch_size": batch, "max_sequence_length": sequence,
               "number_of_nodes": desc.get("number_of_nodes"), "accelerators_per_node": desc.get("accelerators_per_node"),
               "accelerator_model_name": desc.get("accelerator_model_name"), "system_name": desc.get("system_name"),
               "scaling_factor": scaling, "summarizer_commit": summarizer,
               "power_file_path": path, "power_file_sha256": hashlib.sha256(data).hexdigest(),
               "result_file_path": result_path, "result_file_sha256": result_sha256,
               "repository": repository.format(round=tree.round), "commit": tree.commit, "script_version": VERSION}


def key(row):
    """Runs in a stable order: submitter, system, benchmark, result, nodes by number, then switches."""
    n = int(re.search(r"(\d+)", row["file_name"]).group(1))
    return (row["round"], row["submitter"], row["system"], row["benchmark"], row["result"], row["file_kind"], n)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("rounds", nargs="+", metavar="ROUND=GIT_DIR@COMMIT", help=f"round ({', '.join(METHODS)}) and its copy")
    p.add_argument("--tree", action="store_true", help="each copy is a plain directory, not GIT_DIR@COMMIT")
    p.add_argument("--repository", default="https://github.com/mlcommons/training_results_{round}")
    args = p.parse_args(argv)
    rows = []
    for spec in args.rounds:
        tree = Tree(spec, args.tree)
        if tree.round not in METHODS:
            p.error(f"{spec}: round must be one of {', '.join(METHODS)}")
        rows += reduce_tree(tree, args.repository)
    writer = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=key):
        writer.writerow({k: ("" if v is None else repr(v) if isinstance(v, float) else v) for k, v in row.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
