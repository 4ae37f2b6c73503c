"""No notebook touches the network: the offline guard is on for every kernel the suite starts.

How it works (no second execution of the notebooks): ../conftest.py puts tests/offline_guard.py on
PYTHONPATH as ``sitecustomize`` before any kernel starts, so the nbval kernels that re-run every
notebook (and their child processes) cannot connect anywhere but loopback; a notebook that tries fails
its nbval run with NetworkBlockedError. tests/offline_probe.ipynb, run by nbval like the lessons,
shows the guard is active inside such a kernel; these tests check the probe's stored outputs say so
(nbval then checks a fresh run prints the same) and that the guard reaches child processes.
"""

import json
import subprocess
import sys
import tomllib

from conftest import ROOT

PROBE = ROOT / "tests" / "offline_probe.ipynb"


def probe_text() -> str:
    cells = json.loads(PROBE.read_text())["cells"]
    return "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))


def test_the_probe_shows_the_guard_blocking_and_loopback_working():
    text = probe_text()
    assert "offline guard installed in this kernel: True" in text
    for line in ("TCP to 192.0.2.1:80 -> NetworkBlockedError", "HTTPS to pypi.org  -> NetworkBlockedError",
                 "UDP to 192.0.2.1:53 -> NetworkBlockedError"):
        assert line in text
    assert "loopback still works: 127.0.0.1" in text
    assert "is guarded too: True" in text


def test_nbval_runs_the_probe_in_the_default_suite():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "tests" in options["testpaths"] and "--nbval" in options["addopts"]
    assert all(cell["execution_count"] for cell in json.loads(PROBE.read_text())["cells"]
               if cell["cell_type"] == "code"), "unexecuted probe cells would not be compared by nbval"


def test_processes_started_by_the_suite_are_guarded():
    check = ("import socket\n"
             "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
             "except OSError as err:\n    print(type(err).__name__)")
    # the attempt only runs if the guard is installed (otherwise it would reach the network): check first
    marker = subprocess.run([sys.executable, "-c", "import socket; print(getattr(socket.socket.connect, "
                             "'kit_offline_guard', False))"], capture_output=True, text=True, check=True)
    assert marker.stdout.strip() == "True"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "NetworkBlockedError"
