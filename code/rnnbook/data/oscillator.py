"""The driven damped oscillator x'' + 2 gamma x' + x = F cos(Omega t), integrated with RK4.

Integrated in float64 and vectorised over many initial conditions at once: one RK4 step
advances every trajectory with a handful of array operations, so there is no Python loop
over trajectories. :func:`exact` is the closed-form solution, the test of the integrator.
"""

from __future__ import annotations

import numpy as np


def _check_underdamped(gamma):
    gamma = np.asarray(gamma, dtype=np.float64)
    if gamma.size == 0 or not np.all((0 <= gamma) & (gamma < 1)):
        raise ValueError(f"gamma must be in [0, 1) (an underdamped oscillator), got {gamma}.")


def _parameters(n: int, **values) -> list[np.ndarray]:
    """Each parameter as a scalar or as one value per trajectory, shape (n,)."""
    arrays = []
    for name, value in values.items():
        array = np.asarray(value, dtype=np.float64)
        if array.ndim > 1 or (array.ndim == 1 and array.shape != (n,)):
            raise ValueError(f"{name} must be a scalar or hold one value per trajectory, shape "
                             f"({n},); got shape {array.shape}.")
        arrays.append(array)
    return arrays


def simulate(x0, v0, *, t_end: float, dt: float = 0.001, gamma=0.2, omega=0.5,
             force=1.0, every: int = 1, time_dtype=np.float64, t_start: float = 0.0):
    """Integrate from positions x0 and velocities v0 (scalars or arrays of one shape (n,)).

    gamma, omega and force are scalars or one value per trajectory (n,). The integration
    runs from ``t_start`` (where x0, v0 hold) for t_end - t_start time units.
    Returns (t, x, v): t (steps,) and x, v (n, steps), keeping every ``every``-th RK4 step
    (steps = (t_end - t_start) / dt / every + 1). ``time_dtype=np.float32`` stores the time
    in single precision before it enters the forcing, as code that builds t with float32 does.
    """
    _check_underdamped(gamma)
    x = np.atleast_1d(np.asarray(x0, dtype=np.float64)).copy()
    v = np.atleast_1d(np.asarray(v0, dtype=np.float64)).copy()
    if x.shape != v.shape or x.ndim != 1:
        raise ValueError(f"x0 and v0 must be scalars or 1-D arrays of one shape, got {x.shape} and {v.shape}.")
    gamma, omega, force = _parameters(x.size, gamma=gamma, omega=omega, force=force)
    n_steps = int(round((t_end - t_start) / dt))
    if n_steps < 1 or int(every) != every or every < 1:
        raise ValueError(f"need t_end - t_start >= dt > 0 and a positive integer every, got t_end={t_end}, "
                         f"dt={dt}, every={every}.")
    # Time as the given dtype; the half-step times are formed from it, as in a hand-written loop.
    t_all = (t_start + np.arange(n_steps + 1) * dt).astype(time_dtype)
    t_mid = t_all[:-1] + np.asarray(dt / 2, dtype=time_dtype)
    # The force F cos(Omega t) does not depend on the state, so it is computed for every step
    # and half step before the loop, one row per time: the loop keeps only the state's arithmetic.
    force_at, force_mid = (force * np.cos(omega * t.astype(np.float64)[:, None]) for t in (t_all, t_mid))
    damping = 2.0 * gamma

    def acceleration(force_now, x, v):          # x'' = F cos(Omega t) - 2 gamma x' - x
        return force_now - damping * v - x

    keep = np.arange(0, n_steps + 1, every)
    xs = np.empty((x.size, keep.size))
    vs = np.empty((x.size, keep.size))
    xs[:, 0], vs[:, 0] = x, v
    column = 1
    h = dt / 2
    for k in range(n_steps):
        # RK4 on (x, v)' = (v, a): four slopes, at the start, twice at the middle, at the end.
        a1 = acceleration(force_at[k], x, v)
        x2, v2 = x + h * v, v + h * a1
        a2 = acceleration(force_mid[k], x2, v2)
        x3, v3 = x + h * v2, v + h * a2
        a3 = acceleration(force_mid[k], x3, v3)
        x4, v4 = x + dt * v3, v + dt * a3
        a4 = acceleration(force_at[k + 1], x4, v4)
        x = x + dt / 6.0 * (v + 2.0 * v2 + 2.0 * v3 + v4)
        v = v + dt / 6.0 * (a1 + 2.0 * a2 + 2.0 * a3 + a4)
        if (k + 1) % every == 0:
            xs[:, column], vs[:, column] = x, v
            column += 1
    return t_start + np.arange(n_steps + 1)[keep] * dt, xs, vs   # the true times, whatever time_dtype was


def exact(t, x0, v0, *, gamma=0.2, omega=0.5, force=1.0):
    """Closed-form x(t) and v(t): steady state A cos(Omega t) + B sin(Omega t) plus transient.

    t (steps,); x0, v0 (at t = 0) scalars or (n,); gamma, omega, force scalars or (n,).
    Returns x, v of shape (n, steps).
    """
    _check_underdamped(gamma)
    t = np.asarray(t, dtype=np.float64)[None, :]
    x0 = np.atleast_1d(np.asarray(x0, dtype=np.float64))
    v0 = np.atleast_1d(np.asarray(v0, dtype=np.float64))
    gamma, omega, force = (p[..., None] for p in _parameters(max(x0.size, v0.size), gamma=gamma,
                                                              omega=omega, force=force))
    x0, v0 = x0[:, None], v0[:, None]
    denom = (1 - omega**2) ** 2 + (2 * gamma * omega) ** 2
    A = force * (1 - omega**2) / denom
    B = force * 2 * gamma * omega / denom
    w = np.sqrt(1 - gamma**2)
    c1 = x0 - A
    c2 = (v0 + gamma * c1 - B * omega) / w
    decay = np.exp(-gamma * t)
    x = decay * (c1 * np.cos(w * t) + c2 * np.sin(w * t)) + A * np.cos(omega * t) + B * np.sin(omega * t)
    v = decay * ((-gamma * c1 + w * c2) * np.cos(w * t) + (-gamma * c2 - w * c1) * np.sin(w * t)) \
        - A * omega * np.sin(omega * t) + B * omega * np.cos(omega * t)
    return x, v
