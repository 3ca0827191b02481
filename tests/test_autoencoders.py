"""The autoencoders: hand-written backward against finite differences and autograd, the
frameworks' twins against the reference for the same weights, the converter, bad inputs."""

import keras
import numpy as np
import pytest
import torch

from rnnbook import convert
from rnnbook.reference import autoencoder, check_gradients, losses, lstm, sequence_autoencoder, vae

# ------------------------------------------------------------------ dense autoencoder


@pytest.mark.parametrize("sizes", [(5, 3), (6, 4, 2), (7, 5, 4, 3)])
@pytest.mark.parametrize("activation, output", [("tanh", "identity"), ("sigmoid", "sigmoid"),
                                                ("identity", "identity"), ("relu", "tanh")])
def test_autoencoder_backward_equals_finite_differences(sizes, activation, output):
    rng = np.random.default_rng(len(sizes))
    params = autoencoder.init_params(sizes, rng=rng)
    x = rng.normal(size=(4, sizes[0]))
    weight, code_weight = rng.normal(size=(4, sizes[0])), rng.normal(size=(4, sizes[-1]))

    def loss():
        reconstruction, code, _ = autoencoder.forward(x, params, activation=activation, output=output)
        return float(np.sum(weight * reconstruction) + np.sum(code_weight * code))

    _, _, cache = autoencoder.forward(x, params, activation=activation, output=output)
    grads, d_x = autoencoder.backward(weight, cache, d_code=code_weight)
    assert grads.keys() == params.keys()
    report = check_gradients(loss, {**{k: (params[k], grads[k]) for k in params}, "x": (x, d_x)})
    assert report["max_rel_error"] < 1e-5, report      # observed up to 1.5e-6


def test_check_gradients_catches_a_wrong_gradient():
    params = autoencoder.init_params((4, 2), rng=0)
    x = np.random.default_rng(0).normal(size=(3, 4))
    _, _, cache = autoencoder.forward(x, params)
    grads, _ = autoencoder.backward(np.ones((3, 4)), cache)      # misses the code's penalty

    def loss():
        reconstruction, code, _ = autoencoder.forward(x, params)
        return float(reconstruction.sum() + code.sum())

    report = check_gradients(loss, {k: (params[k], grads[k]) for k in params})
    assert report["max_rel_error"] > 1e-2 and report["where"][0].endswith("enc1")


def test_autoencoder_parameter_names_and_shapes():
    params = autoencoder.init_params((64, 32, 8), rng=0)
    assert {k: v.shape for k, v in params.items()} == {
        "W_enc1": (32, 64), "b_enc1": (32,), "W_enc2": (8, 32), "b_enc2": (8,),
        "W_dec1": (32, 8), "b_dec1": (32,), "W_dec2": (64, 32), "b_dec2": (64,)}
    assert autoencoder.sizes_of(params) == (64, 32, 8)
    assert autoencoder.init_params((4, 2), rng=0, dtype=np.float32)["W_enc1"].dtype == np.float32
    x = np.zeros((3, 64))
    reconstruction, code, _ = autoencoder.forward(x, params)
    assert reconstruction.shape == (3, 64) and code.shape == (3, 8)


@pytest.mark.parametrize("activation, output", [("tanh", "identity"), ("relu", "sigmoid")])
def test_autoencoder_equals_torch_autograd_and_keras(activation, output):
    rng = np.random.default_rng(5)
    params = autoencoder.init_params((9, 6, 3), rng=rng)
    x = rng.uniform(size=(5, 9))
    target = rng.uniform(size=(5, 9))
    reconstruction, code, cache = autoencoder.forward(x, params, activation=activation, output=output)
    loss_fn = losses.binary_cross_entropy if output == "sigmoid" else losses.mse
    value, d_reconstruction = loss_fn(reconstruction, target)
    grads, d_x = autoencoder.backward(d_reconstruction, cache)

    model = convert.to_torch("autoencoder", params, activation=activation, output=output)
    xt = torch.tensor(x, requires_grad=True)
    out = model(xt)
    torch_loss = (torch.nn.functional.binary_cross_entropy if output == "sigmoid"
                  else torch.nn.functional.mse_loss)(out, torch.tensor(target))
    torch_loss.backward()
    assert abs(torch_loss.item() - value) < 1e-12
    np.testing.assert_allclose(out.detach().numpy(), reconstruction, atol=1e-12)
    np.testing.assert_allclose(model.encode(xt).detach().numpy(), code, atol=1e-12)
    np.testing.assert_allclose(xt.grad.numpy(), d_x, atol=1e-12)
    for name, layer in model.book_layers().items():
        np.testing.assert_allclose(layer.weight.grad.numpy(), grads[f"W_{name}"], atol=1e-12)
        np.testing.assert_allclose(layer.bias.grad.numpy(), grads[f"b_{name}"], atol=1e-12)

    keras_model = convert.to_keras("autoencoder", params, activation=activation, output=output)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(keras_model(x)), reconstruction, atol=1e-12)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(keras_model.encode(x)), code, atol=1e-12)


