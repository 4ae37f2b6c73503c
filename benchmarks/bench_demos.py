"""How fast do the live demos answer? (a figure, not a test)

    python benchmarks/bench_demos.py            # every demo builder in helpers.demos
    python benchmarks/bench_demos.py accuracy_trap threshold_costs

Finds the public builders in ``helpers.demos`` (functions annotated ``-> LiveDemo``), builds each
once, then moves each control through its range (as an instructor would) and reports the build
time and the median and 95th percentile of ``demo.update`` (wall clock, including the PNG render).
``LiveDemo.example`` is measured too, as a reference for how busy the machine is. The 1-minute load
average is printed: other processes on a shared 2-core machine inflate every figure.
"""

from __future__ import annotations

import inspect
import os
import platform
import statistics
import sys
import time

import ipywidgets as widgets

from helpers import demos


def builders() -> dict:
    return {name: fn for name, fn in inspect.getmembers(demos, inspect.isfunction)
            if not name.startswith("_")
            and (fn.__module__ == demos.__name__ or fn.__module__.startswith(demos.__name__ + "."))
            and inspect.signature(fn).return_annotation in (demos.LiveDemo, "LiveDemo")}


def control_values(control: widgets.ValueWidget, n: int = 8) -> list:
    """Up to n values spread over a control's range."""
    if isinstance(control, (widgets.SelectionSlider, widgets.Dropdown, widgets.ToggleButtons)):
        options = [v for _, v in control.options] if isinstance(control.options[0], tuple) else list(control.options)
        return options
    if isinstance(control, widgets.Checkbox):
        return [True, False]
    lo, hi, step = control.min, control.max, control.step
    k = max(1, round((hi - lo) / step / (n - 1)))
    values = [lo + i * k * step for i in range(n) if lo + i * k * step <= hi]
    return [type(control.value)(round(v, 10)) for v in values]


def measure(demo: demos.LiveDemo, rounds: int = 3) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each update while every control sweeps its range."""
    demo.timings.clear()
    cpu = []
    start = dict(demo.values)
    for _ in range(rounds):
        for name, control in demo.controls.items():
            for value in [*control_values(control), start[name]]:
                t0 = time.process_time()
                demo.update(**{name: value})
                cpu.append(time.process_time() - t0)
    return list(demo.timings), cpu


def main(names: list[str]) -> None:
    found = builders()
    chosen = {n: found[n] for n in names} if names else found
    print(f"helpers.demos update times; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start\n")
    print("| demo | build s | updates | median ms | p95 ms | median CPU ms |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = [("LiveDemo.example (reference)", demos.LiveDemo.example)] + list(chosen.items())
    for name, build in rows:
        t0 = time.perf_counter()
        demo = build()
        built = time.perf_counter() - t0
        wall, cpu = measure(demo)
        wall = sorted(wall)
        p95 = wall[min(len(wall) - 1, int(0.95 * len(wall)))]
        print(f"| {name} | {built:.2f} | {len(wall)} | {1000 * statistics.median(wall):.0f} | {1000 * p95:.0f} "
              f"| {1000 * statistics.median(cpu):.0f} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main(sys.argv[1:])
