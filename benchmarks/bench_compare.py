"""How long does helpers.evaluation.compare take on the shipped datasets? (a figure, not a test)

    python benchmarks/bench_compare.py            # prints a markdown table

Runs the README's reference comparison, four candidates (no resampling, SMOTE, random
under-sampling, Tomek links; each with the default logistic regression) under compare's default
5-fold x 3 repeated CV, on every shipped dataset, three times each, and reports the median wall time.
"""

from __future__ import annotations

import platform
import statistics
import time

from imblearn.over_sampling import SMOTE
from imblearn.under_sampling import RandomUnderSampler, TomekLinks
from sklearn.linear_model import LogisticRegression

from helpers import datasets, evaluation, guide


def candidates(X) -> dict:
    """The reference candidates: a logistic regression behind the guide's preprocessing, with each sampler."""
    samplers = {"no resampling": None, "SMOTE": SMOTE(random_state=42),
                "random under-sampling": RandomUnderSampler(random_state=42), "Tomek links": TomekLinks()}
    return {name: guide.with_preprocessing(X, *([s] if s is not None else []), LogisticRegression(max_iter=1000))
            for name, s in samplers.items()}


def main(repeats: int = 3) -> None:
    print(f"compare(), 4 candidates x 15 folds; median of {repeats} runs; "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}\n")
    print("| dataset | rows | features | median s | min s |")
    print("|---|---:|---:|---:|---:|")
    for name in datasets.names():
        X, y = datasets.load(name)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            evaluation.compare(candidates(X), X, y, progress=False)
            times.append(time.perf_counter() - start)
        print(f"| {name} | {len(X)} | {X.shape[1]} | {statistics.median(times):.1f} | {min(times):.1f} |")


if __name__ == "__main__":
    main()
