"""The text tools, the character models and their checkers."""

import math

import numpy as np
import pytest
import torch

import rnnbook.keras as rk
import rnnbook.torch as rt
from rnnbook import metrics, text
from rnnbook.data import Vocabulary, load_corpus, unigram_entropy
from rnnbook.exercises import check_bits_per_character, check_temperature_softmax


def test_corpus_is_the_shipped_snapshot_whatever_python_runs(monkeypatch):
    """The corpus comes from the package, not from the running Python's pydoc_data, so the
    text chapter's numbers are the same on every Python (Colab ships 3.10-3.12)."""
    import hashlib
    import sys

    for module in ("pydoc_data", "pydoc_data.topics"):       # a Python without them still works
        monkeypatch.setitem(sys.modules, module, None)
    corpus = load_corpus()
    assert len(corpus.text) == 465_126 and len(set(corpus.text)) == 103
    assert hashlib.sha256(corpus.text.encode()).hexdigest().startswith("71f2ff5d99bd")
    assert "Python Software Foundation" in corpus.licence
    from importlib.resources import files
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in files("rnnbook.data").joinpath(
        "python_doc_topics.LICENSE.txt").read_text()


def test_corpus_vocabulary_and_entropy():
    corpus = load_corpus()
    vocab = Vocabulary(corpus.text)
    sample = corpus.text[:500]
    assert vocab.decode(vocab.encode(sample)) == sample
    with pytest.raises(ValueError, match="not in the vocabulary"):
        Vocabulary("abc").encode("abd")
    assert math.isclose(unigram_entropy("aabb"), 1.0) and unigram_entropy("aaaa") == 0


def test_streams_and_chunks_continue_each_other():
    s = text.streams(np.arange(100), 4)
    assert s.shape == (4, 25) and s[1, 0] == 25
    pieces = list(text.chunks(s, 8))
    assert len(pieces) == 3
    x0, y0 = pieces[0]
    x1, _ = pieces[1]
    np.testing.assert_array_equal(y0, x0 + 1)
    assert x1[0, 0] == x0[0, -1] + 1


def test_tbptt_schedule_runs_the_chunks_in_order_and_starts_over():
    s = text.streams(np.arange(100), 4)                 # 3 chunks of 8 per pass
    schedule = list(text.tbptt_schedule(s, 8, 7))
    assert [first for _, _, first in schedule] == [True, False, False] * 2 + [True]
    passes = [x[0, 0] for x, _, _ in schedule]
    assert passes == [0, 8, 16, 0, 8, 16, 0]
    assert list(text.tbptt_schedule(s, 8, 0)) == []
    with pytest.raises(ValueError, match="hold no chunk of 30 steps"):
        next(text.tbptt_schedule(s, 30, 5))


def test_both_text_models_reset_their_state_exactly_when_the_streams_start_over(monkeypatch):
    """The PyTorch model gets state None, the Keras one a reset, at each schedule restart."""
    import rnnbook.keras.charmodel as kc
    import rnnbook.torch.charmodel as tc

    ids = np.arange(4 * 25) % 7                        # 4 streams of 25: 3 chunks of 8 per pass
    seen = []
    model = tc.CharModel(7, embed=3, hidden=4)
    forward = model.forward
    monkeypatch.setattr(model, "forward", lambda x, state=None: (seen.append(state is None),
                                                                 forward(x, state))[1])
    tc.train_tbptt(model, ids, batch_size=4, length=8, steps=7, progress=False)
    assert seen == [True, False, False] * 2 + [True]

    resets = []
    monkeypatch.setattr(kc, "_reset", lambda m: resets.append(len(history_calls)))
    history_calls = []
    keras_model = kc.char_model(7, 4, embed=3, hidden=4)
    real = keras_model.train_on_batch
    monkeypatch.setattr(keras_model, "train_on_batch",
                        lambda x, y: (history_calls.append(1), real(x, y))[1])
    kc.train_tbptt(keras_model, ids, batch_size=4, length=8, steps=7)
    assert resets == [0, 3, 6] and len(history_calls) == 7


