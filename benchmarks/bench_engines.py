"""Speed of the gradient-descent engines and of the closed-form theory curves.

Run ``python benchmarks/bench_engines.py``. It prints, for the paper's single-task shapes
(N1 = 100, N2 = N3 = 50, a batch of R = 10 runs; SCIENCE.md 5):

(a) full-matrix GD (:func:`lingen.dynamics.simulate_gd`, random init) in epochs per second, shallow
    (N_W = 2) and deep (N_W = 4), and the ratio of its floating-point rate (the multiply-adds its
    update performs) to numpy's own matmul rate on the same product shapes, measured in this run;
    then the exact per-mode TA engine (:func:`lingen.dynamics.simulate_aligned_modes`);
(b) the time to evaluate one 1000-point ``lingen.theory.error_curves`` (train, test) curve, rank 3,
    eps = 1e-5, tau = 1000, shallow and deep.

BLAS runs on one thread (set before numpy is imported) so numbers are per core and comparable.
The targets printed beside the measurements follow from the workload of SCIENCE.md 5.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import time
from collections.abc import Callable

import numpy as np

from lingen.dynamics import simulate_aligned_modes, simulate_gd
from lingen.teacher import stack_training_sets, teacher_dataset, transfer_dataset

N1, N2, N3, R = 100, 50, 50, 10
RATIO_TARGET = 0.5
# Fig 4: 200 deep runs x 150 000 epochs = 20 batches of 10; within one hour on one core
DEEP_TARGET = 20 * 150_000 / 3600
# Fig 3: 200 shallow runs x 10 000 epochs = 20 batches of 10; within five minutes on one core
SHALLOW_TARGET = 20 * 10_000 / 300
# Fig 9: 1650 conditions x 3 TA students x 5000 epochs; within a minute
TRANSFER_TARGET = 60.0
# theory lines: ~10 tracks per figure panel; a curve should take well under a second
CURVE_TARGETS = {2: 0.05, 4: 0.5}  # seconds per 1000-point curve, shallow and deep


def best_time(fn: Callable[[], object], repeats: int) -> float:
    """Fastest wall time of ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def update_products(n_weights: int) -> list[tuple[int, int, int]]:
    """(rows, inner, cols) of every matrix product in one epoch of simulate_gd (one-hot inputs)."""
    wide = [(N3, N2, N1), (N3, N1, N2), (N2, N3, N1)]  # W = S_1 W_1, G_1 = K W_1^T, S_1^T K
    square = [(N3, N2, N2)] * (3 * (n_weights - 2))  # suffix products, G_k, middle steps
    return wide + square


def numpy_matmul_rate(products: list[tuple[int, int, int]]) -> float:
    """numpy's FLOP/s on the same batched product shapes (contiguous operands, out= buffers)."""
    rng = np.random.default_rng(0)
    flops, seconds = 0.0, 0.0
    for rows, inner, cols in products:
        a = rng.standard_normal((R, rows, inner))
        b = rng.standard_normal((R, inner, cols))
        out = np.empty((R, rows, cols))
        calls = 200

        def run(a=a, b=b, out=out, calls=calls) -> None:
            for _ in range(calls):
                np.matmul(a, b, out=out)

        seconds += best_time(run, 5) / calls
        flops += 2.0 * R * rows * inner * cols
    return flops / seconds


def bench_gd() -> None:
    sets = [teacher_dataset(np.random.default_rng(i), N1=N1, N3=N3, rank=3, svm=3.0,
                            noise_var=1 / N1) for i in range(R)]
    batch = stack_training_sets(sets)
    print(f"(a) gradient descent, N1 = {N1}, N2 = N3 = {N2}, batch of R = {R} runs, one-hot inputs")
    for n_weights, epochs, save_every, target in ((2, 2000, 5, SHALLOW_TARGET),
                                                  (4, 1000, 10, DEEP_TARGET)):
        products = update_products(n_weights)
        reference = numpy_matmul_rate(products)
        seconds = best_time(
            lambda n=n_weights, e=epochs, s=save_every: simulate_gd(
                batch, N2=N2, n_weights=n, init="random", epochs=e, save_every=s,
                rng=[np.random.default_rng(100 + i) for i in range(R)]),
            3,
        )
        rate = epochs / seconds
        # the machine may be shared: take numpy's best rate from before and after the run
        reference = max(reference, numpy_matmul_rate(products))
        flops_per_epoch = 2.0 * R * sum(r * k * c for r, k, c in products)
        ratio = flops_per_epoch * rate / reference
        name = "shallow (N_W = 2)" if n_weights == 2 else "deep    (N_W = 4)"
        print(f"  simulate_gd {name}: {rate:8.0f} epochs/s   (target >= {target:.0f})")
        print(f"    {flops_per_epoch * rate / 1e9:6.2f} GFLOP/s achieved = {ratio:.2f} x numpy "
              f"matmul rate on the same shapes   (target >= {RATIO_TARGET})")
        modes_seconds = best_time(
            lambda n=n_weights, s=save_every: simulate_aligned_modes(
                batch, N2=N2, n_weights=n, epochs=20_000, save_every=s),
            3,
        )
        print(f"  simulate_aligned_modes {name}: {20_000 / modes_seconds:8.0f} epochs/s")


def bench_transfer_grid() -> None:
    runs = 500
    joint = stack_training_sets([
        transfer_dataset(np.random.default_rng(i), s_A=3.0, s_B=10.0, q=0.5, noise_var=1 / 50).joint
        for i in range(runs)
    ])
    seconds = best_time(
        lambda: simulate_aligned_modes(joint, N2=50, epochs=5000, save_every=5,
                                       test_rows=slice(0, 50)),
        1,
    )
    grid = 3 * 1650 / runs * seconds  # students of the Fig 9 grid, scaled from this batch
    print(f"  simulate_aligned_modes, {runs} joint transfer students (100 x 100, 5000 epochs): "
          f"{seconds:.2f} s -> whole Fig 9 grid ~{grid:.0f} s   (target < {TRANSFER_TARGET:.0f} s)")


def bench_theory() -> None:
    print("(b) theory: one 1000-point error_curves (train, test), rank 3, N1 = 100, N2 = N3 = 50, "
          "eps = 1e-5, tau = 1000")
    try:
        from lingen.theory import error_curves
    except ImportError as err:
        print(f"  lingen.theory.error_curves unavailable ({err})")
        return
    s_bar = 3.0 * np.array([3.0, 2.0, 1.0])
    for n_weights, t_max in ((2, 10_000.0), (4, 150_000.0)):
        t = np.linspace(0.0, t_max, 1000)
        seconds = best_time(
            lambda n=n_weights, t=t: error_curves(t, s_bar, N1=N1, N2=N2, N3=N3, eps=1e-5,
                                                  tau=1000.0, n_weights=n),
            3,
        )
        name = "shallow (N_W = 2)" if n_weights == 2 else "deep    (N_W = 4)"
        print(f"  error_curves {name}, t in [0, {t_max:.0f}]: {seconds * 1e3:8.1f} ms   "
              f"(target < {CURVE_TARGETS[n_weights] * 1e3:.0f} ms)")


def main() -> None:
    print("BLAS threads pinned to 1 (OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = 1)")
    bench_gd()
    bench_transfer_grid()
    bench_theory()


if __name__ == "__main__":
    main()
