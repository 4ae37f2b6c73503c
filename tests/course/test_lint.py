"""The code stays clean under ruff (configured in pyproject.toml): helpers, tests, tools, benchmarks and
the lesson sources in lessons/ (the notebooks are built from them)."""

import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
