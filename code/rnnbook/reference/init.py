"""Initialisers for recurrent weight matrices (all return (n, n) or (out, in) arrays)."""

from __future__ import annotations

import numpy as np


def orthogonal(shape: tuple[int, int], *, gain: float = 1.0, rng=None, dtype=np.float64):
    """A (semi-)orthogonal matrix from the QR decomposition of a Gaussian one.

    All singular values equal ``gain``, so repeated products neither shrink nor grow a
    vector at the start of training (Saxe et al. 2014).
    """
    rows, cols = shape
    rng = np.random.default_rng(rng)
    a = rng.normal(size=(max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q *= np.sign(np.diag(r))  # makes the result uniformly distributed over orthogonal matrices
    q = q if rows >= cols else q.T
    return (gain * q[:rows, :cols]).astype(dtype)


def identity(n: int, *, scale: float = 1.0, dtype=np.float64):
    """scale * I, the recurrent initialisation of the IRNN (Le, Jaitly & Hinton 2015)."""
    return (scale * np.eye(n)).astype(dtype)