@pytest.mark.parametrize("kind, params, options, sizes", [
    ("autoencoder", autoencoder.init_params((6, 4, 2), rng=1), {"activation": "relu"}, ((6, 4, 2),)),
    ("vae", vae.init_params((6, 4, 2), rng=2), {}, ((6, 4, 2),)),
    ("sequence_autoencoder", sequence_autoencoder.init_params(2, 3, rng=3), {}, (2, 3)),
    ("sequence_autoencoder", sequence_autoencoder.init_params(2, 3, decoder="reverse", rng=4),
     {"decoder": "reverse"}, (2, 3)),
])
def test_models_round_trip_through_both_frameworks(kind, params, options, sizes):
    def same(a, b):
        assert a.keys() == b.keys()
        for k in a:
            if isinstance(a[k], dict):
                same(a[k], b[k])
            else:
                np.testing.assert_allclose(a[k], b[k], atol=1e-14)

    model = convert.to_torch(kind, params, **options)
    assert convert.from_torch(model)[0] == kind
    same(convert.from_torch(model)[1], params)
    same(convert.from_keras(convert.to_keras(kind, params, **options))[1], params)
    # and from a freshly initialised twin, torch -> book -> keras -> book
    fresh = type(model)(*sizes, seed=7, **options)
    _, from_fresh = convert.from_torch(fresh)
    same(convert.from_keras(convert.to_keras(kind, from_fresh, **options))[1], from_fresh)


def test_float32_models_keep_their_dtype():
    params = autoencoder.init_params((4, 2), rng=0, dtype=np.float32)
    assert next(convert.to_torch("autoencoder", params).parameters()).dtype == torch.float32
    assert convert.to_keras("autoencoder", params).book_layers()["enc1"].get_weights()[0].dtype == np.float32


def test_fit_trains_and_denoising_corrupts_only_the_input():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2)) @ rng.normal(size=(2, 6))       # rank-2 data in 6-D
    params = autoencoder.init_params((6, 2), rng=1)
    history = autoencoder.fit(params, x, epochs=60, lr=1e-2, activation="identity", batch_size=50)
    assert history[-1] < 0.05 * history[0]
    seen = []

    def corrupt(batch, rng):
        seen.append(batch.copy())
        return batch + rng.normal(scale=0.1, size=batch.shape)

    autoencoder.fit(autoencoder.init_params((6, 2), rng=1), x, epochs=1, corrupt=corrupt, batch_size=50)
    assert len(seen) == 4 and sum(len(b) for b in seen) == 200
    with pytest.raises(ValueError, match="loss must be one of"):
        autoencoder.fit(params, x, loss="hinge")
    with pytest.raises(ValueError, match="same number of rows"):
        autoencoder.fit(params, x, target=x[:10])


# ------------------------------------------------------------------------- bad inputs

P = autoencoder.init_params((6, 4, 2), rng=0)


@pytest.mark.parametrize("x, error, message", [
    (np.zeros(6), ValueError, r"2 dimensions \(batch, features\), got shape \(6,\).*x\[None\]"),
    (np.zeros((2, 2, 3)), ValueError, r"2 dimensions .* Flatten images first"),
    (np.zeros((3, 5)), ValueError, r"5 features \(shape \(3, 5\)\), but the parameters expect 6"),
    (np.zeros((0, 6)), ValueError, "empty batch"),
    (np.full((1, 6), np.nan), ValueError, "NaN or inf"),
    (np.full((1, 6), -np.inf), ValueError, "NaN or inf"),
    (np.zeros((1, 6), np.float32), TypeError, "x is float32 but the parameters are float64"),
    ("digits", TypeError, "array of numbers"),
])
def test_autoencoder_bad_inputs(x, error, message):
    with pytest.raises(error, match=message):
        autoencoder.forward(x, P)


