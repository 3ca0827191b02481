"""The benchmark: its timing protocol and its report (timing itself is never asserted)."""

import re

import pytest

from rnnbook import bench


def test_median_times_warms_up_rotates_and_takes_the_median(monkeypatch):
    calls = []
    clock = iter(range(10_000))
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    # Each call advances the fake clock by one extra tick for "slow": 1 vs 2 ticks per call.
    result = bench.median_times({"fast": lambda: calls.append("fast"),
                                 "slow": lambda: (calls.append("slow"), next(clock))},
                                repeats=6, rounds=3, warmup=2)
    assert result == {"fast": 1, "slow": 2}
    # Three rounds, each a block of 2 warm-up + 2 timed calls per contender, rotating.
    assert calls == (["fast"] * 4 + ["slow"] * 4) * 3


def test_bench_reports_the_ratios_of_the_times_it_returns(capsys):
    results = bench.main(["--batch", "2", "--steps", "3", "--features", "2", "--hidden", "4",
                          "--repeats", "3", "--kinds", "rnn,gru"])
    assert set(results) == {"rnn", "gru"}
    rows = {}
    for line in capsys.readouterr().out.splitlines():
        m = re.fullmatch(r"(\w+)" + r"\s+([\d.]+)ms" * 4 + r"\s+([\d.]+)x" * 3, line)
        if m:
            rows[m[1]] = [float(v) for v in m.groups()[1:]]
    assert set(rows) == {"rnn", "gru"}
    for kind, t in results.items():
        assert set(t) == {"reference", "matmul", "torch", "keras"}
        printed = dict(zip(["reference", "matmul", "torch", "keras"], rows[kind][:4]))
        assert all(abs(printed[name] - t[name] * 1e3) <= 0.005 for name in printed), (printed, t)
        ratios = (t["reference"] / t["torch"], t["keras"] / t["torch"], t["reference"] / t["matmul"])
        assert all(abs(a - b) <= 0.005 for a, b in zip(rows[kind][4:], ratios)), (rows[kind], ratios)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_matrix_products_are_the_cells_own_products(kind, monkeypatch):
    """The floor does the products of one forward + backward with the stacked shapes (G gates:
    G*H columns): the input product, T forward and T backward steps, dL/dx (np.matmul), plus
    the two weight gradients (written with @)."""
    import numpy as np

    from rnnbook.reference import CELLS

    B, T, D, H = 3, 5, 2, 4
    params = CELLS[kind].init_params(D, H, rng=0)
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    shapes = []
    real = np.matmul
    monkeypatch.setattr(bench.np, "matmul", lambda a, b: (shapes.append((a.shape, b.shape)), real(a, b))[1])
    run = bench.matrix_products(kind, params, np.ones((B, T, D)), np.ones((B, T, H)))
    run()
    assert shapes[0] == ((B, T, D), (D, gates * H))
    assert shapes[1:T + 1] == [((B, H), (H, gates * H))] * T
    assert shapes[T + 1:2 * T + 1] == [((B, gates * H), (gates * H, H))] * T
    assert shapes[-1] == ((B, T, gates * H), (gates * H, D)) and len(shapes) == 2 * T + 2
