"""The measurement harness: builds each model of data/cv_model_constructors.csv with random weights on a CUDA GPU,
runs forward passes at each batch size and precision, reads NVML's total-energy counter over a steady-state window
after warm-up (and over an idle window before each model), and appends one row per run to
data/forward_pass_meter_runs.csv. torch, torchvision, timm and pynvml are imported here only, when it runs: without
NVML or a CUDA GPU it says so in one line and exits 2."""
import argparse
import contextlib
import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from measure import aliases, arithmetic, rows
from measure.aliases import ROOT

PRECISIONS = ("FP32", "TF32", "BF16")
SAMPLE_EVERY_S = 0.5
MIN_WINDOW_S = 3.0  # the counter updates every few tens of ms: a window of seconds keeps that granularity under 1 %
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Refusal(Exception):
    """Why the harness cannot measure on this machine (or with these arguments); printed as one line."""


def main(argv=None):
    args = parse_args(argv)
    try:
        gpu = Gpu.open(args.device)
        commit = args.harness_commit or harness_commit()
        matched = select_models(args.models)
    except Refusal as e:
        print(f"measure: {e}; nothing was measured.", file=sys.stderr)
        return 2
    for alias in matched.unknown:
        print(f"measure: {alias['model_id']}: in cv_model_constructors but not in cv_models; skipped", file=sys.stderr)
    print(f"measure: {len(matched.buildable)} models to measure on {gpu.name}; {len(matched.unbuildable)} models of "
          f"cv_models have no constructor in cv_model_constructors", file=sys.stderr)
    deadline = time.monotonic() + args.max_minutes * 60 if args.max_minutes else None
    written = Campaign(args, gpu, commit).run(matched.buildable, deadline)
    print(f"measure: {written} rows appended to {args.out}. Before the pull request: add the sources row "
          f"'{args.source_id}' (harness commit {commit}, machine, date) and run python build.py.", file=sys.stderr)
    return 0


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m measure", description=__doc__.splitlines()[0])
    p.add_argument("--source-id", required=True, help="source_id of this measurement campaign (its row in data/sources.csv)")
    p.add_argument("--gpu", help="the GPU's name in data/gpu_specs.csv, so that the rows get the method's estimate")
    p.add_argument("--models", help="comma-separated model_ids (default: every model with a constructor)")
    p.add_argument("--batch-sizes", default="1,64,256", help="comma-separated (default: 1,64,256)")
    p.add_argument("--precisions", default=",".join(PRECISIONS), help="comma-separated, of FP32,TF32,BF16 (default: all)")
    p.add_argument("--warmup-s", type=float, default=3.0, help="seconds of unmeasured forward passes first (default: 3)")
    p.add_argument("--window-s", type=float, default=5.0, help=f"seconds measured, at least {MIN_WINDOW_S:g} (default: 5)")
    p.add_argument("--idle-s", type=float, default=5.0, help=f"seconds of idle GPU measured before each model, at least {MIN_WINDOW_S:g} (default: 5)")
    p.add_argument("--device", type=int, default=0, help="CUDA device index (default: 0)")
    p.add_argument("--out", type=Path, default=rows.DEFAULT_CSV, help="CSV to append to (default: data/forward_pass_meter_runs.csv)")
    p.add_argument("--max-minutes", type=float, help="start no new model after this many minutes (rows written so far are kept; run again to go on)")
    p.add_argument("--harness-commit", help="commit to record when this is not a git checkout")
    args = p.parse_args(argv)
    if not ID.match(args.source_id):
        p.error(f"--source-id {args.source_id!r}: lowercase letters, digits and '-' only")
    try:
        args.batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    except ValueError:
        p.error(f"--batch-sizes {args.batch_sizes!r}: comma-separated whole numbers")
    if min(args.batch_sizes) < 1:
        p.error("--batch-sizes: each at least 1")
    args.precisions = args.precisions.split(",")
    if set(args.precisions) - set(PRECISIONS):
        p.error(f"--precisions: each of {','.join(PRECISIONS)}")
    if min(args.window_s, args.idle_s) < MIN_WINDOW_S:
        p.error(f"--window-s and --idle-s: at least {MIN_WINDOW_S:g} s")
    if args.gpu is not None and args.gpu not in {r["gpu"] for r in aliases.read_csv(ROOT / "data" / "gpu_specs.csv")}:
        p.error(f"--gpu {args.gpu!r} is not a gpu in data/gpu_specs.csv; add it there first (with its source), or leave --gpu out")
    return args


def select_models(wanted):
    matched = aliases.match()
    if wanted:
        names = wanted.split(",")
        missing = [m for m in names if m not in {a["model_id"] for a in matched.buildable}]
        if missing:
            raise Refusal(f"no constructor in cv_model_constructors for {', '.join(missing)}")
        return aliases.Matched([a for a in matched.buildable if a["model_id"] in names], [], matched.unbuildable)
    return matched


