"""Losses, dense layer, optimizers, clipping, initialisers and truncated BPTT vs PyTorch."""

import numpy as np
import pytest
import torch

from rnnbook import convert
from rnnbook.reference import CELLS, init, layers, losses, optim, truncated_bptt


def test_mse_matches_torch():
    rng = np.random.default_rng(0)
    p, y = rng.normal(size=(4, 7, 2)), rng.normal(size=(4, 7, 2))
    loss, d = losses.mse(p, y)
    pt = torch.tensor(p, requires_grad=True)
    lt = torch.nn.functional.mse_loss(pt, torch.tensor(y))
    lt.backward()
    assert abs(loss - lt.item()) < 1e-12
    np.testing.assert_allclose(d, pt.grad.numpy(), atol=1e-14)
    with pytest.raises(ValueError, match="same shape"):
        losses.mse(p, y[:, -1])


@pytest.mark.parametrize("shape", [(5, 3), (2, 6, 4)])
def test_cross_entropy_matches_torch(shape):
    rng = np.random.default_rng(1)
    logits = 10 * rng.normal(size=shape)
    labels = rng.integers(0, shape[-1], size=shape[:-1])
    loss, d = losses.softmax_cross_entropy(logits, labels)
    lt = torch.tensor(logits, requires_grad=True)
    ref = torch.nn.functional.cross_entropy(lt.reshape(-1, shape[-1]), torch.tensor(labels).reshape(-1))
    ref.backward()
    assert abs(loss - ref.item()) < 1e-12
    np.testing.assert_allclose(d, lt.grad.numpy(), atol=1e-14)


def test_cross_entropy_errors():
    with pytest.raises(TypeError, match="integer class indices"):
        losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\)"):
        losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([[0, 1]]))


