"""MLPerf Training power: the reduction script on real logs (tests/fixtures/mlperf_training_power, copied byte for byte
from mlcommons/training_results_v4.0 @ 6fe9543 and v5.0 @ 0fdc28f), energies worked by hand, and the results against
MLCommons' result summarizer's method (mlcommons/logging, mlperf_logging/result_summarizer/result_summarizer.py:
_compute_power_node, _compute_power_sw and _index_olympic_average, transcribed below from commits a9f4839 and
c401ff0)."""
import csv
import hashlib
import io
import json
import re
import subprocess
import sys

import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT

PACKAGE = load(ROOT)
FIXTURES = ROOT / "tests" / "fixtures" / "mlperf_training_power"
SCRIPT = ROOT / "reduce" / "mlperf_training_power.py"
B200_RUN = "Lenovo/results/SR780aV3-8xB200_SXM_180GB/llama2_70b_lora"
H100_RUN = "smc-ac-power/results/8xSMC-H100-SXM-80GB/resnet"
H100_RESULT = "result_4960-240510001147906047118_1"


def snapshot():
    with open(ROOT / PACKAGE.resource("mlperf_training_power").path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def reduced():
    out = subprocess.run([sys.executable, str(SCRIPT), "--tree", f"v4.0={FIXTURES / 'v4.0'}", f"v5.0={FIXTURES / 'v5.0'}"],
                         capture_output=True, text=True, check=True, timeout=120)
    return {(r["round"], r["power_file_path"]): r for r in csv.DictReader(io.StringIO(out.stdout))}


# MLCommons' summarizer, transcribed: a log line is (timestamp, key, value); readings in W, times in ms, energy in J

def lines(path):
    out = []
    for text in path.read_text(encoding="utf-8").splitlines():
        m = re.search(r":::MLLOG (\{.*\})", text)
        if m:
            e = json.loads(m.group(1))
            out.append((e["time_ms"], e["key"], e["value"]))
    return out


def node_energy_a9f4839(loglines, time_to_train):  # the v4.0 summarizer (2024-05-30)
    prev_timestamp = max_timestamp = power_start = power_stop = agg_power = 0
    conversion_eff = 1.0
    for timestamp, key, value in loglines:
        if key == "power_measurement_start":
            power_start = prev_timestamp = timestamp
        if key == "power_reading":
            agg_power += value * (timestamp - prev_timestamp)
            prev_timestamp = timestamp
            max_timestamp = max(max_timestamp, timestamp)
        if key == "power_measurement_stop":
            power_stop = timestamp
            break
        if key == "conversion_eff":
            conversion_eff = value
    power_stop = max(power_stop, max_timestamp)
    return conversion_eff * agg_power * time_to_train / (power_stop - power_start) / 1000


def node_energy_c401ff0(loglines, time_to_train):  # from 2024-09-19 on (v4.1, v5.0)
    prev_timestamp = last_timestamp = power_start = power_stop = agg_power = 0
    conversion_eff, stop_found, start_found = 1.0, False, False
    for timestamp, key, value in sorted(loglines, key=lambda x: x[0]):
        if key == "power_measurement_start":
            power_start = prev_timestamp = timestamp
            start_found = True
        if key == "power_reading" and not stop_found and start_found:
            agg_power += value * (timestamp - prev_timestamp)
            prev_timestamp = timestamp
            last_timestamp = max(last_timestamp, timestamp)
        if key == "power_measurement_stop":
            power_stop, stop_found = timestamp, True
        if key == "conversion_eff":
            conversion_eff = value
    if not stop_found:
        power_stop = last_timestamp
    return conversion_eff * agg_power * time_to_train / (power_stop - power_start) / 1000


def switch_energy(loglines, time_to_train):
    conversion_eff, agg_power = 1.0, 0
    for _, key, value in loglines:
        if key == "conversion_eff":
            conversion_eff = value
        if key == "interconnect_power_est":
            agg_power = value
            break
    return conversion_eff * agg_power * time_to_train / 1000


def olympic(runs, max_dropped=1, dropped=0):
    """_index_olympic_average: energies sorted by their runs' times; the fastest max_dropped and the slowest
    (max_dropped − dropped) left out."""
    ordered = [e for _, e in sorted(runs)]
    counted = ordered[max_dropped:len(ordered) - (max_dropped - dropped)]
    return sum(counted) / len(counted)


def time_to_train(result_file):
    log = lines(result_file)
    return next(t for t, k, _ in log if k == "run_stop") - next(t for t, k, _ in log if k == "run_start")


# The reduction, on real logs

def test_the_reduction_of_the_fixture_logs_is_the_snapshot_s_rows(reduced):
    assert len(reduced) == 10  # v4.0 resnet: 8 nodes and a switch; v5.0 llama2_70b_lora: one node
    in_snapshot = {(r["round"], r["power_file_path"]): r for r in snapshot()}
    for key, row in reduced.items():
        expected = in_snapshot[key]
        assert {k: v for k, v in row.items() if k != "commit"} == {k: v for k, v in expected.items() if k != "commit"}, key
        path = FIXTURES / key[0] / key[1]
        assert row["power_file_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_energies_by_hand(reduced):
    b200 = reduced[("v5.0", f"{B200_RUN}/power/result_0/node_0.txt")]
    # run_stop 1745520407629 − run_start 1745519751721 = 655908 ms; 624 readings, Σ P·Δt = 6298676000 W·ms over the
    # window 1745519750000 → 1745520408000 (658000 ms); conversion_eff 0.94 (AC):
    # 0.94 × 6298676000 × 655908 / 658000 / 1000 = 5901931.4 J
    assert int(b200["time_to_train_ms"]) == 655908 and int(b200["window_ms"]) == 658000
    assert float(b200["reading_integral_w_ms"]) == 6298676000
    assert float(b200["energy_j"]) == pytest.approx(5901931.4, abs=0.1)
    h100 = reduced[("v4.0", f"{H100_RUN}/power/{H100_RESULT}/node_0.txt")]
    # 152451 ms to train; 110 readings, Σ P·Δt = 1181428467 W·ms; the stop line repeats the start's time
    # (1715275079869), so the window ends at the last reading, 1715275349484 (269615 ms):
    # 1181428467 × 152451 / 269615 / 1000 = 668026.45 J
    assert h100["power_measurement_stop_ms"] == h100["power_measurement_start_ms"] == "1715275079869"
    assert int(h100["window_ms"]) == 269615 and float(h100["reading_integral_w_ms"]) == 1181428467
    assert float(h100["energy_j"]) == pytest.approx(668026.45, abs=0.01)
    switch = reduced[("v4.0", f"{H100_RUN}/power/{H100_RESULT}/sw_0.txt")]
    assert float(switch["interconnect_power_est_w"]) == 16100
    assert float(switch["energy_j"]) == pytest.approx(16100 * 152451 / 1000)  # 2454461.1 J


def test_the_fixture_logs_by_the_summarizer_s_own_code(reduced):
    for (rnd, path), row in reduced.items():
        result = FIXTURES / rnd / row["result_file_path"]
        ttt = time_to_train(result)
        log = lines(FIXTURES / rnd / path)
        if row["file_kind"] == "switch":
            expected = switch_energy(log, ttt)
        else:
            expected = (node_energy_a9f4839 if rnd == "v4.0" else node_energy_c401ff0)(log, ttt)
        assert float(row["energy_j"]) == pytest.approx(expected, rel=1e-12), path
    # the later summarizer cannot read the v4.0 logs: their stop line repeats the start's time, a zero window
    v40 = lines(FIXTURES / "v4.0" / H100_RUN / "power" / H100_RESULT / "node_0.txt")
    with pytest.raises(ZeroDivisionError):
        node_energy_c401ff0(v40, 152451)


# The results, against the summarizer's method

def runs_of(db, system, benchmark, submitter):
    return rows(db, "SELECT * FROM mlperf_training_energy_runs WHERE system = ? AND benchmark = ? AND submitter = ?",
                system, benchmark, submitter)


def test_gpt3_on_512_h100_by_the_summarizer_s_method(db):
    snap = [r for r in snapshot() if r["benchmark"] == "gpt3" and r["submitter"] == "smc-ac-power"]
    per_run = {}
    for r in snap:  # every node file by the v4.0 rule, every switch file by its estimate
        ttt, integral = int(r["time_to_train_ms"]), float(r["reading_integral_w_ms"] or 0)
        if r["file_kind"] == "node":
            window = max(int(r["power_measurement_stop_ms"]), int(r["last_power_reading_ms"])) - int(r["power_measurement_start_ms"])
            assert int(r["window_ms"]) == window
            assert float(r["energy_j"]) == pytest.approx(float(r["conversion_eff"]) * integral * ttt / window / 1000)
        else:
            assert float(r["energy_j"]) == pytest.approx(float(r["interconnect_power_est_w"]) * ttt / 1000)
        per_run.setdefault(r["result"], [ttt, 0.0, 0])[1] += float(r["energy_j"])
        per_run[r["result"]][2] += r["file_kind"] == "node"
    assert len(per_run) == 3 and all(n == 64 for _, _, n in per_run.values())  # 64 nodes × 8 H100 = 512
    expected = olympic([(t, e) for t, e, _ in per_run.values()])  # 3 runs: the median run's energy
    (result,) = rows(db, "SELECT * FROM mlperf_training_energy WHERE benchmark = 'gpt3' AND submitter = 'smc-ac-power'")
    assert result["accelerators_count"] == 512 and result["runs_counted"] == 1 and result["scaling_factor"] == 1
    assert result["energy_j"] == pytest.approx(expected, rel=1e-12)
    assert result["energy_kwh"] == pytest.approx(expected / 3.6e6) and 400 < result["energy_kwh"] < 550
    assert 0.1 < result["switch_share"] < 0.15


def test_an_8x_b200_result_by_the_summarizer_s_method(db):
    runs = runs_of(db, "SR780aV3-8xB200_SXM_180GB", "llama2_70b_lora", "Lenovo")
    assert len(runs) == 10 and all(r["run_status"] == "success" and r["accelerators_count"] == 8 for r in runs)
    scaling = json.loads((FIXTURES / "v5.0" / B200_RUN / "scaling.json").read_text())["scaling_factor"]
    expected = olympic([(r["time_to_train_minutes"], r["energy_j"]) for r in runs]) * scaling  # 8 of 10 runs
    (result,) = rows(db, "SELECT * FROM mlperf_training_energy WHERE system = 'SR780aV3-8xB200_SXM_180GB' AND benchmark = 'llama2_70b_lora'")
    assert result["runs_counted"] == 8 and result["scaling_factor"] == pytest.approx(scaling)
    assert result["energy_j"] == pytest.approx(expected, rel=1e-12)
    assert result["time_to_train_minutes"] == pytest.approx(
        olympic([(r["time_to_train_minutes"], r["time_to_train_minutes"]) for r in runs]) * scaling)
    run0 = next(r for r in runs if r["result"] == "result_0")
    assert run0["energy_j"] == pytest.approx(5901931.4, abs=0.1)  # the fixture's one node file, by hand above


def test_unet3d_drops_four_runs_at_each_end(db):
    (r,) = rows(db, "SELECT * FROM mlperf_training_energy WHERE benchmark = 'unet3d' AND system = '9xSMC-H100-SXM-80GB' "
                    "AND submitter = 'smc-ac-power'")
    assert (r["run_count"], r["runs_counted"], r["max_dropped_runs"]) == (40, 32, 4)


def test_every_power_result_of_the_pinned_commits_is_there(db):
    counts = {(r["round"], r["submitter"]): r["n"] for r in rows(
        db, "SELECT round, submitter, count(*) AS n FROM mlperf_training_energy GROUP BY 1, 2")}
    assert counts == {("v4.0", "smc-ac-power"): 12, ("v4.0", "smc-dc-power"): 12, ("v5.0", "Lenovo"): 4}


def test_the_method_s_bound_for_gpt3_by_hand(db):
    (b,) = rows(db, "SELECT * FROM mlperf_training_energy_bounds WHERE benchmark = 'gpt3' AND submitter = 'smc-ac-power' "
                    "AND precision = 'BF16/FP16 tensor'")
    (h100,) = rows(db, "SELECT gflops_per_watt FROM accelerator_efficiency WHERE accelerator = 'NVIDIA H100 SXM5 80GB' "
                       "AND precision = 'BF16/FP16 tensor' AND is_preferred = 1")
    (epoch,) = rows(db, 'SELECT "Tensor-FP16/BF16 performance (FLOP/s)" AS flops, "TDP (W)" AS watts FROM epoch_ml_hardware '
                        "WHERE \"Hardware name\" = 'NVIDIA H100 SXM5 80GB'")
    assert h100["gflops_per_watt"] == pytest.approx(epoch["flops"] / 1e9 / epoch["watts"]) and epoch["watts"] == 700
    # tokens: the counted (median) run's train_samples, 1207959552; 6 × 175e9 × 1207959552 = 1.2684e21 FLOP
    assert b["trained_tokens_count"] == 1207959552 and b["training_flop"] == pytest.approx(6 * 175e9 * 1207959552)
    assert b["bound_kwh"] == pytest.approx(6 * 175e9 * 1207959552 / (h100["gflops_per_watt"] * 1e9) / 3.6e6)
    assert b["bound_kwh"] == pytest.approx(249.27, abs=0.01)
    assert b["measured_to_bound_ratio"] == pytest.approx(b["energy_kwh"] / b["bound_kwh"]) and 1.5 < b["measured_to_bound_ratio"] < 2.5
    assert {r["benchmark"] for r in rows(db, "SELECT benchmark FROM mlperf_training_energy_bounds")} == {"gpt3"}
