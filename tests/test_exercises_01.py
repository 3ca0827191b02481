"""Exercise checkers of chapter 1 (pad_batch): each accepts a right answer
and names the mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_pad_batch


def right(seqs):
    lengths = np.array([len(s) for s in seqs])
    out = np.zeros((len(seqs), lengths.max(), seqs[0].shape[1]))
    for row, s in zip(out, seqs):
        row[: len(s)] = s
    return out, lengths


def time_major(seqs):
    padded, lengths = right(seqs)
    return padded.transpose(1, 0, 2), lengths


def left_padded(seqs):
    padded, lengths = right(seqs)
    out = np.zeros_like(padded)
    for row, s in zip(out, seqs):
        row[padded.shape[1] - len(s):] = s
    return out, lengths


def padded_with_ones(seqs):
    padded, lengths = right(seqs)
    mask = np.arange(padded.shape[1])[None] >= lengths[:, None]
    padded[mask] = 1.0
    return padded, lengths


def full_lengths(seqs):
    padded, _ = right(seqs)
    return padded, np.full(len(seqs), padded.shape[1])


def only_padded(seqs):
    return right(seqs)[0]


def crashes(seqs):
    raise RuntimeError("boom")


def mutates(seqs):
    result = right(seqs)
    seqs[0][0, 0] = 123.0
    return result


def test_right_answer_passes(capsys):
    assert check_pad_batch(right) is True
    assert "all 5 hidden cases passed" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, diagnosis", [
    (time_major, "time-major"),
    (left_padded, "padding in front"),
    (padded_with_ones, "padding is not zero"),
    (full_lengths, "each sequence's own length"),
    (only_padded, "return a tuple (padded, lengths)"),
    (crashes, "raised RuntimeError: boom"),
    (mutates, "changed its input arrays in place"),
])
def test_wrong_answers_get_a_diagnosis(wrong, diagnosis, capsys):
    assert check_pad_batch(wrong) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ pad_batch") and diagnosis in out, out


def test_checker_does_not_print_the_solution(capsys):
    check_pad_batch(left_padded)
    out = capsys.readouterr().out
    assert "np.zeros" not in out and "def " not in out


def test_passing_the_result_instead_of_the_function_is_explained():
    with pytest.raises(TypeError, match="without calling it"):
        check_pad_batch(right([np.zeros((1, 1))]))


def test_an_untouched_stub_is_told_to_write_the_function(capsys):
    def stub(sequences):
        raise NotImplementedError()

    assert check_pad_batch(stub) is False
    out = capsys.readouterr().out
    assert "not written yet" in out and "Replace the stub's `raise NotImplementedError`" in out, out
