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


def spectral_radius(W) -> float:
    """The largest modulus of the eigenvalues of a square matrix."""
    W = np.asarray(W)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"the spectral radius needs a square matrix, got shape {W.shape}.")
    return float(np.abs(np.linalg.eigvals(W)).max())


def with_spectral_radius(n: int, rho: float, *, rng=None, dtype=np.float64):
    """A random Gaussian (n, n) matrix rescaled so that its spectral radius is exactly rho."""
    rng = np.random.default_rng(rng)
    W = rng.normal(size=(n, n)) / np.sqrt(n)
    return (W * (rho / spectral_radius(W))).astype(dtype)
