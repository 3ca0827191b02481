"""Oscillators with varied physics, their anomalies, and the anomaly scores."""

import numpy as np
import pytest

from rnnbook import anomaly
from rnnbook.data import ANOMALIES, oscillator, oscillator_trajectories


def test_simulate_takes_one_parameter_set_per_trajectory_and_a_start_time():
    gamma, omega, force = np.array([0.1, 0.3]), np.array([0.4, 0.7]), np.array([0.5, 1.5])
    x0, v0 = np.array([1.0, -0.5]), np.array([0.0, 0.8])
    t, x, v = oscillator.simulate(x0, v0, t_end=10, dt=0.01, gamma=gamma, omega=omega, force=force)
    x_exact, _ = oscillator.exact(t, x0, v0, gamma=gamma, omega=omega, force=force)
    assert np.abs(x - x_exact).max() < 1e-8
    for k in range(2):             # each row is the scalar-parameter solution
        single, _ = oscillator.exact(t, x0[k], v0[k], gamma=gamma[k], omega=omega[k], force=force[k])
        np.testing.assert_allclose(x_exact[k], single[0])
    # continuing from t = 4 gives the same trajectory as integrating from 0
    t2, x2, _ = oscillator.simulate(x[:, 400], v[:, 400], t_start=4.0, t_end=10, dt=0.01,
                                    gamma=gamma, omega=omega, force=force)
    np.testing.assert_allclose(t2, t[400:])
    assert np.abs(x2 - x_exact[:, 400:]).max() < 1e-8
    with pytest.raises(ValueError, match=r"one value per trajectory, shape \(2,\); got shape \(3,\)"):
        oscillator.simulate(x0, v0, t_end=1, omega=np.ones(3))
    with pytest.raises(ValueError, match="gamma must be in"):
        oscillator.simulate(x0, v0, t_end=1, gamma=np.array([0.1, 1.2]))


def test_normal_trajectories_are_seeded_and_within_their_ranges():
    data = oscillator_trajectories(50, steps=32, spacing=0.5, rng=4)
    assert data.x.shape == (50, 32) and data.t.shape == (32,) and len(data) == 50
    np.testing.assert_allclose(data.t, 0.5 * np.arange(32))
    assert data.anomaly is None and (data.onset == -1).all()
    assert 0.1 <= data.gamma.min() and data.gamma.max() <= 0.4
    np.testing.assert_array_equal(data.x, oscillator_trajectories(50, steps=32, spacing=0.5, rng=4).x)
    x_exact, _ = oscillator.exact(data.t, data.x[:, 0], data.v0, gamma=data.gamma,
                                  omega=data.omega, force=data.force)
    assert np.abs(data.x - x_exact).max() < 1e-8


@pytest.mark.parametrize("kind", ANOMALIES)
def test_each_anomaly_changes_the_trajectory_from_its_onset_only(kind):
    normal = oscillator_trajectories(40, steps=32, spacing=0.5, rng=5)
    odd = oscillator_trajectories(40, steps=32, spacing=0.5, anomaly=kind, rng=5)
    assert odd.anomaly == kind and ((8 <= odd.onset) & (odd.onset < 24)).all()
    for row in range(40):
        start = odd.onset[row]
        np.testing.assert_array_equal(odd.x[row, :start], normal.x[row, :start])
        assert np.abs(odd.x[row, start:] - normal.x[row, start:]).max() > 0.05
    if kind == "spike":
        rows = np.arange(40)
        changed = np.abs(odd.x - normal.x) > 0
        assert changed.sum() == 40 and changed[rows, odd.onset].all()


def test_measurement_noise_is_shared_by_normal_and_anomalous_sets_and_dropout_reads_zero():
    clean = oscillator_trajectories(30, steps=32, spacing=0.5, rng=6)
    noisy = oscillator_trajectories(30, steps=32, spacing=0.5, noise=0.1, rng=6)
    residual = noisy.x - clean.x
    assert abs(residual.std() - 0.1) < 0.01 and abs(residual.mean()) < 0.01
    dropped = oscillator_trajectories(30, steps=32, spacing=0.5, noise=0.1, anomaly="dropout", rng=6)
    before = np.arange(32)[None, :] < dropped.onset[:, None]
    np.testing.assert_array_equal(dropped.x[before], noisy.x[before])
    assert np.all(dropped.x[np.arange(30), dropped.onset] == 0.0)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        oscillator_trajectories(3, noise=-1)


def test_trajectory_errors():
    with pytest.raises(ValueError, match="anomaly must be None or one of"):
        oscillator_trajectories(5, anomaly="earthquake")
    with pytest.raises(ValueError, match="steps >= 8"):
        oscillator_trajectories(5, steps=4)
    with pytest.raises(ValueError, match="multiple of 0.01"):
        oscillator_trajectories(5, spacing=0.125)


def test_mahalanobis_scores_and_gaussian_fit():
    rng = np.random.default_rng(0)
    mixing = np.array([[1.0, 0.0], [0.9, 0.3]])
    normal = rng.normal(size=(4000, 2)) @ mixing.T + [1.0, 2.0]
    mean, covariance = anomaly.fit_gaussian(normal)
    np.testing.assert_allclose(mean, [1, 2], atol=0.05)
    np.testing.assert_allclose(covariance, mixing @ mixing.T, atol=0.05)
    scores = anomaly.mahalanobis(normal, mean, covariance)
    assert abs(scores.mean() - 2.0) < 0.1          # chi-square with 2 degrees of freedom
    # off the correlation's direction is far, along it is near, at the same Euclidean distance
    along, across = anomaly.mahalanobis(np.array([[2.0, 2.9], [2.0, 1.1]]), mean, covariance)
    assert across > 10 * along
    with pytest.raises(ValueError, match=r"mean must be \(2,\) and covariance \(2, 2\)"):
        anomaly.mahalanobis(normal, mean[:1], covariance)
    with pytest.raises(ValueError, match="2 dimensions"):
        anomaly.fit_gaussian(np.zeros(5))
    with pytest.raises(ValueError, match="NaN or inf"):
        anomaly.mahalanobis(np.full((2, 2), np.nan), mean, covariance)


def test_threshold_is_the_best_f1_and_evaluate_uses_sklearn():
    scores = np.array([0.1, 0.2, 0.3, 0.35, 0.8, 0.9, 0.4, 0.7])
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    threshold = anomaly.choose_threshold(scores, labels)
    assert threshold == 0.4
    result = anomaly.evaluate(scores, labels, threshold)
    assert result == {"auc": 1.0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    result = anomaly.evaluate(scores, labels, 0.3)
    assert result["precision"] == pytest.approx(4 / 6) and result["recall"] == 1.0
    with pytest.raises(ValueError, match="both must occur"):
        anomaly.choose_threshold(scores, np.zeros(8))
    with pytest.raises(ValueError, match="same length"):
        anomaly.evaluate(scores, labels[:3], 0.5)
