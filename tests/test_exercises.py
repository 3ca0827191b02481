"""The checkers must accept a right answer and name the mistake in a wrong one."""

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


# ------------------------------------------------------------------ rnn_step / rnn_forward

from rnnbook.exercises import check_rnn_forward, check_rnn_step  # noqa: E402


def good_step(x_t, h, W_xh, W_hh, b):
    return np.tanh(x_t @ W_xh.T + h @ W_hh.T + b)


@pytest.mark.parametrize("wrong, diagnosis", [
    (lambda x, h, Wx, Wh, b: good_step(x, h, Wx, Wh, b).T, "(hidden, batch)"),
    (lambda x, h, Wx, Wh, b: x @ Wx.T + h @ Wh.T + b, "pre-activation"),
    (lambda x, h, Wx, Wh, b: np.maximum(x @ Wx.T + h @ Wh.T + b, 0), "nonlinearity"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx.T + h @ Wh + b), "W_hh is used transposed"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx.T + h @ Wh.T), "bias b_h is missing"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx.T + b), "h_prev is not used"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + h @ Wh.T + b), "raised ValueError"),
])
def test_rnn_step_checker_names_the_mistake(wrong, diagnosis, capsys):
    assert check_rnn_step(wrong) is False
    out = capsys.readouterr().out
    assert diagnosis in out, out


def test_rnn_step_checker_accepts_a_right_step(capsys):
    assert check_rnn_step(good_step)
    assert "4 hidden cases passed" in capsys.readouterr().out


def good_forward(x, h0, W_xh, W_hh, b):
    h, out = h0, []
    for t in range(x.shape[1]):
        h = good_step(x[:, t], h, W_xh, W_hh, b)
        out.append(h)
    return np.stack(out, axis=1)


def not_carried(x, h0, W_xh, W_hh, b):
    return np.stack([good_step(x[:, t], h0, W_xh, W_hh, b) for t in range(x.shape[1])], axis=1)


def shifted(x, h0, W_xh, W_hh, b):
    out = good_forward(x, h0, W_xh, W_hh, b)
    return np.concatenate([h0[:, None], out[:, :-1]], axis=1)


@pytest.mark.parametrize("wrong, diagnosis", [
    (lambda *a: good_forward(*a).transpose(1, 0, 2), "time-major"),
    (lambda *a: good_forward(*a)[:, -1], "only the final state"),
    (not_carried, "every step starts from h0"),
    (lambda x, h0, *p: good_forward(x, np.zeros_like(h0), *p), "h0 is ignored"),
    (shifted, "shifted by one step"),
])
def test_rnn_forward_checker_names_the_mistake(wrong, diagnosis, capsys):
    assert check_rnn_forward(wrong) is False
    out = capsys.readouterr().out
    assert diagnosis in out, out


def test_rnn_forward_checker_accepts_a_right_forward():
    assert check_rnn_forward(good_forward)


# ------------------------------------------------------------------------- rnn_backward

from rnnbook.exercises import check_rnn_backward  # noqa: E402
from rnnbook.exercises.bptt import _variant  # noqa: E402


def test_rnn_backward_checker_accepts_the_right_loop(capsys):
    assert check_rnn_backward(_variant)
    assert "passed" in capsys.readouterr().out


@pytest.mark.parametrize("switch, diagnosis", [
    ({"accumulate": False}, "SUM over all steps"),
    ({"recursion": False}, "does not flow back in time"),
    ({"phi_from_prev": True}, "at h_t"),
    ({"transpose_recursion": True}, "wrong transpose in the recursion"),
    ({"tanh_prime": False}, "derivative of tanh"),
])
def test_rnn_backward_checker_names_the_mistake(switch, diagnosis, capsys):
    assert check_rnn_backward(lambda *a: _variant(*a, **switch)) is False
    out = capsys.readouterr().out
    assert diagnosis in out, out


