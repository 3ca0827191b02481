"""The NumPy many-to-one classifier of chapter 9 (rnnbook.reference.classifier)."""

import numpy as np
import pytest
import torch

from rnnbook import convert
from rnnbook.reference import CELLS, check_gradients, classifier
from rnnbook.reference.train import split_model


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_gradients_match_finite_differences(kind):
    cell = CELLS[kind]
    model = classifier.init_classifier(cell, 3, 4, 5, seed=1)
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(6, 5, 3)), rng.integers(0, 5, 6)
    _, grads = classifier.batch_gradients(cell, model, x, labels)
    report = check_gradients(lambda: classifier.batch_gradients(cell, model, x, labels)[0],
                             {k: (model[k], grads[k]) for k in model})
    assert report["max_rel_error"] < 1e-5, report


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_loss_and_gradients_equal_torch_with_the_same_weights(kind):
    """The NumPy classifier is nn.RNN/LSTM/GRU + nn.Linear on h_T + cross-entropy."""
    import rnnbook.torch as rt

    cell = CELLS[kind]
    model = classifier.init_classifier(cell, 3, 4, 5, seed=2)
    rng = np.random.default_rng(1)
    x, labels = rng.normal(size=(6, 7, 3)), rng.integers(0, 5, 6)
    loss, grads = classifier.batch_gradients(cell, model, x, labels)
    net = rt.SequenceModel(kind, 3, 4, 5).double()
    cell_params, _ = split_model(model)
    net.recurrent = convert.to_torch(kind, cell_params).double()
    with torch.no_grad():
        net.head.weight.copy_(torch.from_numpy(model["W_yh"]))
        net.head.bias.copy_(torch.from_numpy(model["b_y"]))
    scores = net(torch.from_numpy(x))
    np.testing.assert_allclose(classifier.logits(cell, model, x), scores.detach().numpy(), atol=1e-12)
    torch_loss = torch.nn.functional.cross_entropy(scores, torch.from_numpy(labels))
    torch_loss.backward()
    assert abs(loss - torch_loss.item()) < 1e-12
    np.testing.assert_allclose(grads["W_yh"], net.head.weight.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(grads["b_y"], net.head.bias.grad.numpy(), atol=1e-12)
    _, torch_grads = convert.from_torch(_gradients_as_weights(net.recurrent, kind))
    assert torch_grads.keys() == cell_params.keys()
    for name, value in torch_grads.items():
        np.testing.assert_allclose(grads[name], value, atol=1e-12, err_msg=name)


def _gradients_as_weights(module, kind):
    """A copy of an nn.RNN/LSTM/GRU holding its gradients as weights, read by from_torch.

    The book has one bias per gate where PyTorch has two (bias_ih + bias_hh, with the same
    gradient); the copy keeps bias_ih's gradient and zeroes bias_hh, except for the GRU's
    candidate part, which is the book's separate b_nh.
    """
    import copy

    twin = copy.deepcopy(module)
    H = module.hidden_size
    with torch.no_grad():
        for (name, p), q in zip(module.named_parameters(), twin.parameters()):
            q.copy_(p.grad)
            if name.startswith("bias_hh"):
                q[: 2 * H if kind == "gru" else None] = 0
    return twin


def test_fit_learns_which_half_of_the_sequence_is_larger():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 6, 1))
    labels = (x[:, :3, 0].sum(axis=1) > x[:, 3:, 0].sum(axis=1)).astype(int)
    model = classifier.init_classifier(CELLS["lstm"], 1, 8, 2, seed=0, dtype=np.float32)
    history = classifier.fit(CELLS["lstm"], model, x, labels, epochs=30, lr=1e-2, batch_size=32)
    assert model["W_yh"].dtype == np.float32
    assert history[-1] < 0.3 * history[0]
    accuracy = (classifier.logits(CELLS["lstm"], model, x.astype(np.float32)).argmax(1) == labels).mean()
    assert accuracy > 0.9


def test_fit_names_mismatched_samples():
    model = classifier.init_classifier(CELLS["rnn"], 1, 2, 2)
    with pytest.raises(ValueError, match="same number of samples, got 4 and 3"):
        classifier.fit(CELLS["rnn"], model, np.zeros((4, 2, 1)), np.zeros(3, int))
    for bad in ({"batch_size": 0}, {"batch_size": -2}, {"epochs": 1.5}):
        with pytest.raises(ValueError, match="positive integer"):
            classifier.fit(CELLS["rnn"], model, np.zeros((4, 2, 1)), np.zeros(4, int), **bad)