def test_softmax_temperature_and_bits():
    p = metrics.softmax_with_temperature(np.array([1000.0, 0.0]), 1.0)
    assert np.isfinite(p).all() and np.isclose(p[0], 1)
    flat = metrics.softmax_with_temperature(np.array([1.0, 2.0]), 100.0)
    assert abs(flat[0] - 0.5) < 0.01
    with pytest.raises(ValueError, match="positive"):
        metrics.softmax_with_temperature(np.zeros(2), 0)
    logits = np.log(np.array([[0.5, 0.25, 0.25]]))
    assert math.isclose(metrics.bits_per_character(logits, np.array([1])), 2.0)


def test_char_models_learn_a_repeating_text():
    """On a short periodic text both frameworks' models must get far below the unigram cost."""
    corpus = "abcde fghij " * 200
    vocab = Vocabulary(corpus)
    ids = vocab.encode(corpus)
    model = rt.CharModel(len(vocab), hidden=32)
    history = rt.train_tbptt(model, ids, batch_size=8, length=16, steps=150, lr=1e-2, progress=False)
    assert history[-1] < 0.5 * history[0]
    assert rt.evaluate_bits(model, ids[:200]) < 0.5 * unigram_entropy(corpus)
    sample = rt.generate(model, vocab, "abc", 20, temperature=0.5)
    assert sample.startswith("abc") and len(sample) == 23 and set(sample) <= set(corpus)
    kmodel = rk.charmodel.char_model(len(vocab), 8, hidden=32)
    khistory = rk.charmodel.train_tbptt(kmodel, ids, batch_size=8, length=16, steps=150, lr=1e-2)
    assert khistory[-1] < 0.5 * khistory[0]
    assert rk.charmodel.evaluate_bits(kmodel, ids[:200]) < 0.5 * unigram_entropy(corpus)   # reads its sizes


def test_evaluation_streams_score_the_text_in_parallel_pieces():
    x, y = text.evaluation_streams(np.arange(100), 4)
    assert x.shape == y.shape == (4, 24)
    np.testing.assert_array_equal(y, x + 1)                 # y is the next character of x
    assert x[1, 0] == 25                                    # stream 1 starts a quarter in


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_numpy_char_model_gradients_match_finite_differences(kind):
    from rnnbook.reference import CELLS, charmodel, check_gradients

    cell = CELLS[kind]
    model = charmodel.init_char_model(5, 4, cell=cell, seed=1, dtype=np.float64)
    rng = np.random.default_rng(0)
    x_ids, y_ids = rng.integers(0, 5, (2, 6)), rng.integers(0, 5, (2, 6))
    state = charmodel.logits(cell, model, rng.integers(0, 5, (2, 3)))[1]   # a carried state
    _, grads, _ = charmodel.chunk_gradients(cell, model, x_ids, y_ids, state)
    report = check_gradients(lambda: charmodel.chunk_gradients(cell, model, x_ids, y_ids, state)[0],
                             {k: (model[k], grads[k]) for k in model})
    assert report["max_rel_error"] < 1e-4, report    # observed 1.1e-5 at a tiny GRU entry; a wrong term is O(1)