def test_rnn_backward_checker_shape_and_transpose_messages(capsys):
    def transposed(*a):
        g = list(_variant(*a))
        g[1] = g[1].T
        return tuple(g)

    assert check_rnn_backward(transposed) is False
    assert "d_W_hh is transposed" in capsys.readouterr().out
    assert check_rnn_backward(lambda *a: _variant(*a)[:4]) is False
    assert "five arrays" in capsys.readouterr().out


# ----------------------------------------------------------- decay rate and gradient clipping

from rnnbook.exercises import check_clip_by_global_norm, check_decay_rate  # noqa: E402


def spectral(W):
    return np.abs(np.linalg.eigvals(W)).max()


@pytest.mark.parametrize("answer, diagnosis", [
    (lambda W: np.log(spectral(W)), None),
    (spectral, "spectral radius itself"),
    (lambda W: np.log10(spectral(W)), "natural logarithm"),
    (lambda W: np.log(np.linalg.norm(W, 2)), "largest singular value"),
    (lambda W: np.log(np.abs(np.linalg.eigvals(W)).mean()), "mean |eigenvalue|"),
    (lambda W: -np.log(spectral(W)), "sign is flipped"),
])
def test_decay_rate_checker(answer, diagnosis, capsys):
    assert check_decay_rate(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


def global_clip(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    factor = min(1.0, max_norm / norm)
    return {k: g * factor for k, g in grads.items()}, norm


def per_array_clip(grads, max_norm):
    norm = global_clip(grads, max_norm)[1]
    return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}, norm


def always_scale(grads, max_norm):
    norm = global_clip(grads, max_norm)[1]
    return {k: g * max_norm / norm for k, g in grads.items()}, norm


def sum_of_norms(grads, max_norm):
    clipped, _ = global_clip(grads, max_norm)
    return clipped, sum(np.linalg.norm(g) for g in grads.values())


def in_place(grads, max_norm):
    clipped, norm = global_clip(grads, max_norm)
    for k in grads:
        grads[k] *= 0.5
    return clipped, norm


@pytest.mark.parametrize("answer, diagnosis", [
    (global_clip, None),
    (per_array_clip, "each array was clipped on its own"),
    (always_scale, "never scale up"),
    (sum_of_norms, "not the sum of the per-array norms"),
    (in_place, "changed its input arrays in place"),
    (lambda g, m: global_clip(g, m)[0], "return a tuple"),
])
def test_clip_checker(answer, diagnosis, capsys):
    assert check_clip_by_global_norm(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


# ------------------------------------------------------------------ LSTM and GRU steps

from rnnbook.exercises import check_gru_step, check_lstm_step  # noqa: E402
from rnnbook.exercises.gates import _lstm_parts, _sig  # noqa: E402


def lstm_right(x, h, c, p):
    i, f, g, o = _lstm_parts(x, h, c, p)
    c_t = f * c + i * g
    return o * np.tanh(c_t), c_t


def lstm_variant(mistake):
    def step(x, h, c, p):
        i, f, g, o = _lstm_parts(x, h, c, p)
        c_t = {"swap": i * c + f * g, "noforget": c + i * g}.get(mistake, f * c + i * g)
        h_t = {"notanh": o * c_t, "oldc": o * np.tanh(c), "noo": np.tanh(c_t)}.get(mistake, o * np.tanh(c_t))
        return (c_t, h_t) if mistake == "order" else (h_t, c_t)
    return step


@pytest.mark.parametrize("mistake, diagnosis", [
    ("swap", "input and forget gates are swapped"), ("noforget", "forget gate is missing"),
    ("notanh", "tanh on the cell state is missing"), ("oldc", "NEW cell state"),
    ("noo", "output gate is missing"), ("order", "order is swapped"),
])
def test_lstm_step_checker(mistake, diagnosis, capsys):
    assert check_lstm_step(lstm_right)
    capsys.readouterr()
    assert check_lstm_step(lstm_variant(mistake)) is False
    assert diagnosis in capsys.readouterr().out


def gru_variant(mistake):
    def step(x, h, p):
        r = _sig(x @ p["W_rx"].T + h @ p["W_rh"].T + p["b_r"])
        z = _sig(x @ p["W_zx"].T + h @ p["W_zh"].T + p["b_z"])
        inner = {"before": (r * h) @ p["W_nh"].T + p["b_nh"], "noreset": h @ p["W_nh"].T + p["b_nh"],
                 "nobias": r * (h @ p["W_nh"].T)}.get(mistake, r * (h @ p["W_nh"].T + p["b_nh"]))
        n = np.tanh(x @ p["W_nx"].T + p["b_n"] + inner)
        return z * n + (1 - z) * h if mistake == "flip" else (1 - z) * n + z * h
    return step


@pytest.mark.parametrize("mistake, diagnosis", [
    ("flip", "wrong way round"), ("before", "reset-BEFORE"), ("noreset", "reset gate is not applied"),
    ("nobias", "b_nh is missing"),
])
def test_gru_step_checker(mistake, diagnosis, capsys):
    assert check_gru_step(gru_variant(None))
    capsys.readouterr()
    assert check_gru_step(gru_variant(mistake)) is False
    assert diagnosis in capsys.readouterr().out


# ------------------------------------------------------------------------- sliding windows

from rnnbook.exercises import check_sliding_windows  # noqa: E402


def windows_right(s, w):
    n = len(s) - w
    return np.stack([s[k:k + w] for k in range(n)]), s[w:]


@pytest.mark.parametrize("answer, diagnosis", [
    (windows_right, None),
    (lambda s, w: (np.stack([s[k:k + w] for k in range(len(s) - w + 1)]), s[w - 1:]), "drop the last window"),
    (lambda s, w: (windows_right(s, w)[0], s[w - 1:-1]), "value AFTER it"),
    (lambda s, w: (windows_right(s, w)[0].T, windows_right(s, w)[1]), "transposed"),
    (lambda s, w: (windows_right(s, w)[0][:-1], windows_right(s, w)[1][:-1]), "last window is missing"),
])
def test_sliding_windows_checker(answer, diagnosis, capsys):
    assert check_sliding_windows(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


# ------------------------------------------------------------------------ confusion matrix

from rnnbook.exercises import check_confusion_matrix  # noqa: E402


def cm_right(t, p, n):
    m = np.zeros((n, n), dtype=int)
    for a, b in zip(t, p):
        m[a, b] += 1
    return m


@pytest.mark.parametrize("answer, diagnosis", [
    (cm_right, None),
    (lambda t, p, n: cm_right(t, p, n).T, "transposed"),
    (lambda t, p, n: cm_right(t, p, n) / np.maximum(cm_right(t, p, n).sum(1, keepdims=True), 1), "counts, not fractions"),
    (lambda t, p, n: cm_right(t, p, max(t.max(), p.max()) + 1), "never occur"),
])
def test_confusion_matrix_checker(answer, diagnosis, capsys):
    assert check_confusion_matrix(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


def test_confusion_matrix_and_figures():
    import matplotlib.pyplot as plt

    from rnnbook import plots

    m = plots.confusion_matrix(np.array([0, 1, 1, 2]), np.array([0, 2, 1, 2]))
    assert m.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    counts = np.array([[5, 0], [1, 2]])
    ax = plots.confusion(counts, title="counts")
    written = {(t.get_position(), t.get_text(), t.get_color()) for t in ax.texts}
    # (column, row); zeros left blank; white on the dark cells above half the largest count
    assert written == {((0, 0), "5", "white"), ((0, 1), "1", "black"), ((1, 1), "2", "black")}
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("predicted", "true", "counts")
    np.testing.assert_array_equal(ax.images[0].get_array(), counts)
    fig = plots.image_grid(np.zeros((3, 8, 8)), ["a", "b", "c"], columns=2)
    assert len(fig.axes) == 4
    with pytest.raises(ValueError, match="1-D of one length"):
        plots.confusion_matrix(np.zeros(3, int), np.zeros(2, int))
    plt.close("all")


# ------------------------------------------------------------------ autoencoder chapters

from rnnbook.exercises import check_autoencoder_backward, check_gaussian_kl, check_mahalanobis  # noqa: E402
from rnnbook.exercises.autoencoders import _backward_variant  # noqa: E402


def _transposed_weights(x, params):
    grads = _backward_variant(x, params)
    return {k: (g.T if k.startswith("W_") else g) for k, g in grads.items()}


def _per_example_bias(x, params):
    grads = _backward_variant(x, params)
    grads["b_dec1"] = np.repeat(grads["b_dec1"][None] / len(x), len(x), axis=0)
    return grads


@pytest.mark.parametrize("answer, diagnosis", [
    (_backward_variant, None),
    (lambda x, p: _backward_variant(x, p, tanh_prime=False), "miss tanh'(a)"),
    (lambda x, p: _backward_variant(x, p, scale=False), "times the right one"),
    (lambda x, p: _backward_variant(x, p, decoder_path=False), "must come through the decoder"),
    (_transposed_weights, "is transposed"),
    (_per_example_bias, "sum the bias gradient over the batch"),
    (lambda x, p: {k: v for k, v in _backward_variant(x, p).items() if k != "b_enc1"}, "exactly the keys"),
    (lambda x, p: {k: v + 1 for k, v in _backward_variant(x, p).items()}, "these gradients are wrong"),
])
def test_autoencoder_backward_checker(answer, diagnosis, capsys):
    assert check_autoencoder_backward(answer) is (diagnosis is None)
    out = capsys.readouterr().out
    assert (diagnosis or "passed") in out, out


def _kl(mu, log_var):
    return 0.5 * np.sum(mu**2 + np.exp(log_var) - 1 - log_var, axis=1)


@pytest.mark.parametrize("answer, diagnosis", [
    (_kl, None),
    (lambda m, lv: 2 * _kl(m, lv), "factor 1/2 is missing"),
    (lambda m, lv: 0.5 * np.sum(m**2 + np.exp(lv / 2) - 1 - lv, axis=1), "you used sigma"),
    (lambda m, lv: 0.5 * np.sum(m**2 + np.exp(lv) - 1 - 2 * lv, axis=1), "not -2 log_var"),
    (lambda m, lv: -_kl(m, lv), "sign is flipped"),
    (lambda m, lv: _kl(m, lv) / m.shape[1], "do not average"),
    (lambda m, lv: 0.5 * (m**2 + np.exp(lv) - 1 - lv), "sum over the latent dimensions"),
    (lambda m, lv: _kl(m, lv).mean(), "not the batch's total or mean"),
    (lambda m, lv: _kl(m, lv) + 0.5 * m.shape[1], "constant -1"),
    (lambda m, lv: _kl(m, lv) + 0.3, "the values are wrong"),
])
def test_gaussian_kl_checker(answer, diagnosis, capsys):
    assert check_gaussian_kl(answer) is (diagnosis is None)
    out = capsys.readouterr().out
    assert (diagnosis or "passed") in out, out


def _mahalanobis(errors, mean, covariance):
    centred = errors - mean
    return np.einsum("ij,jk,ik->i", centred, np.linalg.inv(covariance), centred)


@pytest.mark.parametrize("answer, diagnosis", [
    (_mahalanobis, None),
    (lambda e, m, c: np.sqrt(_mahalanobis(e, m, c)), "SQUARED form"),
    (lambda e, m, c: np.einsum("ij,jk,ik->i", e - m, c, e - m), "inverse of the covariance"),
    (lambda e, m, c: _mahalanobis(e, np.zeros_like(m), c), "subtract the mean"),
    (lambda e, m, c: np.sum((e - m) ** 2 / np.diag(c), axis=1), "off-diagonal"),
    (lambda e, m, c: (e - m) @ np.linalg.inv(c) @ (e - m).T, "every pair"),
    (lambda e, m, c: (e - m) ** 2, "one score per error vector"),
])
def test_mahalanobis_checker(answer, diagnosis, capsys):
    assert check_mahalanobis(answer) is (diagnosis is None)
    out = capsys.readouterr().out
    assert (diagnosis or "passed") in out, out
