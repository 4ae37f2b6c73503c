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


def test_the_guide_part_records_errors_and_reports_its_rows(monkeypatch):
    from helpers import guide

    def broken(*args, **kwargs):
        raise ValueError("no costs")

    monkeypatch.setattr(guide, "recommend", broken)
    result = run_benchmarks.bench_guide(["yeast"])
    assert result["rows"] == [{"dataset": "yeast", "error": "ValueError: no costs"}]
    measured = {"status": "measured", "rows": [
        {"dataset": "yeast", "evaluate_s": 12.3, "candidates": "gradient boosting, logistic regression",
         "chosen": "gradient boosting", "cheapest": "logistic regression", "best_ap": "logistic regression",
         "cost_verdicts": "logistic regression: no detectable difference"}, result["rows"][0]]}
    text = run_benchmarks.report({**json.loads((ROOT / "benchmarks" / "results.json").read_text()), "guide": measured})
    assert "| yeast | 12.3 | gradient boosting, logistic regression | gradient boosting |" in text
    assert "error: ValueError: no costs" in text


def test_unknown_parts_are_refused():
    import pytest

    with pytest.raises(SystemExit):
        run_benchmarks.main(["--only", "notebook"])
