"""The harness's arithmetic, plain Python: energy per image from NVML's total-energy counter (millijoules), idle
power, throughput, and the checks a counter window must pass before its reading is used.

derive/energy/forward_pass_meter_energy.sql computes the same quantities from the CSV the harness writes; a test checks
that both agree."""
from dataclasses import dataclass

MJ_PER_J = 1000
COUNTER_MAX_MJ = 2**64 - 1  # nvmlDeviceGetTotalEnergyConsumption returns an unsigned long long


def joules_per_image(window_energy_mj, images):
    """Energy of the window divided over the images it processed (images = forward passes × batch size)."""
    return window_energy_mj / MJ_PER_J / images


def idle_power_watts(idle_energy_mj, idle_window_s):
    return idle_energy_mj / MJ_PER_J / idle_window_s


def joules_per_image_above_idle(window_energy_mj, window_s, idle_watts, images):
    """What the forward passes add to an idle GPU: the window's energy less idle power over the same time."""
    return (window_energy_mj / MJ_PER_J - idle_watts * window_s) / images


def images_per_s(images, window_s):
    return images / window_s


class WindowProblem(Exception):
    """A counter window whose reading must not be used; the message says why."""


@dataclass(frozen=True)
class Window:
    seconds: float
    energy_mj: int
    samples: int


def check_window(samples, min_seconds, max_watts=None):
    """samples: [(seconds since the window began, counter in mJ)], in time order, the first at the window's start and
    the last at its end. Returns the Window, or raises WindowProblem: too short, a counter that went backwards (reset,
    or wrapped past 2**64 mJ), one that did not move, or one that jumped (more than max_watts between two readings)."""
    if len(samples) < 2:
        raise WindowProblem(f"{len(samples)} counter reading(s); a window needs at least its start and its end")
    seconds = samples[-1][0] - samples[0][0]
    if seconds < min_seconds:
        raise WindowProblem(f"window of {seconds:.3g} s is shorter than the {min_seconds:g} s required")
    for (t0, c0), (t1, c1) in zip(samples, samples[1:]):
        if t1 < t0:
            raise WindowProblem(f"readings out of time order at {t0:.3f} s")
        if c1 < c0:
            how = "wrapped around past 2**64 mJ" if c0 > COUNTER_MAX_MJ // 2 > c1 else "was reset (driver reloaded?)"
            raise WindowProblem(f"energy counter went backwards from {c0} to {c1} mJ at {t1:.3f} s: it {how}")
        if max_watts is not None and t1 > t0 and (c1 - c0) / MJ_PER_J / (t1 - t0) > max_watts:
            raise WindowProblem(f"energy counter jumped by {c1 - c0} mJ in {t1 - t0:.3f} s at {t1:.3f} s, "
                                f"more than {max_watts:g} W")
    energy = samples[-1][1] - samples[0][1]
    if energy == 0:
        raise WindowProblem(f"energy counter did not advance in {seconds:.3g} s: this GPU does not update it")
    return Window(seconds, energy, len(samples))
