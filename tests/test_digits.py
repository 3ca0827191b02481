"""Digits: offline fallback, MNIST through the real loader when available, the switch."""

import numpy as np
import pytest

from rnnbook import config
from rnnbook.config import full_scale
from rnnbook.data import load_digits


def test_offline_default_is_the_bundled_8x8_digits(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))        # an empty cache
    monkeypatch.delenv("RNNBOOK_FULL", raising=False)
    data = load_digits()
    assert "8 x 8" in data.source and data.shape == (8, 8)
    assert len(data.x_train) + len(data.x_test) == 1797 and len(data.x_test) == 450
    assert data.x_train.min() >= 0 and data.x_train.max() <= 1 and data.x_train.dtype == np.float32
    assert set(np.unique(data.y_test)) == set(range(10))


def fake_mnist():
    rng = np.random.default_rng(0)
    return ((rng.integers(0, 256, (20, 28, 28), dtype=np.uint8), rng.integers(0, 10, 20)),
            (rng.integers(0, 256, (5, 28, 28), dtype=np.uint8), rng.integers(0, 10, 5)))


def test_mnist_is_used_when_cached(monkeypatch, tmp_path):
    import keras

    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "mnist.npz").write_bytes(b"cached")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", fake_mnist)
    data = load_digits(full=False)
    assert data.source.startswith("MNIST") and data.shape == (28, 28) and data.x_train.max() <= 1


def test_full_switch_falls_back_when_mnist_cannot_be_had(monkeypatch, tmp_path, capsys):
    import keras

    def offline():
        raise OSError("no network")

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv("RNNBOOK_FULL", "1")
    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    assert full_scale()
    data = load_digits()
    assert "8 x 8" in data.source
    assert "MNIST is not available (OSError: no network)" in capsys.readouterr().out


@pytest.mark.parametrize("value, expected", [("1", True), ("yes", True), ("0", False), ("", False)])
def test_full_scale_switch(monkeypatch, value, expected):
    monkeypatch.setenv(config.FULL_SCALE_VARIABLE, value)
    assert full_scale() is expected
