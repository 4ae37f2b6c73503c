"""Measure the kit the way its users meet it, and write the figures to benchmarks/RESULTS.md.

    python benchmarks/run_benchmarks.py                 # everything (about 3-5 minutes on 2 cores)
    python benchmarks/run_benchmarks.py --only demos,guide   # re-measure some parts, keep the others
    python benchmarks/run_benchmarks.py --only notebooks,demos --no-write   # print only
    python benchmarks/run_benchmarks.py --report-only   # rewrite RESULTS.md after editing notes.md

Figures, never timed tests. What it measures, for whatever notebooks and demos exist when it runs:
- notebooks: every ``notebooks/NN_*.ipynb`` executed top to bottom in a fresh kernel (nbclient, like
  ``tools/build.py``): wall time including the kernel start, and the kernel's peak memory (RSS of
  the kernel process sampled every 20 ms with psutil; also with its child processes, e.g. joblib
  workers); the whole set's total;
- demos: every public function in ``helpers.demos`` annotated ``-> LiveDemo`` that needs no argument
  (found by ``tools/instructors.py``; plus ``LiveDemo.example`` as the machinery's reference): build
  time, then ``demo.update`` driven through every value of every control, round after round: median,
  95th percentile and maximum latency;
- compare: ``helpers.evaluation.compare`` with the reference candidates of ``bench_compare.py`` on
  every shipped dataset: time, and the scores with their 95% CIs and paired differences;
- guide: ``helpers.guide`` (recommend, evaluate on 10 paired folds, choose) on every shipped dataset, timed, once
  ``helpers/guide.py`` exists (the report says so plainly while it does not);
- tuning: lesson 07's tuning comparison, quoted from ``benchmarks/results_tuning.md`` if present.

``--only`` re-measures the parts named and keeps the other parts of ``results.json`` from the earlier
run; RESULTS.md then says, per part, when and at which load it was measured.

RESULTS.md also quotes ``benchmarks/notes.md`` (written by hand: why a target was missed) and
``benchmarks/latest_stack.md`` (written by ``tools/check_latest_stack.py``); the run also refreshes the
timing table of INSTRUCTORS.md.

Targets (2 cores): each notebook under 20 s, the whole set under 120 s, demo update median <= 50 ms
and p95 <= 150 ms, each notebook's process tree (kernel and workers) under 1 GB. The tables mark every missed target.
Other sessions may share the machine: the load average is recorded next to the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import redirect_stdout
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))  # for bench_compare
sys.path.insert(0, str(ROOT / "tools"))  # for instructors (demo discovery, INSTRUCTORS.md tables)

TARGETS = {"notebook_s": 20.0, "total_s": 120.0, "median_ms": 50.0, "p95_ms": 150.0, "memory_mb": 1024.0}  # memory: the process tree (kernel and workers)
STACK = ("jupyterlab", "ipywidgets", "numpy", "pandas", "scikit-learn", "imbalanced-learn", "matplotlib",
         "ipykernel", "nbclient", "psutil")
SECTIONS = ("notebooks", "demos", "compare", "guide", "tuning")
MISSED = "**MISSED**"


def mark(ok: bool) -> str:
    return "ok" if ok else MISSED


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation), q in [0, 100]."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


# ---- machine ---------------------------------------------------------------------------------------

def machine() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in STACK:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "-"
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "commit": git("rev-parse", "--short", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no")), "cpus": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version(), "load_start": os.getloadavg()[0],
            "calibration_start_ms": calibration_ms(), "versions": versions}


def calibration_ms(repeats: int = 5) -> float:
    """A fixed CPU-bound reference workload (pure Python, one thread), median of a few runs: compare it
    between runs to see how much other work on the machine slowed everything down."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


# ---- notebooks -------------------------------------------------------------------------------------

