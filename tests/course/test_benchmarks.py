"""benchmarks/run_benchmarks.py: a partial run (--only) keeps the other parts, and absent parts say so."""

import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))
import run_benchmarks  # noqa: E402


def test_only_remeasures_the_named_parts_and_keeps_the_others(capsys):
    before = (ROOT / "benchmarks" / "results.json").read_text()
    assert run_benchmarks.main(["--only", "tuning", "--no-write"]) == 0
    text = capsys.readouterr().out
    assert (ROOT / "benchmarks" / "results.json").read_text() == before  # --no-write wrote nothing
    kept = json.loads(before)
    for row in kept.get("notebooks", []):  # the notebook table of the earlier run is still there
        assert f"| {row['notebook']} |" in text
    assert "## Lesson 07: tuning comparison" in text
    if not (ROOT / "benchmarks" / "results_tuning.md").exists():
        assert "benchmarks/results_tuning.md does not exist yet" in text


def test_the_guide_part_says_plainly_when_the_guide_is_absent():
    result = run_benchmarks.bench_guide()
    if (ROOT / "helpers" / "guide.py").exists():
        assert result["status"] in ("measured",) or "no evaluate()" in result["status"]
    else:
        assert "helpers/guide.py does not exist" in result["status"]
        assert "helpers/guide.py does not exist" in run_benchmarks.report({**json.loads(
            (ROOT / "benchmarks" / "results.json").read_text()), "guide": result})


def test_unknown_parts_are_refused():
    import pytest

    with pytest.raises(SystemExit):
        run_benchmarks.main(["--only", "notebook"])
