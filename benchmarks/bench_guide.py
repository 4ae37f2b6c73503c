"""How long guide.evaluate (recommend + compare, default 5-fold CV, 100 trees) takes on each shipped dataset.

    .venv/bin/python benchmarks/bench_guide.py [DATASET ...]

Prints wall and CPU seconds (CPU is the honest figure on a shared machine), the load average, the
mean fit time per candidate, and whether the rules' top pick is the measured best on AP and recall.
"""

import sys
import time

from helpers import datasets, guide


def main(names: list[str]) -> None:
    for name in names:
        X, y = datasets.load(name)
        wall, cpu = time.perf_counter(), time.process_time()
        recs, res = guide.evaluate(X, y, progress=False)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        load = open("/proc/loadavg").read().split()[0]
        fits = res.groupby("candidate", observed=True)["fit_time"].first().round(2).to_dict()
        print(f"{name}: wall {wall:.1f} s, CPU {cpu:.1f} s (load {load}); mean fit time {fits}")
        verdict = guide.agreement(recs, res)
        print(verdict[["metric", "top_pick", "top_pick_mean", "measured_best", "best_mean", "best_ci",
                       "within_ci"]].to_string(index=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or datasets.names())