class MemorySampler:
    """Peak RSS of a process (and of it plus its children), sampled in a background thread."""

    def __init__(self, pid: int, interval: float = 0.02):
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = self.peak_with_children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        tick = 0
        children: list = []
        while not self._stop.is_set():
            try:
                rss = self.process.memory_info().rss
                if tick % 5 == 0:  # listing children is slower: every 5th sample
                    children = self.process.children(recursive=True)
                extra = 0
                for child in children:
                    try:
                        extra += child.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, rss)
                self.peak_with_children = max(self.peak_with_children, rss + extra)
            except psutil.Error:
                return
            tick += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def notebook_paths() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def run_notebook(path: Path, timeout: int = 600) -> dict:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # inline figures, as for a learner
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel(env=env):
        kernel_ready = time.perf_counter()
        with MemorySampler(client.km.provisioner.pid) as memory:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            # one last sample after the last cell
            time.sleep(0.05)
        end = time.perf_counter()
        cpu_s = kernel_cpu_seconds(memory.process)
    return {"notebook": path.name, "run_s": end - start, "kernel_start_s": kernel_ready - start,
            "cells_s": end - kernel_ready, "cpu_s": cpu_s, "peak_mb": memory.peak / 2**20,
            "peak_with_children_mb": memory.peak_with_children / 2**20}


def kernel_cpu_seconds(process: Any) -> float:
    """CPU time (user + system) of the kernel and its live and finished child processes: unlike wall
    time, it hardly grows when other work shares the machine."""
    import psutil

    total = 0.0
    for proc in [process, *process.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system + getattr(t, "children_user", 0.0) + getattr(t, "children_system", 0.0)
    return total


def bench_notebooks(repeats: int) -> list[dict]:
    rows = []
    for path in notebook_paths():
        runs, error = [], None
        for _ in range(repeats):
            try:
                runs.append(run_notebook(path))
            except Exception as err:  # noqa: BLE001 - record and go on with the next notebook
                error = f"{type(err).__name__}: {str(err).strip().splitlines()[-1][:200] if str(err).strip() else ''}"
                break
        if error or not runs:
            rows.append({"notebook": path.name, "error": error})
            print(f"  {path.name}: FAILED {error}", flush=True)
            continue
        best = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "notebook"}
        best["peak_mb"] = max(r["peak_mb"] for r in runs)
        best["peak_with_children_mb"] = max(r["peak_with_children_mb"] for r in runs)
        rows.append({"notebook": path.name, "repeats": len(runs), **best})
        print(f"  {path.name}: {best['run_s']:.1f} s, peak {best['peak_mb']:.0f} MB", flush=True)
    return rows


# ---- demos -----------------------------------------------------------------------------------------

def control_values(control: Any, max_values: int = 25) -> list:
    """Every value a control can take (evenly thinned to at most max_values), for a sweep."""
    import numpy as np

    if hasattr(control, "_options_values"):  # Dropdown, ToggleButtons, RadioButtons, SelectionSlider
        values = list(control._options_values)
    elif type(control).__name__ in {"Checkbox", "ToggleButton"}:
        values = [False, True]
    elif all(hasattr(control, a) for a in ("min", "max", "step")) and not isinstance(control.value, tuple):
        n = int(round((control.max - control.min) / control.step)) + 1
        grid = np.linspace(control.min, control.max, min(n, 10_000))
        values = [type(control.value)(round(float(v), 10)) for v in grid]
    else:
        return []
    if len(values) > max_values:
        keep = np.unique(np.linspace(0, len(values) - 1, max_values).round().astype(int))
        values = [values[i] for i in keep]
    return values


def bench_demo(name: str, build: Callable, updates: int) -> dict:
    start = time.perf_counter()
    demo = build()
    build_s = time.perf_counter() - start
    sweeps = {control_name: control_values(control) for control_name, control in demo.controls.items()}
    initial = demo.values
    latencies: list[float] = []
    cpu: list[float] = []  # CPU time of this thread: what the update costs without other work around
    errors: list[str] = []
    changed_outputs = 0
    while len(latencies) < updates:
        before = len(latencies)
        for control_name, values in sweeps.items():
            for value in values:
                png = demo.image.value
                t0, c0 = time.perf_counter(), time.thread_time()
                try:
                    demo.update(**{control_name: value})
                except Exception as err:  # noqa: BLE001 - a demo must never throw: count it
                    errors.append(f"{control_name}={value!r}: {type(err).__name__}: {err}")
                latencies.append(time.perf_counter() - t0)
                cpu.append(time.thread_time() - c0)
                changed_outputs += demo.image.value != png
            demo.update(**{control_name: initial[control_name]})
        if len(latencies) == before:  # no control we know how to sweep
            break
    ms = [1000 * t for t in latencies]
    return {"demo": name, "title": demo.title, "controls": {k: len(v) for k, v in sweeps.items()},
            "build_s": build_s, "n": len(ms), "median_ms": statistics.median(ms) if ms else None,
            "p95_ms": percentile(ms, 95) if ms else None, "max_ms": max(ms) if ms else None,
            "median_cpu_ms": 1000 * statistics.median(cpu) if cpu else None,
            "p95_cpu_ms": 1000 * percentile(cpu, 95) if cpu else None,
            "errors": errors[:5], "n_errors": len(errors), "picture_changed": changed_outputs}


