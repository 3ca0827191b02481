"""Many driven damped oscillators with different physics, and anomalous versions of them.

Each trajectory solves x'' + 2 gamma x' + x = F cos(Omega t) (see :mod:`oscillator`) with
its own damping gamma, driving frequency Omega and amplitude F, drawn uniformly from
:data:`RANGES`, from a random start (x0, v0) in [-1, 1]^2, sampled every ``spacing`` time
units. An anomaly starts at a random step ``onset`` in the middle half of the window:

- ``"kick"``: the velocity jumps by +-U(1, 2) at the onset (a blow to the system);
- ``"frequency"``: the driving frequency is multiplied by U(1.6, 2.2) from the onset on;
- ``"spike"``: one sample reads +-U(1, 2) too high (a sensor glitch);
- ``"dropout"``: the sensor reads 0 for 3 to 8 samples from the onset.

Kicks and frequency changes are physical: the rest of the trajectory is integrated again
from the changed state. Spikes and dropouts change only the recorded samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook.data import oscillator

RANGES = {"gamma": (0.1, 0.4), "omega": (0.3, 0.8), "force": (0.5, 1.5)}
"""The range of each physical parameter of the normal trajectories."""

ANOMALIES = ("kick", "frequency", "spike", "dropout")

_DT = 0.01            # RK4 step; the samples are every `spacing` time units


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
                            anomaly: str | None = None, rng=0) -> Trajectories:
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
    onset = np.full(n, -1)
    if anomaly is not None:
        onset = rng.integers(steps // 4, 3 * steps // 4, n)
        x = _inject(anomaly, t, x, v, onset, physics, every, rng)
    return Trajectories(t, x, v0, physics["gamma"], physics["omega"], physics["force"], anomaly, onset)


def _inject(anomaly, t, x, v, onset, physics, every, rng):
    n, steps = x.shape
    rows = np.arange(n)
    x = x.copy()
    if anomaly == "spike":
        x[rows, onset] += rng.choice([-1.0, 1.0], n) * rng.uniform(1.0, 2.0, n)
        return x
    if anomaly == "dropout":
        length = rng.integers(3, 9, n)
        for row in rows:
            x[row, onset[row]:onset[row] + length[row]] = 0.0
        return x
    # A physical change: integrate all trajectories again, one sampling interval at a time,
    # changing each one's velocity or driving frequency when its onset is reached.
    kick = rng.choice([-1.0, 1.0], n) * rng.uniform(1.0, 2.0, n)
    factor = rng.uniform(1.6, 2.2, n)
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
