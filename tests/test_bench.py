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
    assert shapes[0] == ((B * T, D), (D, gates * H))           # all steps' inputs, one 2-D product
    assert shapes[1:T + 1] == [((B, H), (H, gates * H))] * T
    assert shapes[T + 1:2 * T + 1] == [((B, gates * H), (gates * H, H))] * T
    assert shapes[-1] == ((B * T, gates * H), (gates * H, D)) and len(shapes) == 2 * T + 2


STORED = bench.load_results()          # the sweep that ships with the package


def _synthetic(times):
    """Results of a pretend sweep: {(kind, contender, steps, hidden): seconds}."""
    rows = [{"kind": k, "contender": c, "steps": t, "hidden": h, "median": s, "round_medians": [s, 2 * s]}
            for (k, c, t, h), s in times.items()]
    return {"sweep": {"steps": 28, "hidden": 128}, "rows": rows}


def test_growth_exponent_recovers_a_power_law_and_names_bad_requests():
    fake = _synthetic({("lstm", "torch", t, 128): 3e-6 * t ** 1.5 for t in (10, 20, 40, 80)}
                      | {("lstm", "torch", 28, h): 1e-3 for h in (32, 64)})
    assert abs(bench.growth_exponent(fake, "lstm", "torch", "steps") - 1.5) < 1e-9
    assert abs(bench.growth_exponent(fake, "lstm", "torch", "steps", between=(20, 40)) - 1.5) < 1e-9
    assert abs(bench.growth_exponent(fake, "lstm", "torch", "hidden")) < 1e-9
    with pytest.raises(ValueError, match="at least two sizes"):
        bench.growth_exponent(fake, "lstm", "torch", "steps", between=(15, 25))
    with pytest.raises(ValueError, match="'hidden' or 'steps'"):
        bench.series(fake, "lstm", "torch", "batch")
    with pytest.raises(ValueError, match="no timings of 'keras'"):
        bench.series(fake, "lstm", "keras", "steps")


def test_ratio_range_takes_the_median_and_the_rounds_extremes():
    fake = _synthetic({("gru", "reference", 28, 128): 2.0, ("gru", "torch", 28, 128): 1.0})
    fake["rows"][1]["round_medians"] = [1.0, 4.0]
    assert bench.ratio_range(fake, "gru", 28, 128, "reference", "torch") == (2.0, 1.0, 2.0)
    with pytest.raises(ValueError, match="no timing of 'keras' for 'gru' at 28 steps"):
        bench.ratio_range(fake, "gru", 28, 128, "reference", "keras")


def test_stored_sweep_covers_every_contender_and_point_with_its_machine():
    assert {"cpu", "cores", "torch", "tensorflow", "keras", "numpy", "date"} <= set(STORED["machine"])
    assert STORED["seconds"] < 600                                    # under 10 minutes
    points = {(p["steps"], p["hidden"]) for p in bench.sweep_shapes(STORED["sweep"])}
    assert {h for _, h in points} >= {32, 512} and {t for t, _ in points} >= {10, 400}
    found = {(r["kind"], r["contender"], r["steps"], r["hidden"]) for r in STORED["rows"]}
    for kind in ("rnn", "lstm", "gru"):
        for contender in ("reference", "matmul", "torch", "keras", "torch_scratch", "keras_scratch"):
            assert {(kind, contender, t, h) for t, h in points} <= found, (kind, contender)
    assert all(r["median"] > 0 and len(r["round_medians"]) == STORED["rounds"] for r in STORED["rows"])


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_stored_times_grow_linearly_with_length_and_faster_than_linearly_with_hidden(kind):
    """The claims of the benchmarks appendix, on the stored measurements."""
    import numpy as np

    in_length = [bench.growth_exponent(STORED, kind, c, "steps", between=(50, 400))
                 for c in ("reference", "matmul", "torch", "keras", "torch_scratch", "keras_scratch")]
    assert all(0.8 <= p <= 1.35 for p in in_length) and 0.95 <= np.median(in_length) <= 1.1, in_length
    reference_large = bench.growth_exponent(STORED, kind, "reference", "hidden", between=(256, 512))
    reference_small = bench.growth_exponent(STORED, kind, "reference", "hidden", between=(32, 64))
    floor_large = bench.growth_exponent(STORED, kind, "matmul", "hidden", between=(256, 512))
    assert reference_large >= 1.3 and reference_small <= 0.6, (reference_large, reference_small)
    assert 1.4 <= floor_large <= 2.0, floor_large
    rate = bench.flop_rates(STORED, kind)                  # the products run faster when larger
    values = [rate[h] for h in sorted(rate)]
    assert all(a < b for a, b in zip(values, values[1:])) and rate[512] > 2 * rate[32], rate


def test_flops_of_the_matrix_products_are_counted_as_written():
    # G = 4 gates: 2 B T G H (3 D + 3 H) = 2 * 2 * 3 * 4 * 5 * (3 * 7 + 3 * 5)
    assert bench.matmul_flops("lstm", batch=2, steps=3, features=7, hidden=5) == 2 * 2 * 3 * 4 * 5 * 36


def test_bptt_memory_grows_linearly_and_truncation_bounds_it():
    import numpy as np

    lengths = [20, 40, 80, 160]
    full = [bench.peak_memory("lstm", T, batch=8, hidden=32) for T in lengths]
    windowed = [bench.peak_memory("lstm", T, window=20, batch=8, hidden=32) for T in lengths]
    slope, intercept = np.polyfit(lengths, full, 1)
    assert np.max(np.abs(np.polyval([slope, intercept], lengths) - full) / full) < 0.02
    assert slope > 8 * 32 * 4 * 8          # at least 8 arrays of batch x hidden float32 per step
    # one window's cache, whatever the length (truncated_bptt frees each window's cache
    # before the next window runs; holding it would make the peak two windows)
    assert max(windowed) / min(windowed) < 1.05 and max(windowed) < 1.05 * full[0]


def test_sweep_times_every_contender_at_every_point_and_main_writes_json(tmp_path, monkeypatch):
    tiny = {"batch": 2, "features": 3, "steps": 4, "hidden": 5, "hidden_sizes": (5, 6), "lengths": (3, 4)}
    results = bench.sweep(("gru",), tiny, repeats=1, rounds=1, warmup=0, log=lambda _: None)
    assert [(p["steps"], p["hidden"]) for p in bench.sweep_shapes(tiny)] == [(4, 5), (4, 6), (3, 5)]
    assert len(results["rows"]) == 3 * 6 and results["sweep"]["hidden_sizes"] == [5, 6]
    monkeypatch.setattr(bench, "sweep", lambda kinds: dict(results))
    out = tmp_path / "sub" / "bench.json"
    bench.main(["--sweep", str(out)])
    stored = bench.load_results(out)
    assert stored["rows"] == results["rows"] and stored["seconds"] >= 0