@pytest.mark.parametrize("sizes, error, message", [
    ((64,), ValueError, "at least two positive integers"),
    ((64, 0), ValueError, "at least two positive integers"),
    ((64, 2.5), ValueError, "at least two positive integers"),
    (64, TypeError, "sequence of layer widths"),
])
def test_bad_sizes(sizes, error, message):
    with pytest.raises(error, match=message):
        autoencoder.init_params(sizes)


def test_mismatched_parameters_and_options():
    broken = dict(P, W_dec1=np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"params\['W_dec1'\] must have shape \(4, 2\), got \(4, 3\)"):
        autoencoder.forward(np.zeros((1, 6)), broken)
    with pytest.raises(ValueError, match=r"missing \['b_dec2'\]"):
        autoencoder.forward(np.zeros((1, 6)), {k: v for k, v in P.items() if k != "b_dec2"})
    with pytest.raises(TypeError, match="dict of an autoencoder"):
        autoencoder.forward(np.zeros((1, 6)), lstm.init_params(6, 2))
    with pytest.raises(ValueError, match="activation must be one of"):
        autoencoder.forward(np.zeros((1, 6)), P, activation="softmax")
    with pytest.raises(ValueError, match="output must be one of"):
        autoencoder.forward(np.zeros((1, 6)), P, output="softplus")
    _, _, cache = autoencoder.forward(np.zeros((2, 6)), P)
    with pytest.raises(ValueError, match="d_reconstruction"):
        autoencoder.backward(np.zeros((2, 5)), cache)
    with pytest.raises(ValueError, match="d_code"):
        autoencoder.backward(np.zeros((2, 6)), cache, d_code=np.zeros((2, 3)))
    with pytest.raises(TypeError, match="unexpected options"):
        convert.to_torch("lstm", lstm.init_params(2, 3), activation="tanh")


# ---------------------------------------------------------------------- losses and VAE


