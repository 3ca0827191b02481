"""Many driven damped oscillators with different physics, and anomalous versions of them.

Each trajectory solves x'' + 2 gamma x' + x = F cos(Omega t) (see :mod:`oscillator`) with
its own damping gamma, driving frequency Omega and amplitude F, drawn uniformly from
:data:`RANGES`, from a random start (x0, v0) in [-1, 1]^2, sampled every ``spacing`` time
units. An anomaly starts at a random step ``onset`` in the middle half of the window:

- ``"kick"``: the velocity jumps by +-U(KICK) at the onset (a blow to the system);
- ``"frequency"``: the driving frequency is multiplied by U(FREQUENCY) from the onset on;
- ``"spike"``: one sample reads +-U(SPIKE) off (a sensor glitch);
- ``"dropout"``: the sensor reads 0 for 3 to 8 samples from the onset.

Kicks and frequency changes are physical: the rest of the trajectory is integrated again
from the changed state. Spikes and dropouts change only the recorded samples.
``noise`` adds Gaussian measurement noise of that standard deviation to every recorded
sample (a dropped-out sensor reads exactly 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook.data import oscillator

RANGES = {"gamma": (0.1, 0.4), "omega": (0.3, 0.8), "force": (0.5, 1.5)}
"""The range of each physical parameter of the normal trajectories."""

ANOMALIES = ("kick", "frequency", "spike", "dropout")
KICK = (0.4, 1.2)        # size of the velocity jump
FREQUENCY = (1.25, 1.7)   # factor on the driving frequency
SPIKE = (0.4, 1.2)       # size of the glitch

_DT = 0.01            # RK4 step; the samples are every `spacing` time units
_DROPPED = np.inf     # marks dropped-out samples until the noise is added


@dataclass
class Trajectories:
    """x (n, steps) positions; t (steps,) times; v0 (n,) initial velocities; gamma, omega,
    force (n,) the physics before any anomaly; ``anomaly`` its kind or None; ``onset`` (n,)
    its first step (-1 if none)."""

    t: np.ndarray
    x: np.ndarray
    v0: np.ndarray
    gamma: np.ndarray
    omega: np.ndarray
    force: np.ndarray
    anomaly: str | None
    onset: np.ndarray

    def __len__(self) -> int:
        return len(self.x)


def oscillator_trajectories(n: int, *, steps: int = 64, spacing: float = 0.25,
                            anomaly: str | None = None, noise: float = 0.0, rng=0) -> Trajectories:
    """``n`` trajectories of ``steps`` samples, normal or with one ``anomaly`` of ANOMALIES each."""
    if int(n) != n or n < 1 or int(steps) != steps or steps < 8:
        raise ValueError(f"need n >= 1 and steps >= 8, got n={n!r}, steps={steps!r}.")
    if anomaly is not None and anomaly not in ANOMALIES:
        raise ValueError(f"anomaly must be None or one of {ANOMALIES}, got {anomaly!r}.")
    every = int(round(spacing / _DT))
    if every < 1 or abs(every * _DT - spacing) > 1e-12:
        raise ValueError(f"spacing must be a positive multiple of {_DT}, got {spacing}.")
    rng = np.random.default_rng(rng)
    physics = {name: rng.uniform(low, high, n) for name, (low, high) in RANGES.items()}
    x0, v0 = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
    t_end = (steps - 1) * spacing
    t, x, v = oscillator.simulate(x0, v0, t_end=t_end, dt=_DT, every=every, **physics)
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}.")
    # Drawn before the anomaly, so that a normal and an anomalous set with one seed share it.
    measurement_noise = noise * np.random.default_rng(rng.integers(2**32)).normal(size=x.shape)
    onset = np.full(n, -1)
    if anomaly is not None:
        onset = rng.integers(steps // 4, 3 * steps // 4, n)
    if anomaly is not None:
        x = _inject(anomaly, t, x, v, onset, physics, every, rng)
    x = x + measurement_noise
    if anomaly == "dropout":
        x[x == _DROPPED] = 0.0
    return Trajectories(t, x, v0, physics["gamma"], physics["omega"], physics["force"], anomaly, onset)


def _inject(anomaly, t, x, v, onset, physics, every, rng):
    n, steps = x.shape
    rows = np.arange(n)
    x = x.copy()
    if anomaly == "spike":
        x[rows, onset] += rng.choice([-1.0, 1.0], n) * rng.uniform(*SPIKE, n)
        return x
    if anomaly == "dropout":
        length = rng.integers(3, 9, n)
        for row in rows:
            x[row, onset[row]:onset[row] + length[row]] = _DROPPED
        return x
    # A physical change: integrate all trajectories again, one sampling interval at a time,
    # changing each one's velocity or driving frequency when its onset is reached.
    kick = rng.choice([-1.0, 1.0], n) * rng.uniform(*KICK, n)
    factor = rng.uniform(*FREQUENCY, n)
    omega = physics["omega"].copy()
    position, velocity = x[:, 0].copy(), v[:, 0].copy()
    for step in range(steps - 1):
        starts = onset == step
        if anomaly == "kick":
            velocity[starts] += kick[starts]
        else:
            omega[starts] *= factor[starts]
        _, xs, vs = oscillator.simulate(position, velocity, t_start=t[step], t_end=t[step + 1], dt=_DT,
                                        every=every, gamma=physics["gamma"], omega=omega,
                                        force=physics["force"])
        position, velocity = xs[:, -1], vs[:, -1]
        changed = step >= onset                     # rows whose anomaly has begun
        x[changed, step + 1] = position[changed]
    return x