def harness_commit():
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        # only the harness's own code counts: the CSV it appends to is tracked and changes with every run
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "measure"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise Refusal("this is not a git checkout: give the commit the harness comes from with --harness-commit")
    return head + ("-dirty" if dirty else "")


class Gpu:
    """NVML and PyTorch on one CUDA device."""

    def __init__(self, nvml, handle, torch, device):
        self.nvml, self.handle, self.torch, self.device = nvml, handle, torch, device
        self.name = _text(nvml.nvmlDeviceGetName(handle))

    @classmethod
    def open(cls, index):
        try:
            import pynvml as nvml
        except ImportError:
            raise Refusal("NVML is not available: the Python package pynvml is missing (pip install nvidia-ml-py)")
        try:
            nvml.nvmlInit()
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            nvml.nvmlDeviceGetTotalEnergyConsumption(handle)
        except nvml.NVMLError as e:
            raise Refusal(f"NVML cannot read a total-energy counter on GPU {index} ({e}); it needs an NVIDIA driver "
                          "and a Volta or newer GPU")
        try:
            import torch
        except ImportError:
            raise Refusal("PyTorch is not installed (pip install torch torchvision timm)")
        if not torch.cuda.is_available() or index >= torch.cuda.device_count():
            raise Refusal(f"PyTorch sees no CUDA GPU {index}")
        return cls(nvml, same_gpu(nvml, torch, index, handle), torch, torch.device("cuda", index))

    def counter_mj(self):
        return self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle)

    def power_limit_watts(self):
        return self.nvml.nvmlDeviceGetEnforcedPowerLimit(self.handle) / 1000

    def state(self):
        n = self.nvml
        return {"sm_clock_mhz": n.nvmlDeviceGetClockInfo(self.handle, n.NVML_CLOCK_SM),
                "memory_clock_mhz": n.nvmlDeviceGetClockInfo(self.handle, n.NVML_CLOCK_MEM),
                "power_limit_watts": self.power_limit_watts(),
                "temperature_celsius": n.nvmlDeviceGetTemperature(self.handle, n.NVML_TEMPERATURE_GPU)}

    def versions(self):
        return {"gpu_name": self.name, "driver_version": _text(self.nvml.nvmlSystemGetDriverVersion()),
                "cuda_version": self.torch.version.cuda, "torch_version": self.torch.__version__,
                "torchvision_version": _version("torchvision"), "timm_version": _version("timm")}

    def window(self, seconds, step):
        """Call step() (which must synchronize) until `seconds` have passed, reading the counter at the start, every
        SAMPLE_EVERY_S and at the end; returns (checked Window, number of steps)."""
        steps, start = 0, time.perf_counter()
        samples, next_sample = [(0.0, self.counter_mj())], SAMPLE_EVERY_S
        while (elapsed := time.perf_counter() - start) < seconds:
            step()
            steps += 1
            if elapsed >= next_sample:
                samples.append((time.perf_counter() - start, self.counter_mj()))
                next_sample += SAMPLE_EVERY_S
        samples.append((time.perf_counter() - start, self.counter_mj()))
        return arithmetic.check_window(samples, min(seconds, MIN_WINDOW_S), max_watts=2 * self.power_limit_watts()), steps