def test_numpy_char_model_equals_torch_rnn_fed_one_hot_characters():
    """Logits, loss and every gradient of the NumPy model equal nn.RNN + nn.Linear given the
    same weights and one-hot inputs (nn.Embedding would be the same product, row by row)."""
    from rnnbook.reference import charmodel, rnn

    V, H = 7, 5
    model = charmodel.init_char_model(V, H, seed=3, dtype=np.float64)
    rng = np.random.default_rng(4)
    x_ids, y_ids = rng.integers(0, V, (3, 8)), rng.integers(0, V, (3, 8))
    loss, grads, final = charmodel.chunk_gradients(rnn, model, x_ids, y_ids)
    layer, head = torch.nn.RNN(V, H, batch_first=True).double(), torch.nn.Linear(H, V).double()
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.from_numpy(model["W_xh"]))
        layer.weight_hh_l0.copy_(torch.from_numpy(model["W_hh"]))
        layer.bias_ih_l0.copy_(torch.from_numpy(model["b_h"]))
        layer.bias_hh_l0.zero_()
        head.weight.copy_(torch.from_numpy(model["W_yh"]))
        head.bias.copy_(torch.from_numpy(model["b_y"]))
    outputs, h_T = layer(torch.nn.functional.one_hot(torch.from_numpy(x_ids), V).double())
    z = head(outputs)
    torch_loss = torch.nn.functional.cross_entropy(z.reshape(-1, V), torch.from_numpy(y_ids).reshape(-1))
    torch_loss.backward()
    np.testing.assert_allclose(charmodel.logits(rnn, model, x_ids)[0], z.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(final, h_T[0].detach().numpy(), atol=1e-12)
    assert math.isclose(loss, torch_loss.item(), rel_tol=1e-12)
    for mine, theirs in (("W_xh", layer.weight_ih_l0), ("W_hh", layer.weight_hh_l0),
                         ("b_h", layer.bias_ih_l0), ("W_yh", head.weight), ("b_y", head.bias)):
        np.testing.assert_allclose(grads[mine], theirs.grad.numpy(), atol=1e-12, err_msg=mine)


def test_numpy_char_model_learns_a_repeating_text_and_samples():
    from rnnbook.reference import charmodel, rnn

    corpus = "abcde fghij " * 200
    vocab = Vocabulary(corpus)
    ids = vocab.encode(corpus)
    model = charmodel.init_char_model(len(vocab), 32, seed=0)
    history = charmodel.train_tbptt(rnn, model, ids, batch_size=8, length=16, steps=150, lr=1e-2)
    assert model["W_hh"].dtype == np.float32                 # trained in the model's own dtype
    assert history[-1] < 0.5 * history[0]
    assert charmodel.evaluate_bits(rnn, model, ids[:200]) < 0.5 * unigram_entropy(corpus)
    sample = charmodel.generate(rnn, model, vocab, "abc", 20, temperature=0.5, seed=1)
    assert sample.startswith("abc") and len(sample) == 23 and set(sample) <= set(corpus)
    assert sample == charmodel.generate(rnn, model, vocab, "abc", 20, temperature=0.5, seed=1)


def test_one_hot_names_bad_ids():
    from rnnbook.reference.charmodel import one_hot

    np.testing.assert_array_equal(one_hot(np.array([[2, 0]]), 3)[0], [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"\[0, 3\).*Vocabulary"):
        one_hot(np.array([3]), 3)
    with pytest.raises(TypeError, match="integer"):
        one_hot(np.array([0.0]), 3)


def right_softmax(logits, t):
    z = logits / t
    e = np.exp(z - z.max())
    return e / e.sum()


@pytest.mark.parametrize("answer, diagnosis", [
    (right_softmax, None),
    (lambda z, t: np.exp(z / t) / np.exp(z / t).sum(), "NaN or inf"),
    (lambda z, t: right_softmax(z * t * t, t), "do not multiply"),
    (lambda z, t: right_softmax(z, 1.0), "temperature is ignored"),
    (lambda z, t: np.exp((z - z.max()) / t), "add up to 1"),
])
def test_temperature_checker(answer, diagnosis, capsys):
    with np.errstate(over="ignore", invalid="ignore"):
        assert check_temperature_softmax(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


def right_bits(logits, targets):
    return metrics.bits_per_character(logits, targets)


@pytest.mark.parametrize("answer, diagnosis", [
    (right_bits, None),
    (lambda lg, tg: right_bits(lg, tg) * math.log(2), "nats"),
    (lambda lg, tg: right_bits(lg, tg) * len(tg), "total"),
    (lambda lg, tg: -right_bits(lg, tg), "sign"),
])
def test_bits_checker(answer, diagnosis, capsys):
    assert check_bits_per_character(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


def test_char_model_rejects_a_bad_kind():
    with pytest.raises(ValueError, match="'gru' or 'lstm'"):
        rt.CharModel(5, kind="rnn")
    assert isinstance(rt.CharModel(5, kind="lstm").rnn, torch.nn.LSTM)
