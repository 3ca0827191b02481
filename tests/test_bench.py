"""The benchmark: its timing protocol and its report (timing itself is never asserted)."""

import re

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
        m = re.fullmatch(r"(\w+)\s+([\d.]+)ms\s+([\d.]+)ms\s+([\d.]+)ms\s+([\d.]+)x\s+([\d.]+)x", line)
        if m:
            rows[m[1]] = [float(v) for v in m.groups()[1:]]
    assert set(rows) == {"rnn", "gru"}
    for kind, t in results.items():
        assert set(t) == {"reference", "torch", "keras"}
        reference, torch_ms, keras, ref_ratio, keras_ratio = rows[kind]
        assert abs(reference - t["reference"] * 1e3) <= 0.005 and abs(torch_ms - t["torch"] * 1e3) <= 0.005
        assert abs(keras - t["keras"] * 1e3) <= 0.005
        assert abs(ref_ratio - t["reference"] / t["torch"]) <= 0.005
        assert abs(keras_ratio - t["keras"] / t["torch"]) <= 0.005