class Campaign:
    def __init__(self, args, gpu, commit):
        self.args, self.gpu, self.commit = args, gpu, commit
        self.done = rows.existing_run_ids(args.out)  # a campaign can be resumed: runs already written are skipped
        self.fixed = gpu.versions() | {"gpu": args.gpu, "harness_commit": commit, "source_id": args.source_id}

    def run(self, buildable, deadline):
        written = 0
        for alias in buildable:
            todo = [(p, b) for p in self.args.precisions for b in self.args.batch_sizes
                    if rows.run_id(self.args.source_id, alias["model_id"], p, b) not in self.done]
            if not todo:
                continue
            if deadline and time.monotonic() > deadline:
                print("measure: --max-minutes reached; run again to go on where it stopped", file=sys.stderr)
                break
            try:
                model = build(alias, self.gpu)
            except Exception as e:  # a constructor the installed library lacks, or one that fails: report, go on
                print(f"measure: {alias['model_id']}: cannot build {alias['library']}.{alias['constructor']}: {e}", file=sys.stderr)
                continue
            flops = count_flops(self.gpu.torch, model, alias, self.gpu.device)
            try:
                idle = self.idle()
            except arithmetic.WindowProblem as e:
                print(f"measure: {alias['model_id']}: idle window: {e}; model skipped", file=sys.stderr)
                continue
            for precision, batch in todo:
                row = self.measure(model, alias, precision, batch, flops, idle)
                if row:
                    rows.append([row], self.args.out)
                    written += 1
            del model
            self.gpu.torch.cuda.empty_cache()
        return written

    def idle(self):
        self.gpu.torch.cuda.synchronize(self.gpu.device)
        window, _ = self.gpu.window(self.args.idle_s, lambda: time.sleep(0.05))
        return window

    def measure(self, model, alias, precision, batch, flops, idle):
        torch, model_id = self.gpu.torch, alias["model_id"]
        res = int(alias["input_resolution_px"])
        try:
            set_precision(torch, precision)
            x = torch.randn(batch, 3, res, res, device=self.gpu.device)
            autocast = torch.autocast("cuda", dtype=torch.bfloat16) if precision == "BF16" else contextlib.nullcontext()

            def step():
                model(x)
                torch.cuda.synchronize(self.gpu.device)

            with torch.inference_mode(), autocast:
                self.gpu.window(self.args.warmup_s, step)  # warm-up: cuDNN's choices, clocks and temperature settle
                began = dt.datetime.now(dt.timezone.utc)
                window, passes = self.gpu.window(self.args.window_s, step)
        except torch.cuda.OutOfMemoryError:
            print(f"measure: {model_id} {precision} batch {batch}: out of GPU memory; skipped", file=sys.stderr)
            torch.cuda.empty_cache()
            return None
        except (arithmetic.WindowProblem, RuntimeError) as e:  # a bad window, or an operation this precision lacks
            print(f"measure: {model_id} {precision} batch {batch}: {e}; skipped", file=sys.stderr)
            return None
        images = passes * batch
        idle_watts = arithmetic.idle_power_watts(idle.energy_mj, idle.seconds)
        print(f"{model_id} {precision} b{batch}: {arithmetic.joules_per_image(window.energy_mj, images):.4g} J/image, "
              f"{arithmetic.joules_per_image_above_idle(window.energy_mj, window.seconds, idle_watts, images):.4g} above idle "
              f"({idle_watts:.3g} W), {arithmetic.images_per_s(images, window.seconds):.4g} images/s", file=sys.stderr)
        return self.fixed | self.gpu.state() | {
            "run_id": rows.run_id(self.args.source_id, model_id, precision, batch), "model_id": model_id,
            "library": alias["library"], "constructor": alias["constructor"], "constructor_args": alias["constructor_args"] or None,
            "input_resolution_px": res, "batch_size": batch, "precision": precision, "counted_flops_per_image": flops,
            "warmup_s": self.args.warmup_s, "forward_passes": passes, "window_s": window.seconds,
            "window_energy_mj": window.energy_mj, "idle_window_s": idle.seconds, "idle_energy_mj": idle.energy_mj,
            "counter_samples": window.samples, "measured_on": began.date().isoformat(),
            "locator": f"harness run started {began.strftime('%Y-%m-%dT%H:%M:%SZ')}, CUDA device {self.args.device}"}


def same_gpu(nvml, torch, index, handle):
    """NVML's handle for the GPU that torch calls `index`: under CUDA_VISIBLE_DEVICES the two number GPUs
    differently, so the GPU is found by its UUID where torch gives it."""
    uuid = getattr(torch.cuda.get_device_properties(index), "uuid", None)
    if uuid is None:
        return handle
    try:
        return nvml.nvmlDeviceGetHandleByUUID(f"GPU-{uuid}")
    except Exception:  # an older driver or another UUID format: the index is the best guess left
        return handle


def build(alias, gpu):
    """The model with random weights, in eval mode, on the GPU."""
    kwargs = aliases.constructor_kwargs(alias)
    if alias["library"] == "timm":
        import timm
        model = timm.create_model(alias["constructor"], pretrained=False, **kwargs)
    else:
        import torchvision
        model = torchvision.models.get_model(alias["constructor"], weights=None, **kwargs)
    return model.eval().to(gpu.device)


def count_flops(torch, model, alias, device):
    """FLOPs of one image's forward pass as torch counts them (2 per multiply-add), or None where it cannot."""
    from torch.utils.flop_counter import FlopCounterMode
    res = int(alias["input_resolution_px"])
    try:
        with torch.inference_mode(), FlopCounterMode(display=False) as counter:
            model(torch.randn(1, 3, res, res, device=device))
        return counter.get_total_flops()
    except Exception as e:
        print(f"measure: {alias['model_id']}: FLOPs not counted ({e})", file=sys.stderr)
        return None


def set_precision(torch, precision):
    tf32 = precision == "TF32"
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _version(package):
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(package)
    except PackageNotFoundError:
        return None
