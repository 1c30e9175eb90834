#!/usr/bin/env python3
"""Times numpy and statsmodels on the benchmark's designs, for comparison with
`cargo bench -p braid-stats`. Usage: python3 benches/compare.py"""
import resource
import time

import numpy as np
import statsmodels.api as sm


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    rng = np.random.default_rng(1)
    for n, k, repeat in [(605, 15, 200), (1_000_000, 20, 5)]:
        X = np.column_stack([np.ones(n), rng.normal(size=(n, k - 1))])
        y = X @ np.linspace(0.1, 2, k) + rng.uniform(-0.5, 0.5, n)
        print(f"{n} x {k}:")
        print(f"  numpy lstsq (SVD)      {best(lambda: np.linalg.lstsq(X, y, rcond=None), repeat) * 1e3:9.3f} ms")
        print(f"  numpy qr + solve       {best(lambda: np.linalg.solve(*(lambda q, r: (r, q.T @ y))(*np.linalg.qr(X))), repeat) * 1e3:9.3f} ms")
        print(f"  statsmodels OLS().fit()  {best(lambda: sm.OLS(y, X).fit(), repeat) * 1e3:9.3f} ms   (pinv)")
        print(f"  statsmodels .fit(method='qr') {best(lambda: sm.OLS(y, X).fit(method='qr'), repeat) * 1e3:9.3f} ms")
        print(f"  statsmodels HC3 + summary numbers {best(lambda: sm.OLS(y, X).fit(cov_type='HC3', use_t=True).bse, repeat) * 1e3:9.3f} ms")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"numpy {np.__version__}, statsmodels {sm.__version__ if hasattr(sm, '__version__') else ''}")
    np.show_config() if False else None


if __name__ == "__main__":
    main()