def bench_demos(updates: int) -> list[dict]:
    from instructors import demo_builders

    from helpers import demos

    builders = {"LiveDemo.example (reference)": demos.LiveDemo.example, **demo_builders(demos)}
    rows = []
    for name, build in builders.items():
        try:
            row = bench_demo(name, build, updates)
        except Exception as err:  # noqa: BLE001
            row = {"demo": name, "error": f"{type(err).__name__}: {err}"}
            print(f"  {name}: FAILED {row['error']}", flush=True)
        else:
            print(f"  {name}: build {row['build_s']:.2f} s, median {row['median_ms']:.1f} ms, "
                  f"p95 {row['p95_ms']:.1f} ms over {row['n']} updates", flush=True)
        rows.append(row)
    return rows


# ---- compare and guide -----------------------------------------------------------------------------

def bench_compare_all(repeats: int) -> list[dict]:
    from bench_compare import candidates

    from helpers import datasets, evaluation

    rows = []
    for name in datasets.names():
        X, y = datasets.load(name)
        times, cpu = [], []
        for _ in range(repeats):
            start, cpu_start = time.perf_counter(), time.process_time()
            summary, folds = evaluation.compare(candidates(X), X, y, progress=False, return_folds=True)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start)
        scores = {f"{r.candidate}|{r.metric}": [r.mean, r.ci_low, r.ci_high] for r in summary.itertuples()
                  if r.metric in ("roc_auc", "average_precision", "recall", "brier")}
        diffs = {}
        for metric in ("average_precision", "recall", "brier"):
            for r in evaluation.difference(folds, "no resampling", metric).itertuples():
                diffs[f"{r.candidate}|{metric}"] = [r.difference, r.ci_low, r.ci_high, r.verdict]
        rows.append({"dataset": name, "rows": len(X), "features": X.shape[1], "seconds": statistics.median(times),
                     "cpu_seconds": statistics.median(cpu),
                     "fits": len(candidates(X)) * 15, "scores": scores, "differences": diffs})
        print(f"  compare on {name}: {statistics.median(times):.1f} s", flush=True)
    return rows


def bench_guide(names: list[str] | None = None) -> dict:
    """The guide on each shipped dataset, as lesson 11 runs it: profile, recommend (a miss costs 10 false alarms),
    evaluate on 10 paired folds with n_jobs=2, and the selection rule; timed. Also what was measured best: the
    candidate with the lowest mean cost and the one with the highest mean average precision."""
    from helpers import datasets, guide

    rows = []
    for name in names or datasets.names():
        X, y = datasets.load(name)
        row: dict[str, Any] = {"dataset": name}
        try:
            start, cpu = time.perf_counter(), time.process_time()
            with redirect_stdout(io.StringIO()):
                recs = guide.recommend(X, y, cost_miss=10, cost_false_alarm=1)
                result = guide.evaluate(X, y, recs, progress=False, n_jobs=2)
            row["evaluate_s"] = time.perf_counter() - start
            row["cpu_s"] = time.process_time() - cpu  # the parent only: the fits run in 2 worker processes
            means = result.summary.pivot(index="candidate", columns="metric", values="mean")
            row["candidates"] = ", ".join(c.name.replace(" + cost threshold", "") for c in recs)
            row["chosen"] = guide.choose(result)[0].replace(" + cost threshold", "")
            row["cheapest"] = str(means["cost_per_case"].idxmin()).replace(" + cost threshold", "")
            row["best_ap"] = str(means["average_precision"].idxmax()).replace(" + cost threshold", "")
            d = result.differences[result.differences["metric"] == "cost_per_case"]
            row["cost_verdicts"] = "; ".join(f"{c.replace(' + cost threshold', '')}: {v}"
                                             for c, v in zip(d["candidate"], d["verdict"]))
        except Exception as err:  # noqa: BLE001 - record, do not crash the other parts
            row["error"] = f"{type(err).__name__}: {err}"[:200]
        rows.append(row)
        print(f"  guide on {name}: {row}", flush=True)
    return {"status": "measured", "rows": rows}