def test_binary_cross_entropy_equals_torch():
    rng = np.random.default_rng(0)
    p, t = rng.uniform(0.01, 0.99, size=(4, 5)), rng.uniform(size=(4, 5))
    value, grad = losses.binary_cross_entropy(p, t)
    pt = torch.tensor(p, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy(pt, torch.tensor(t))
    loss.backward()
    assert abs(loss.item() - value) < 1e-12
    np.testing.assert_allclose(grad, pt.grad.numpy(), atol=1e-12)
    saturated, _ = losses.binary_cross_entropy(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert saturated == pytest.approx(100.0)                   # clamped like torch, not inf
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\].*output='sigmoid'"):
        losses.binary_cross_entropy(np.array([[1.5]]), np.array([[1.0]]))
    with pytest.raises(ValueError, match="same shape"):
        losses.binary_cross_entropy(np.zeros((2, 3)), np.zeros((3, 2)))


def test_gaussian_kl_closed_form_gradients_and_monte_carlo():
    rng = np.random.default_rng(1)
    mu, log_var = rng.normal(size=(3, 2)), rng.normal(scale=0.5, size=(3, 2))
    value, d_mu, d_log_var = losses.gaussian_kl(mu, log_var)
    report = check_gradients(lambda: losses.gaussian_kl(mu, log_var)[0],
                             {"mu": (mu, d_mu), "log_var": (log_var, d_log_var)})
    assert report["max_rel_error"] < 1e-7
    # E_q[log q(z) - log p(z)] by sampling: within 4 standard errors of the closed form
    z = mu + np.exp(0.5 * log_var) * rng.normal(size=(200_000, *mu.shape))
    log_q = -0.5 * (((z - mu) ** 2) / np.exp(log_var) + log_var).sum(-1)
    log_p = -0.5 * (z**2).sum(-1)
    samples = (log_q - log_p).mean(-1)
    assert abs(samples.mean() - value) < 4 * samples.std() / np.sqrt(len(samples))
    with pytest.raises(ValueError, match="both be \\(batch, latent\\)"):
        losses.gaussian_kl(np.zeros((2, 2)), np.zeros((2, 3)))


def test_vae_backward_equals_finite_differences_and_torch():
    rng = np.random.default_rng(2)
    params = vae.init_params((6, 5, 2), rng=rng)
    x, eps = rng.uniform(size=(4, 6)), rng.normal(size=(4, 2))
    target = x.copy()          # a copy: the finite differences move x, not the target

    def negative_elbo():
        reconstruction, (mu, log_var), _ = vae.forward(x, params, eps)
        return losses.binary_cross_entropy(reconstruction, target)[0] + losses.gaussian_kl(mu, log_var)[0]

    reconstruction, (mu, log_var), cache = vae.forward(x, params, eps)
    _, d_reconstruction = losses.binary_cross_entropy(reconstruction, target)
    _, d_mu, d_log_var = losses.gaussian_kl(mu, log_var)
    grads, d_x = vae.backward(d_reconstruction, cache, d_mu, d_log_var)
    assert grads.keys() == params.keys()
    report = check_gradients(negative_elbo, {**{k: (params[k], grads[k]) for k in params}, "x": (x, d_x)})
    assert report["max_rel_error"] < 1e-6, report

    model = convert.to_torch("vae", params)
    out, mu_t, log_var_t = model(torch.tensor(x), torch.tensor(eps))
    loss = torch.nn.functional.binary_cross_entropy(out, torch.tensor(x)) + \
        0.5 * torch.sum(mu_t**2 + log_var_t.exp() - 1 - log_var_t) / len(x)
    loss.backward()
    assert abs(loss.item() - negative_elbo()) < 1e-12
    for name, layer in model.book_layers().items():
        np.testing.assert_allclose(layer.weight.grad.numpy(), grads[f"W_{name}"], atol=1e-12)

    keras_model = convert.to_keras("vae", params)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(keras_model.reconstruct(x, eps)),
                               reconstruction, atol=1e-12)
    model.eval()
    np.testing.assert_allclose(model(torch.tensor(x))[0].detach().numpy(),
                               keras.ops.convert_to_numpy(keras_model(x)), atol=1e-12)   # z = mu
    np.testing.assert_allclose(vae.decode(mu, params), vae.forward(x, params)[0], atol=1e-14)


def test_vae_bad_inputs():
    params = vae.init_params((6, 5, 2), rng=0)
    with pytest.raises(ValueError, match=r"eps has 3 features"):
        vae.forward(np.zeros((4, 6)), params, np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"eps must have shape \(batch, latent\) = \(4, 2\)"):
        vae.forward(np.zeros((4, 6)), params, np.zeros((3, 2)))
    with pytest.raises(TypeError, match="dict of a VAE"):
        vae.forward(np.zeros((4, 6)), P)


# ------------------------------------------------------------- sequence autoencoder


@pytest.mark.parametrize("decoder, teacher_forcing", [("repeat", True), ("reverse", True),
                                                      ("reverse", False)])
@pytest.mark.parametrize("T", [1, 7])
def test_sequence_autoencoder_twins_equal_the_reference(decoder, teacher_forcing, T):
    rng = np.random.default_rng(T)
    params = sequence_autoencoder.init_params(2, 4, decoder=decoder, rng=rng)
    x = rng.normal(size=(3, T, 2))
    reconstruction, code = sequence_autoencoder.forward(x, params, decoder=decoder,
                                                        teacher_forcing=teacher_forcing)
    _, final, _ = lstm.forward(x, params["encoder"])
    np.testing.assert_array_equal(code[0], final[0])
    assert reconstruction.shape == x.shape

    model = convert.to_torch("sequence_autoencoder", params, decoder=decoder)
    with torch.no_grad():
        out = model(torch.tensor(x), teacher_forcing=teacher_forcing).numpy()
        h, c = model.encode(torch.tensor(x))
    np.testing.assert_allclose(out, reconstruction, atol=1e-12)
    np.testing.assert_allclose(h.numpy(), code[0], atol=1e-12)
    np.testing.assert_allclose(c.numpy(), code[1], atol=1e-12)

    keras_model = convert.to_keras("sequence_autoencoder", params, decoder=decoder)
    out = keras.ops.convert_to_numpy(keras_model(x, teacher_forcing=teacher_forcing))
    np.testing.assert_allclose(out, reconstruction, atol=1e-12)
    h, c = keras_model.encode(x)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(c), code[1], atol=1e-12)


