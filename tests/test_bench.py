"""The benchmark runs end to end (timing itself is never asserted in tests)."""

from rnnbook import bench


def test_bench_runs_and_reports_every_contender(capsys):
    results = bench.main(["--batch", "2", "--steps", "3", "--features", "2", "--hidden", "4",
                          "--repeats", "3", "--kinds", "rnn,gru"])
    assert set(results) == {"rnn", "gru"}
    for times in results.values():
        assert set(times) == {"reference", "torch", "keras"} and all(t > 0 for t in times.values())
    out = capsys.readouterr().out
    assert "ref/torch" in out and "gru" in out