def test_dense_layer_matches_torch_linear():
    rng = np.random.default_rng(2)
    params = layers.dense_init(4, 3, rng=rng)
    x = rng.normal(size=(2, 5, 4))
    d_y = rng.normal(size=(2, 5, 3))
    y, cache = layers.dense_forward(x, params)
    grads, d_x = layers.dense_backward(d_y, cache)
    lin = torch.nn.Linear(4, 3, dtype=torch.float64)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(params["W"]))
        lin.bias.copy_(torch.tensor(params["b"]))
    xt = torch.tensor(x, requires_grad=True)
    (lin(xt) * torch.tensor(d_y)).sum().backward()
    np.testing.assert_allclose(y, lin(xt).detach().numpy(), atol=1e-13)
    np.testing.assert_allclose(grads["W"], lin.weight.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(grads["b"], lin.bias.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(d_x, xt.grad.numpy(), atol=1e-12)
    with pytest.raises(ValueError, match="expects 4 input features"):
        layers.dense_forward(x[..., :3], params)


@pytest.mark.parametrize("name", list(layers.ACTIVATIONS))
def test_activation_derivatives(name):
    f, df = layers.ACTIVATIONS[name]
    a = np.linspace(-3, 3, 13) + 0.01
    numeric = (f(a + 1e-6) - f(a - 1e-6)) / 2e-6
    np.testing.assert_allclose(df(f(a)), numeric, atol=1e-6)


def _torch_params(params):
    return {k: torch.nn.Parameter(torch.tensor(v)) for k, v in params.items()}


@pytest.mark.parametrize("make", [
    lambda p: (optim.SGD(p, lr=0.1), lambda q: torch.optim.SGD(q, lr=0.1)),
    lambda p: (optim.SGD(p, lr=0.05, momentum=0.9), lambda q: torch.optim.SGD(q, lr=0.05, momentum=0.9)),
    lambda p: (optim.Adam(p, lr=0.01), lambda q: torch.optim.Adam(q, lr=0.01)),
    lambda p: (optim.Adam(p, lr=0.003, betas=(0.8, 0.99), eps=1e-6),
               lambda q: torch.optim.Adam(q, lr=0.003, betas=(0.8, 0.99), eps=1e-6)),
])
def test_optimizers_match_torch_step_for_step(make):
    rng = np.random.default_rng(3)
    params = {"W": rng.normal(size=(3, 4)), "b": rng.normal(size=3)}
    tparams = _torch_params(params)
    ours, theirs = make(params)
    theirs = theirs(list(tparams.values()))
    for _ in range(25):
        grads = {k: rng.normal(size=v.shape) for k, v in params.items()}
        for k, p in tparams.items():
            p.grad = torch.tensor(grads[k])
        ours.step(grads)
        theirs.step()
    for k in params:
        np.testing.assert_allclose(params[k], tparams[k].detach().numpy(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clipping_matches_torch(max_norm):
    rng = np.random.default_rng(4)
    grads = {"a": rng.normal(size=(3, 3)), "b": rng.normal(size=5)}
    tparams = _torch_params({k: np.zeros_like(v) for k, v in grads.items()})
    for k, p in tparams.items():
        p.grad = torch.tensor(grads[k])
    norm = optim.clip_by_global_norm(grads, max_norm)
    tnorm = torch.nn.utils.clip_grad_norm_(list(tparams.values()), max_norm)
    assert abs(norm - tnorm.item()) < 1e-12
    for k in grads:
        np.testing.assert_allclose(grads[k], tparams[k].grad.numpy(), atol=1e-14)
    with pytest.raises(ValueError, match="positive"):
        optim.clip_by_global_norm(grads, 0)


def test_optimizer_rejects_mismatched_grads():
    opt = optim.SGD({"W": np.zeros(2)}, lr=0.1)
    with pytest.raises(ValueError, match=r"missing \['W'\]"):
        opt.step({"V": np.zeros(2)})


def test_orthogonal_and_identity():
    q = init.orthogonal((6, 6), rng=0)
    np.testing.assert_allclose(q @ q.T, np.eye(6), atol=1e-12)
    tall = init.orthogonal((6, 3), gain=2.0, rng=0)
    np.testing.assert_allclose(np.linalg.svd(tall, compute_uv=False), 2.0, atol=1e-12)
    np.testing.assert_array_equal(init.identity(3, scale=0.5), 0.5 * np.eye(3))


def _sum_loss(targets):
    """L = 0.5 * sum((h_t - y_t)^2) over a chunk, and its gradient h_t - y_t."""
    def loss_and_grad(outputs, start):
        diff = outputs - targets[:, start:start + outputs.shape[1]]
        return 0.5 * float(np.sum(diff**2)), diff
    return loss_and_grad


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_truncated_bptt_with_a_long_window_is_full_bptt(kind):
    rng = np.random.default_rng(5)
    params = CELLS[kind].init_params(2, 3, rng=rng)
    x, y = rng.normal(size=(2, 12, 2)), rng.normal(size=(2, 12, 3))
    _, grads, _ = truncated_bptt(CELLS[kind], x, params, 12, _sum_loss(y))
    outputs, _, cache = CELLS[kind].forward(x, params)
    full, _, _ = CELLS[kind].backward(outputs - y, cache)
    for k in params:
        np.testing.assert_allclose(grads[k], full[k], atol=1e-12)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("window", [1, 4, 5])
def test_truncated_bptt_equals_detach_in_torch(kind, window):
    rng = np.random.default_rng(6)
    params = CELLS[kind].init_params(2, 3, rng=rng)
    x, y = rng.normal(size=(2, 13, 2)), rng.normal(size=(2, 13, 3))
    total, grads, final = truncated_bptt(CELLS[kind], x, params, window, _sum_loss(y))

    module = convert.to_torch(kind, params)
    state, loss_sum = None, 0.0
    for start in range(0, 13, window):
        out, state = module(torch.tensor(x[:, start:start + window]), state)
        loss = 0.5 * ((out - torch.tensor(y[:, start:start + window])) ** 2).sum()
        loss.backward()
        loss_sum += loss.item()
        state = tuple(s.detach() for s in state) if kind == "lstm" else state.detach()
    torch_grads = convert.to_torch(kind, grads)
    for name, p in module.named_parameters():
        want = dict(torch_grads.named_parameters())[name if name != "bias_hh_l0" else "bias_ih_l0"]
        want = want.detach().numpy().copy()
        if name == "bias_hh_l0" and kind == "gru":
            want[6:] = grads["b_nh"]
        np.testing.assert_allclose(p.grad.numpy(), want, atol=1e-12, err_msg=name)
    assert abs(total - loss_sum) < 1e-10
    final_h = final[0] if kind == "lstm" else final
    np.testing.assert_allclose(final_h, (state[0] if kind == "lstm" else state)[0].numpy(), atol=1e-12)


def test_truncated_bptt_rejects_bad_window():
    with pytest.raises(ValueError, match="window must be a positive integer"):
        truncated_bptt(CELLS["rnn"], np.zeros((1, 3, 2)), CELLS["rnn"].init_params(2, 2), 0, None)