def bench_tuning() -> dict:
    path = BENCH / "results_tuning.md"
    if not path.exists():
        return {"status": "benchmarks/results_tuning.md does not exist yet (lesson 07)"}
    return {"status": "quoted", "text": path.read_text()}


# ---- report ----------------------------------------------------------------------------------------

def fmt(value: Any, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def report(results: dict) -> str:
    m = results["machine"]
    out = ["# Benchmark results", "",
           "Written by `python benchmarks/run_benchmarks.py` (do not edit by hand; run it again). "
           "Targets on a 2-core machine: each notebook under 20 s, the whole set under 120 s, demo updates "
           "median <= 50 ms and p95 <= 150 ms, each notebook's process tree (kernel and workers) under 1 GB. A missed target reads "
           f"{MISSED}.", "",
           f"Run {m['date']} on commit `{m['commit']}`{' (with uncommitted changes)' if m['dirty'] else ''}: "
           f"{m['cpus']} cores ({m['cpu']}), Python {m['python']}; "
           + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
           f"Load average (1 min) {m['load_start']:.1f} at the start and {m.get('load_end', 0):.1f} at the end "
           f"(2 cores); a fixed pure-Python reference workload took {m['calibration_start_ms']:.0f} ms at the start "
           f"and {m.get('calibration_end_ms', 0):.0f} ms at the end. Other work on the machine inflates every "
           "wall time below, and CPU times too (the cores are shared), though less.", ""]

    stamps = results.get("measured", {})
    if len({(v["date"], v["commit"]) for v in stamps.values()}) > 1:
        out += ["Measured in parts (`--only`): " + "; ".join(
            f"{k} {v['date']} on `{v['commit']}` (load {v['load']:.1f})" for k, v in stamps.items()) + ".", ""]

    for section in ("notebooks", "demos", "compare"):
        if isinstance(results.get(section), dict):  # the whole section failed
            out += [f"## {section}", "", f"{MISSED}: the section failed:", "", "```",
                    results.pop(section)["status"].rstrip(), "```", ""]

    if "notebooks" in results:
        rows = results["notebooks"]
        out += ["## Notebooks", "",
                "Each notebook run top to bottom in a fresh kernel (nbclient), wall time including the kernel "
                "start; peak memory is the kernel process's resident set (with its child processes in brackets); "
                "kernel CPU time is user + system time of the kernel and its child processes.",
                "", "| notebook | runs in (s) | of which kernel start (s) | kernel CPU time (s) | peak kernel memory (MB) "
                "| time | memory |", "|---|---:|---:|---:|---:|---|---|"]
        total = 0.0
        for r in rows:
            if "error" in r:
                out.append(f"| {r['notebook']} | FAILED: {r['error']} | | | | {MISSED} | |")
                continue
            total += r["run_s"]
            out.append(f"| {r['notebook']} | {r['run_s']:.1f} | {r['kernel_start_s']:.1f} | {r['cpu_s']:.1f} | {r['peak_mb']:.0f} "
                       f"({r['peak_with_children_mb']:.0f}) | {mark(r['run_s'] < TARGETS['notebook_s'])} | "
                       f"{mark(r['peak_with_children_mb'] < TARGETS['memory_mb'])} |")
        results["notebooks_total_s"] = total
        cpu_total = sum(r.get("cpu_s", 0.0) for r in rows)
        out += [f"| **whole set ({len(rows)} notebooks)** | **{total:.1f}** | | {cpu_total:.1f} | | "
                f"{mark(total < TARGETS['total_s'] and all('error' not in r for r in rows))} | |", ""]

    if "demos" in results:
        out += ["## Live demos", "",
                "Each demo built once, then `demo.update(...)` driven through every value of every control "
                "(at most 25 values per control, evenly spaced), round after round; the latency (wall time) includes "
                "the PNG render. The CPU columns are the same updates' CPU time (this thread only), which other work "
                "on the machine inflates less. `LiveDemo.example` is the machinery's own tiny demo, for reference.", "",
                "| demo | title | controls (values swept) | build (s) | updates | median (ms) | p95 (ms) | max (ms) "
                "| CPU median / p95 (ms) | errors | latency |", "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in results["demos"]:
            if "error" in r:
                out.append(f"| `{r['demo']}` | FAILED: {r['error']} | | | | | | | | | {MISSED} |")
                continue
            ok = (r["median_ms"] is not None and r["median_ms"] <= TARGETS["median_ms"]
                  and r["p95_ms"] <= TARGETS["p95_ms"] and not r["n_errors"])
            controls = ", ".join(f"{k} ({v})" for k, v in r["controls"].items())
            out.append(f"| `{r['demo']}` | {r['title']} | {controls} | {r['build_s']:.2f} | {r['n']} | "
                       f"{fmt(r['median_ms'])} | {fmt(r['p95_ms'])} | {fmt(r['max_ms'])} | "
                       f"{fmt(r['median_cpu_ms'])} / {fmt(r['p95_cpu_ms'])} | {r['n_errors']} | {mark(ok)} |")
        if len(results["demos"]) == 1:
            out += ["", "No lesson demo exists yet on this commit: only the reference demo was measured."]
        out.append("")

    if "compare" in results:
        out += ["## `evaluation.compare` on every shipped dataset", "",
                "The reference comparison of `bench_compare.py`: no resampling, SMOTE, random under-sampling and "
                "Tomek links, each before the default logistic regression, 5-fold x 3 repeated stratified CV "
                "(15 fits per candidate), one BLAS thread.", "",
                "| dataset | rows | features | fits | seconds | CPU seconds |", "|---|---:|---:|---:|---:|---:|"]
        for r in results["compare"]:
            out.append(f"| {r['dataset']} | {r['rows']} | {r['features']} | {r['fits']} | {r['seconds']:.1f} | "
                       f"{r['cpu_seconds']:.1f} |")
        out += ["", "Scores (mean [95% CI], Nadeau-Bengio corrected) and the paired difference to no resampling "
                "(verdict: the CI of the difference excludes 0). Brier: lower is better.", "",
                "| dataset | candidate | ROC-AUC | average precision | recall | Brier | AP vs none | recall vs none "
                "| Brier vs none |", "|---|---|---|---|---|---|---|---|---|"]
        for r in results["compare"]:
            names = list(dict.fromkeys(k.split("|")[0] for k in r["scores"]))
            for cand in names:
                cells = []
                for metric in ("roc_auc", "average_precision", "recall", "brier"):
                    mean, low, high = r["scores"][f"{cand}|{metric}"]
                    cells.append(f"{mean:.3f} [{low:.3f}, {high:.3f}]")
                for metric in ("average_precision", "recall", "brier"):
                    d = r["differences"].get(f"{cand}|{metric}")
                    cells.append("" if d is None else f"{d[0]:+.4f} ({d[3]})")
                out.append(f"| {r['dataset']} | {cand} | " + " | ".join(cells) + " |")
        out.append("")

    if "guide" in results:
        g = results["guide"]
        out += ["## Decision guide (`helpers.guide`)", ""]
        if g["status"] != "measured":
            out += [f"Not measured: {g['status']}.", ""]
        else:
            out += ["`guide.recommend(X, y, cost_miss=10, cost_false_alarm=1)`, then `guide.evaluate(X, y, recs, "
                    "progress=False, n_jobs=2)` (10 paired folds) and `guide.choose`, on each shipped dataset. "
                    "The first candidate listed starts (the booster; logistic regression below 50 minority rows); "
                    "\"chosen\" is the selection rule's pick (the start-here candidate unless another is detectably "
                    "cheaper); \"cheapest\" and \"best AP\" are the best means, whatever the verdicts. Every "
                    "candidate ends in \"+ cost threshold\".",
                    "", "| dataset | time (s) | candidates | chosen | cheapest (mean) | best AP (mean) | "
                    "cost vs the start-here candidate |", "|---|---:|---|---|---|---|---|"]
            for r in g["rows"]:
                if "error" in r:
                    out.append(f"| {r['dataset']} | | error: {r['error']} | | | | |".replace("\n", " "))
                    continue
                cells = [r.get(k, "- (measured before the guide was rebuilt: re-run `--only guide`)" if k == "chosen"
                               else "-") for k in ("candidates", "chosen", "cheapest", "best_ap", "cost_verdicts")]
                out.append(f"| {r['dataset']} | {fmt(r.get('evaluate_s'))} | " + " | ".join(cells) + " |")
            out.append("")

    if "tuning" in results:
        t = results["tuning"]
        out += ["## Lesson 07: tuning comparison", ""]
        if t["status"] == "quoted":
            out += ["Quoted from `benchmarks/results_tuning.md`:", ""]
            out += ["> " + line if line else ">" for line in t["text"].strip().splitlines()]
            out.append("")
        else:
            out += [f"Not measured: {t['status']}.", ""]

    notes = BENCH / "notes.md"
    if notes.exists():
        out += ["## Notes (written by hand in `benchmarks/notes.md`: why a target was missed)", "",
                notes.read_text().strip(), ""]

    if results.get("latest_stack_note"):
        out += [results["latest_stack_note"].rstrip(), ""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", "--sections", dest="sections", default=",".join(SECTIONS),
                        help=f"comma-separated subset of {SECTIONS}; the other parts are kept from results.json")
    parser.add_argument("--notebook-repeats", type=int, default=1, help="runs per notebook (median reported)")
    parser.add_argument("--demo-updates", type=int, default=120, help="updates per demo (at least)")
    parser.add_argument("--compare-repeats", type=int, default=1, help="compare runs per dataset (median)")
    parser.add_argument("--no-write", action="store_true", help="print the report instead of writing files")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: rewrite RESULTS.md from results.json (after editing notes.md)")
    args = parser.parse_args(argv)
    if args.report_only:
        results = json.loads((BENCH / "results.json").read_text())
        results.pop("latest_stack_note", None)
        note = BENCH / "latest_stack.md"
        if note.exists():
            results["latest_stack_note"] = note.read_text()
        (BENCH / "RESULTS.md").write_text(report(results))
        print(f"rewrote {BENCH / 'RESULTS.md'} from results.json")
        return 0
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")

    os.environ.setdefault("MPLBACKEND", "Agg")  # for the demos measured in this process
    results: dict[str, Any] = {"machine": machine()}
    previous = BENCH / "results.json"
    if set(sections) != set(SECTIONS) and previous.exists():  # a partial run keeps the other parts
        old = json.loads(previous.read_text())
        stamps = old.get("measured", {})
        for section in SECTIONS:
            if section not in sections and section in old:
                results[section] = old[section]
                stamps.setdefault(section, {"date": old["machine"]["date"], "commit": old["machine"]["commit"],
                                            "load": old["machine"]["load_start"]})
        results["measured"] = stamps
    steps = {"notebooks": lambda: bench_notebooks(args.notebook_repeats),
             "demos": lambda: bench_demos(args.demo_updates),
             "compare": lambda: bench_compare_all(args.compare_repeats),
             "guide": bench_guide, "tuning": bench_tuning}
    for section in SECTIONS:
        if section in sections:
            print(f"[{section}]", flush=True)
            results.setdefault("measured", {})[section] = {"date": results["machine"]["date"],
                                                           "commit": results["machine"]["commit"],
                                                           "load": os.getloadavg()[0]}
            try:
                results[section] = steps[section]()
            except Exception:  # noqa: BLE001 - one broken section must not lose the others
                results[section] = {"status": "failed: " + traceback.format_exc(limit=3)}
                print(results[section]["status"], flush=True)
    results["machine"]["load_end"] = os.getloadavg()[0]
    results["machine"]["calibration_end_ms"] = calibration_ms()
    note = BENCH / "latest_stack.md"
    if note.exists():
        results["latest_stack_note"] = note.read_text()
    text = report(results)
    if args.no_write:
        print(text)
    else:
        (BENCH / "RESULTS.md").write_text(text)
        (BENCH / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
        print(f"wrote {BENCH / 'RESULTS.md'} and results.json")
        import instructors

        instructors.main()  # INSTRUCTORS.md quotes the notebook timings
    return 0


if __name__ == "__main__":
    sys.exit(main())
