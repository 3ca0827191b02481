"""Time forward + backward of the NumPy reference, torch.nn and Keras's layers.

    python -m rnnbook.bench [--batch 64 --steps 28 --features 28 --hidden 128 --repeats 20]

Defaults are the lecture's MNIST shape, float32, on the CPU. All three run in one process
on the same data and weights; the ratios (time / torch.nn time) are what to compare,
since absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import rnnbook  # noqa: F401  (quiet TensorFlow before it is imported)
from rnnbook import convert
from rnnbook.reference import CELLS
from rnnbook.reference._common import stack_gates


def median_times(fns: dict, repeats: int, rounds: int = 3, warmup: int = 5) -> dict:
    """Median seconds per call of each function.

    Each function runs in blocks (warm-up, then timed calls), and the blocks rotate over
    several rounds: within a block its own thread pool is settled and not disturbed by
    another library's spinning threads, while the rotation gives every contender the
    same drift of the machine (clock, allocator, caches).
    """
    times = {name: [] for name in fns}
    per_round = max(1, repeats // rounds)
    for _ in range(rounds):
        for name, fn in fns.items():
            for _ in range(warmup):
                fn()
            for _ in range(per_round):
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def matrix_products(kind: str, params: dict, x: np.ndarray, d_outputs: np.ndarray):
    """A function doing only the matrix products of one forward + backward of the cell.

    The products of the reference's design at their leanest: the input product of all steps
    at once, one product with the stacked recurrent matrix per step forward and per step
    backward, and the weight and input gradients as one product each after the loop; none
    of the elementwise work. (The reference RNN and GRU form their recurrent weight
    gradient step by step inside the loop, and the LSTM reads time-major arrays, so their
    own products differ a little from these.) x (batch, time, input), d_outputs (batch,
    time, hidden).
    """
    if kind == "rnn":
        W_x, W_h = params["W_xh"], params["W_hh"]
    else:
        W_x, W_h, _ = stack_gates(params, CELLS[kind].GATES)    # (G*H, input), (G*H, H)
    B, T, _ = x.shape
    hs = d_outputs                          # any (batch, time, hidden) values cost the same
    d_a = np.ones((B, T, W_h.shape[0]), dtype=x.dtype)

    def products():
        np.matmul(x, W_x.T)                                       # W_x x_t of every step
        for t in range(T):
            np.matmul(hs[:, t], W_h.T)                            # forward: W_h h_{t-1}
        for t in range(T):
            np.matmul(d_a[:, t], W_h)                             # backward: into h_{t-1}
        flat = d_a.reshape(B * T, -1)
        flat.T @ x.reshape(B * T, -1), flat.T @ hs.reshape(B * T, -1)   # dW_x, dW_h
        np.matmul(d_a, W_x)                                       # dL/dx_t

    return products


def measure(kind: str, batch=64, steps=28, features=28, hidden=128, repeats=20, seed=0) -> dict:
    """Median seconds of one forward + backward for 'reference', 'torch' and 'keras', and of
    the reference's matrix products alone, 'matmul' (see :func:`matrix_products`)."""
    import tensorflow as tf
    import torch

    rng = np.random.default_rng(seed)
    params = CELLS[kind].init_params(features, hidden, rng=rng, dtype=np.float32)
    x = rng.normal(size=(batch, steps, features)).astype(np.float32)
    d_out = rng.normal(size=(batch, steps, hidden)).astype(np.float32)

    def reference():
        _, _, cache = CELLS[kind].forward(x, params)
        CELLS[kind].backward(d_out, cache)

    module = convert.to_torch(kind, params)
    xt, dt = torch.tensor(x, requires_grad=True), torch.tensor(d_out)

    def torch_step():
        module.zero_grad()
        xt.grad = None
        out, _ = module(xt)
        out.backward(dt)

    layer = convert.to_keras(kind, params, return_state=False)
    xk, dk = tf.constant(x), tf.constant(d_out)

    @tf.function
    def keras_step():
        with tf.GradientTape() as tape:
            tape.watch(xk)
            out = layer(xk)
        return tape.gradient(out, [xk, *layer.trainable_variables], output_gradients=dk)

    return median_times({"reference": reference, "matmul": matrix_products(kind, params, x, d_out),
                         "torch": torch_step, "keras": keras_step}, repeats)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in (("batch", 64), ("steps", 28), ("features", 28), ("hidden", 128),
                          ("repeats", 20)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--kinds", default="rnn,lstm,gru")
    args = parser.parse_args(argv)
    import torch

    print(f"forward + backward, batch {args.batch}, {args.steps} steps, {args.features} features, "
          f"{args.hidden} hidden, float32, CPU ({torch.get_num_threads()} torch threads); "
          f"median of {args.repeats}")
    print(f"{'cell':6s}{'reference':>12s}{'matmul':>12s}{'torch.nn':>12s}{'keras':>12s}"
          f"{'ref/torch':>11s}{'keras/torch':>13s}{'ref/matmul':>12s}")
    results = {}
    for kind in args.kinds.split(","):
        t = measure(kind, args.batch, args.steps, args.features, args.hidden, args.repeats)
        results[kind] = t
        print(f"{kind:6s}{t['reference'] * 1e3:10.2f}ms{t['matmul'] * 1e3:10.2f}ms"
              f"{t['torch'] * 1e3:10.2f}ms{t['keras'] * 1e3:10.2f}ms"
              f"{t['reference'] / t['torch']:10.2f}x{t['keras'] / t['torch']:12.2f}x"
              f"{t['reference'] / t['matmul']:11.2f}x")
    return results


if __name__ == "__main__":
    main()