def test_teacher_forcing_differs_from_free_running_and_the_last_step_agrees():
    rng = np.random.default_rng(0)
    params = sequence_autoencoder.init_params(1, 3, decoder="reverse", rng=rng)
    x = rng.normal(size=(2, 5, 1))
    forced, _ = sequence_autoencoder.forward(x, params, decoder="reverse")
    free, _ = sequence_autoencoder.forward(x, params, decoder="reverse", teacher_forcing=False)
    np.testing.assert_allclose(forced[:, -1], free[:, -1])       # x_hat_T comes from the code alone
    assert np.abs(forced[:, 0] - free[:, 0]).max() > 1e-6


def test_sequence_autoencoder_bad_params():
    params = sequence_autoencoder.init_params(2, 4, rng=0)
    with pytest.raises(ValueError, match="decoder must be one of"):
        sequence_autoencoder.forward(np.zeros((1, 3, 2)), params, decoder="attention")
    with pytest.raises(ValueError, match="'reverse' decoder reads 2 values per step"):
        sequence_autoencoder.forward(np.zeros((1, 3, 2)), params, decoder="reverse")
    with pytest.raises(ValueError, match="features per step"):
        sequence_autoencoder.forward(np.zeros((1, 3, 5)), params)
    with pytest.raises(TypeError, match="'encoder', 'decoder'"):
        sequence_autoencoder.forward(np.zeros((1, 3, 2)), P)


# --------------------------------------------------------------- training helpers


def test_torch_fit_calls_back_after_every_epoch_in_train_mode():
    import rnnbook.torch as rt

    x = np.random.default_rng(0).normal(size=(16, 5, 1)).astype(np.float32)
    model = rt.SequenceAutoencoder(1, 4, decoder="reverse", seed=0)
    seen = []

    def record(epoch, m):
        seen.append((epoch, m.training))
        m.eval()                       # fit puts it back in train() for the next epoch

    history = rt.fit(model, x, x, epochs=3, batch_size=8, progress=False, on_epoch_end=record)
    assert seen == [(0, True), (1, True), (2, True)] and len(history) == 3


def test_vae_training_raises_the_elbo_in_both_frameworks():
    import rnnbook.keras as rk
    import rnnbook.torch as rt

    rng = np.random.default_rng(0)
    prototypes = rng.uniform(size=(3, 12)) > 0.5
    x = np.clip(prototypes[rng.integers(0, 3, 300)] + rng.normal(scale=0.1, size=(300, 12)), 0, 1)
    history = rt.fit_vae(rt.VAE((12, 8, 2), seed=0), x, epochs=15, lr=1e-2, progress=False)
    assert set(history) == {"loss", "reconstruction", "kl"} and len(history["loss"]) == 15
    assert history["loss"][-1] < 0.8 * history["loss"][0]
    np.testing.assert_allclose(np.add(history["reconstruction"], history["kl"]), history["loss"], rtol=1e-5)
    model = rk.VAE((12, 8, 2), seed=0)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss=rk.summed_binary_crossentropy)
    keras_history = model.fit(x.astype("float32"), x.astype("float32"), epochs=15, verbose=0).history["loss"]
    assert keras_history[-1] < 0.8 * keras_history[0]


def test_weight_decay_makes_the_linear_autoencoder_symmetric():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3)) @ np.diag([3.0, 1.0, 0.2]) @ np.linalg.qr(rng.normal(size=(3, 3)))[0]
    plain, decayed = autoencoder.init_params((3, 2), rng=1), autoencoder.init_params((3, 2), rng=1)
    for params, decay in ((plain, 0.0), (decayed, 1e-2)):
        autoencoder.fit(params, x, epochs=1500, lr=0.03, activation="identity", batch_size=300,
                        weight_decay=decay)
    gap = np.abs(decayed["W_dec1"] - decayed["W_enc1"].T).max()
    assert gap < 1e-3 and np.abs(plain["W_dec1"] - plain["W_enc1"].T).max() > 0.1
    with pytest.raises(ValueError, match="weight_decay must be >= 0"):
        autoencoder.fit(plain, x, weight_decay=-1.0)
