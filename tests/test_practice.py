"""What chapter 7 (training in practice) relies on: PyTorch's side of padded batches,
SequenceModel and fit with lengths, fit's optimizers and schedules, and the damped windows."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

import rnnbook.torch as rt
from rnnbook import data
from rnnbook.reference import masking
from rnnbook.torch import masking as torch_masking


def padded(seed=0, lengths=(5, 2, 1, 4)):
    rng = np.random.default_rng(seed)
    lengths = np.array(lengths)
    x = rng.normal(size=(len(lengths), 5, 3))
    x[~masking.step_mask(lengths, 5)] = 0.0
    return x, lengths


def test_torch_masking_equals_the_reference():
    x, lengths = padded()
    values = torch.tensor(np.random.default_rng(1).normal(size=(4, 5, 2)))
    np.testing.assert_allclose(torch_masking.last_outputs(values, lengths).numpy(),
                               masking.last_outputs(values.numpy(), lengths))
    assert torch.equal(torch_masking.last_outputs(values), values[:, -1])
    assert torch.equal(torch_masking.step_mask(lengths, 4, 5), torch.tensor(masking.step_mask(lengths, 5)))
    target = torch.zeros_like(values)
    expected = masking.masked_mse(values.numpy(), target.numpy(), lengths)[0]
    assert torch_masking.masked_mean(values**2, lengths).item() == pytest.approx(expected)
    with pytest.raises(ValueError, match=r"lengths\[2\] = 0"):
        torch_masking.masked_mean(values, [5, 2, 0, 4])


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_sequence_model_with_lengths_reads_each_sequences_last_real_step(kind):
    x, lengths = padded()
    model = rt.SequenceModel(kind, 3, 6, 2, seed=0).double()
    batch = model(torch.tensor(x), lengths=lengths)
    for b, n in enumerate(lengths):
        alone = model(torch.tensor(x[b:b + 1, :n]))
        torch.testing.assert_close(batch[b], alone[0], rtol=0, atol=1e-12)
    per_step = rt.SequenceModel(kind, 3, 6, 2, many_to_one=False, seed=0).double()
    out = per_step(torch.tensor(x), lengths=lengths)
    assert out.shape == (4, 5, 2)
    torch.testing.assert_close(out[2, 1:], per_step.head.bias.expand(4, 2))   # head of zeros


def test_sequence_model_from_scratch_refuses_lengths():
    x, lengths = padded()
    model = rt.SequenceModel("gru", 3, 4, 1, from_scratch=True)
    with pytest.raises(NotImplementedError, match="from_scratch=False"):
        model(torch.tensor(x, dtype=torch.float32), lengths=lengths)


def test_fit_with_lengths_trains_on_the_real_steps_only():
    x, lengths = padded(lengths=(5, 2, 3, 4))
    y = np.array([0, 1, 0, 1])
    junk = x.copy()
    junk[~masking.step_mask(lengths, 5)] = 7.0            # padding must not matter
    histories = []
    for inputs in (x, junk):
        model = rt.SequenceModel("lstm", 3, 4, 2, seed=0)
        histories.append(rt.fit(model, inputs, y, lengths=lengths, loss_fn=nn.CrossEntropyLoss(),
                                epochs=5, lr=0.05, progress=False))
    assert histories[0] == histories[1] and histories[0][-1] < histories[0][0]
    prediction = rt.predict(model, junk, lengths=lengths)
    assert prediction.shape == (4, 2)


def test_fit_optimizers_weight_decay_and_schedule():
    x, y = data.adding_problem(32, 6, rng=0)
    final = {}
    for name, decay in (("adam", 0.0), ("adamw", 0.0), ("adamw", 0.5), ("sgd", 0.0)):
        model = rt.SequenceModel("rnn", 2, 4, 1, seed=0)
        final[name, decay] = rt.fit(model, x, y, epochs=3, lr=0.01, optimizer=name,
                                    weight_decay=decay, progress=False)[-1]
    assert final["adam", 0.0] == final["adamw", 0.0]      # without decay, the same algorithm
    assert len({final["adam", 0.0], final["adamw", 0.5], final["sgd", 0.0]}) == 3
    # A schedule of 0 after the first epoch freezes the weights from then on.
    model = rt.SequenceModel("rnn", 2, 4, 1, seed=0)
    weights = []
    rt.fit(model, x, y, epochs=3, lr=0.1, schedule=lambda epoch: 1.0 if epoch == 0 else 0.0,
           progress=False, on_epoch_end=lambda e, m: weights.append(m.head.weight.detach().clone()))
    assert not torch.equal(weights[0], rt.SequenceModel("rnn", 2, 4, 1, seed=0).head.weight)
    assert torch.equal(weights[0], weights[1]) and torch.equal(weights[1], weights[2])
    # Weight decay alone (zero gradient from a loss that ignores the model) shrinks weights.
    model = rt.SequenceModel("rnn", 2, 4, 1, seed=0)
    before = model.head.weight.detach().abs().sum()
    rt.fit(model, x, y, epochs=2, lr=0.1, optimizer="sgd", weight_decay=0.5, progress=False,
           loss_fn=lambda p, t: (p * 0).sum())
    assert model.head.weight.detach().abs().sum() < 0.95 * before
    with pytest.raises(ValueError, match="optimizer must be one of"):
        rt.fit(model, x, y, optimizer="rmsprop", progress=False)


def test_damped_windows():
    w = data.damped_windows(300, rng=5)
    assert w.x.shape == (300, 40, 1) and w.x.dtype == np.float32
    assert w.lengths.min() >= 6 and w.lengths.max() <= 40
    real = masking.step_mask(w.lengths, 40)
    assert np.all(w.x[~real] == 0) and np.all(w.velocity[~real] == 0)
    light, strong = w.gamma[w.strong == 0], w.gamma[w.strong == 1]
    assert light.max() <= data.tasks.LIGHT[1] < data.tasks.STRONG[0] <= strong.min()
    assert 0.4 < w.strong.mean() < 0.6
    # Noise-free, the positions follow the velocity: x_{t+1} - x_t has v's sign mostly.
    clean = data.damped_windows(50, noise=0.0, rng=6)
    steps = np.diff(clean.x[..., 0], axis=1)[real[:50, 1:] & real[:50, :-1]]
    signs = np.sign(clean.velocity[:, :-1])[real[:50, 1:] & real[:50, :-1]]
    assert np.mean(np.sign(steps) == signs) > 0.8
    assert np.array_equal(data.damped_windows(10, rng=1).x, data.damped_windows(10, rng=1).x)
    with pytest.raises(ValueError, match="min_steps <= max_steps"):
        data.damped_windows(10, min_steps=9, max_steps=8)
