"""Will the kit survive the next releases of its stack? Run it against the newest versions and see.

    python tools/check_latest_stack.py            # about 3-6 minutes; needs the package index
    python tools/check_latest_stack.py --keep     # keep the temporary venv (its path is printed)

Not part of the default test suite (it installs from the network). It:
1. creates a temporary virtual environment and installs the newest releases of the stack, unpinned
   (jupyterlab, ipywidgets, numpy, pandas, scikit-learn, imbalanced-learn, matplotlib, nbval, pytest,
   and helpers' own dependencies), plus this checkout's ``helpers`` (editable);
2. executes every notebook top to bottom in a kernel of that environment with
   ``PYTHONWARNINGS=error::FutureWarning,error::DeprecationWarning``: an API that is about to change
   fails its cell, with the warning's text;
3. runs the test suite there (unit tests, lesson claims, nbval strict over every notebook; not the
   browser test), also with FutureWarning and DeprecationWarning as errors, to see which outputs and
   claims would change;
4. writes what it found to ``benchmarks/latest_stack.md`` (quoted in ``benchmarks/RESULTS.md``) and
   prints it. The exit code is 0 when everything passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "benchmarks" / "latest_stack.md"
STACK = ["jupyterlab", "ipywidgets", "numpy", "pandas", "scipy", "scikit-learn", "imbalanced-learn",
         "matplotlib", "nbval", "pytest", "ipykernel", "nbclient"]
WARNINGS_AS_ERRORS = "error::FutureWarning,error::DeprecationWarning"

# Runs inside the new environment: execute each notebook, report one JSON line per notebook.
RUNNER = r'''
import json, sys, time, traceback
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
# First prove the check can fail: a cell that emits a FutureWarning must fail in these kernels.
probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    "import warnings; warnings.warn('probe', FutureWarning)")])
try:
    NotebookClient(probe, timeout=120, kernel_name="python3").execute()
    print(json.dumps({"probe": "a FutureWarning did NOT fail the cell: warnings are not errors in the kernel"}))
except CellExecutionError:
    print(json.dumps({"probe": "ok"}))
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}})
    start = time.perf_counter()
    try:
        client.execute()
        result = {"notebook": path, "ok": True}
    except CellExecutionError as err:
        text = str(err)
        lines = [l for l in text.splitlines() if l.strip()]
        error_line = next((l for l in reversed(lines) if "Error" in l or "Warning" in l), lines[-1] if lines else "")
        result = {"notebook": path, "ok": False, "error": error_line[:400], "detail": text[-3000:]}
    except Exception as err:
        result = {"notebook": path, "ok": False, "error": f"{type(err).__name__}: {err}"[:400],
                  "detail": traceback.format_exc()[-3000:]}
    result["seconds"] = time.perf_counter() - start
    print(json.dumps(result), flush=True)
'''


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, text=True, capture_output=True, **kwargs)


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, ver = line.split("==", 1)
            pins[canonical(name)] = ver.strip()
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip().lower())


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary venv")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.relative_to(ROOT)}")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kit-latest-"))
    venv = folder / "venv"
    python = venv / "bin" / "python"
    started = time.perf_counter()
    lines: list[str] = []
    ok = True
    try:
        made = run([sys.executable, "-m", "venv", str(venv)])
        if made.returncode:
            print(made.stderr)
            return 1
        install = run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "--upgrade-strategy", "eager",
                       *STACK, "-e", str(ROOT)])
        if install.returncode:
            print(install.stdout[-3000:], install.stderr[-3000:])
            return 1
        freeze = run([str(python), "-m", "pip", "list", "--format=json"])
        installed = {canonical(p["name"]): p["version"] for p in json.loads(freeze.stdout)}
        pins = pinned()

        env = dict(os.environ, PYTHONWARNINGS=WARNINGS_AS_ERRORS, JUPYTER_DATA_DIR=str(folder / "data"),
                   JUPYTER_CONFIG_DIR=str(folder / "config"), JUPYTER_PLATFORM_DIRS="1", HOME=str(folder / "home"))
        env.pop("MPLBACKEND", None)
        env.pop("PYTHONPATH", None)
        (folder / "home").mkdir()
        notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        (folder / "runner.py").write_text(RUNNER)
        executed = run([str(python), str(folder / "runner.py"), *map(str, notebooks)], env=env, cwd=ROOT)
        records = [json.loads(l) for l in executed.stdout.splitlines() if l.startswith("{")]
        probe = next((r["probe"] for r in records if "probe" in r), "the probe did not run")
        results = [r for r in records if "notebook" in r]
        if len(results) != len(notebooks) or probe != "ok":
            ok = False

        junit = folder / "junit.xml"
        suite = run([str(python), "-m", "pytest", "-q", "-m", "not browser", "-p", "no:cacheprovider",
                     "-W", "error::FutureWarning", "-W", "error::DeprecationWarning", f"--junitxml={junit}"],
                    env=env, cwd=ROOT)
        failures = []
        if junit.exists():
            for case in ET.parse(junit).getroot().iter("testcase"):
                for bad in list(case.findall("failure")) + list(case.findall("error")):
                    message = strip_ansi(bad.get("message") or bad.text or "").strip().splitlines()
                    failures.append((f"{case.get('classname')}::{case.get('name')}", " ".join(message[:3])[:300]))
        summary = next((l for l in reversed(strip_ansi(suite.stdout).splitlines()) if l.strip()), "(no output)")
        ok = ok and all(r["ok"] for r in results) and suite.returncode == 0

        lines += ["## Newest releases of the stack (`tools/check_latest_stack.py`)", "",
                  f"Run {dt.datetime.now():%Y-%m-%d %H:%M}, {time.perf_counter() - started:.0f} s; every notebook "
                  f"executed with `PYTHONWARNINGS={WARNINGS_AS_ERRORS}`, then the test suite (not the browser test) "
                  "with the same warnings as errors.", "",
                  "| package | pinned | newest |", "|---|---|---|"]
        for name in STACK:
            newest = installed.get(name, "-")
            flag = "" if newest == pins.get(name) else " (newer)"
            lines.append(f"| {name} | {pins.get(name, '-')} | {newest}{flag} |")
        drift = sorted(f"{name} {pins[name]} -> {installed[name]}" for name in pins
                       if name not in STACK and name in installed and installed[name] != pins[name])
        lines += ["", "Other pinned packages with a newer release: " + (", ".join(drift) if drift else "none") + "."]
        lines += ["", "Warnings are errors in these kernels: " + ("yes (a probe cell emitting a FutureWarning "
                                                                 "failed, as it must)" if probe == "ok" else
                                                                 f"**NO**: {probe}") + "."]
        lines += ["", "| notebook | result |", "|---|---|"]
        for r in results:
            name = Path(r["notebook"]).name
            lines.append(f"| {name} | " + (f"ok ({r['seconds']:.1f} s)" if r["ok"] else
                                           f"**FAILED**: {r['error']}".replace("|", "\\|")) + " |")
        if len(results) != len(notebooks):
            lines.append(f"| (runner) | **FAILED**: {strip_ansi(executed.stderr)[-500:]} |".replace("\n", " "))
        lines += ["", f"Test suite: `{summary}`"]
        if failures:
            lines += ["", "| failing test | message |", "|---|---|"]
            lines += [f"| `{test}` | {msg} |".replace("\n", " ") for test, msg in failures[:40]]
        lines.append("")
        text = "\n".join(lines)
        print("\n" + text)
        for r in results:
            if not r["ok"]:
                print(f"\n--- {Path(r['notebook']).name} ---\n{strip_ansi(r.get('detail', ''))}")
        if not args.no_write:
            REPORT.write_text(text)
            print(f"wrote {REPORT.relative_to(ROOT)}")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"kept {venv}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
