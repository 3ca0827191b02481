"""Time forward + backward of the NumPy reference, torch.nn and Keras's layers.

    python -m rnnbook.bench [--batch 64 --steps 28 --features 28 --hidden 128 --repeats 20]
    python -m rnnbook.bench --sweep code/rnnbook/data/benchmarks.json   (what `make bench` runs)

Defaults are the lecture's MNIST shape, float32, on the CPU. All contenders run in one
process on the same data and weights; the ratios (time / torch.nn time) are what to compare,
since absolute times depend on the machine. ``--sweep`` measures every contender (also the
book's from-scratch PyTorch and Keras cells) over hidden sizes and sequence lengths and
writes the results, with the machine and library versions, to a JSON file that the
benchmarks appendix renders. :func:`peak_memory` measures what BPTT keeps in memory.
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


def timed_blocks(fns: dict, repeats: int, rounds: int = 3, warmup: int = 5) -> dict:
    """Seconds of every timed call, by function and round: {name: [[seconds, ...] per round]}.

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
            block = []
            for _ in range(per_round):
                start = time.perf_counter()
                fn()
                block.append(time.perf_counter() - start)
            times[name].append(block)
    return times


def median_times(fns: dict, repeats: int, rounds: int = 3, warmup: int = 5) -> dict:
    """Median seconds per call of each function, over all timed calls of all rounds (see
    :func:`timed_blocks` for the protocol)."""
    blocks = timed_blocks(fns, repeats, rounds, warmup)
    return {name: statistics.median(t for block in b for t in block) for name, b in blocks.items()}


def matrix_products(kind: str, params: dict, x: np.ndarray, d_outputs: np.ndarray):
    """A function doing only the matrix products of one forward + backward of the cell.

    The products of the reference's design at their leanest: the input product of all steps
    at once, one product with the stacked recurrent matrix per step forward and per step
    backward, and the weight and input gradients as one product each after the loop; none
    of the elementwise work. (The reference RNN and GRU form their recurrent weight
    gradient step by step inside the loop, so their own products differ a little from
    these.) x (batch, time, input), d_outputs (batch, time, hidden).
    """
    if kind == "rnn":
        W_x, W_h = params["W_xh"], params["W_hh"]
    else:
        W_x, W_h, _ = stack_gates(params, CELLS[kind].GATES)    # (G*H, input), (G*H, H)
    B, T, _ = x.shape
    hs = d_outputs                          # any (batch, time, hidden) values cost the same
    d_a = np.ones((B, T, W_h.shape[0]), dtype=x.dtype)

    flat_x = x.reshape(B * T, -1)

    def products():
        # The input products as one 2-D product each, as affine_all_steps does: a batched
        # 3-D matmul is many times slower at these sizes.
        np.matmul(flat_x, W_x.T)                                  # W_x x_t of every step
        for t in range(T):
            np.matmul(hs[:, t], W_h.T)                            # forward: W_h h_{t-1}
        for t in range(T):
            np.matmul(d_a[:, t], W_h)                             # backward: into h_{t-1}
        flat = d_a.reshape(B * T, -1)
        flat.T @ flat_x, flat.T @ hs.reshape(B * T, -1)           # dW_x, dW_h
        np.matmul(flat, W_x)                                      # dL/dx_t of every step

    return products


CONTENDERS = {
    "reference": "NumPy reference (book)",
    "matmul": "its matrix products alone",
    "torch": "torch.nn",
    "keras": "Keras layer",
    "torch_scratch": "book's PyTorch cell",
    "keras_scratch": "book's Keras cell",
}
"""The timed functions: name -> what it is. The first four are timed by :func:`measure`."""


def step_functions(kind: str, batch=64, steps=28, features=28, hidden=128, seed=0, *,
                   scratch: bool = False) -> dict:
    """One forward + backward of each contender (see CONTENDERS) on the same data and
    weights, float32, as functions of no arguments. ``scratch`` adds the book's from-scratch
    PyTorch and Keras cells."""
    import keras
    import tensorflow as tf
    import torch

    rng = np.random.default_rng(seed)
    params = CELLS[kind].init_params(features, hidden, rng=rng, dtype=np.float32)
    x = rng.normal(size=(batch, steps, features)).astype(np.float32)
    d_out = rng.normal(size=(batch, steps, hidden)).astype(np.float32)

    def reference():
        _, _, cache = CELLS[kind].forward(x, params)
        CELLS[kind].backward(d_out, cache)

    def torch_step(module):
        xt, dt = torch.tensor(x, requires_grad=True), torch.tensor(d_out)

        def step():
            module.zero_grad()
            xt.grad = None
            out, _ = module(xt)
            out.backward(dt)
        return step

    def keras_step(layer):
        xk, dk = tf.constant(x), tf.constant(d_out)

        @tf.function
        def step():
            with tf.GradientTape() as tape:
                tape.watch(xk)
                out = layer(xk)
            return tape.gradient(out, [xk, *layer.trainable_variables], output_gradients=dk)
        return step

    fns = {"reference": reference, "matmul": matrix_products(kind, params, x, d_out),
           "torch": torch_step(convert.to_torch(kind, params)),
           "keras": keras_step(convert.to_keras(kind, params, return_state=False))}
    if scratch:
        import rnnbook.keras as rk
        import rnnbook.torch as rt

        fns["torch_scratch"] = torch_step(rt.Recurrent(rt.CELL_CLASSES[kind](features, hidden)))
        layer = keras.layers.RNN(rk.CELL_CLASSES[kind](hidden), return_sequences=True)
        layer.build((None, None, features))
        fns["keras_scratch"] = keras_step(layer)
    return fns


def measure(kind: str, batch=64, steps=28, features=28, hidden=128, repeats=20, seed=0) -> dict:
    """Median seconds of one forward + backward for 'reference', 'torch' and 'keras', and of
    the reference's matrix products alone, 'matmul' (see :func:`matrix_products`)."""
    return median_times(step_functions(kind, batch, steps, features, hidden, seed), repeats)


SWEEP = {"batch": 64, "features": 28, "steps": 28, "hidden": 128,
         "hidden_sizes": (32, 64, 128, 256, 512), "lengths": (10, 25, 50, 100, 200, 400)}
"""The sweep: hidden sizes at the MNIST shape's 28 steps, lengths at its 128 hidden units."""


def sweep_shapes(sweep: dict = SWEEP) -> list[dict]:
    """The (steps, hidden) points of a sweep, each once: the hidden sizes at sweep['steps'],
    then the lengths at sweep['hidden']."""
    points = [{"steps": sweep["steps"], "hidden": h} for h in sweep["hidden_sizes"]]
    points += [{"steps": t, "hidden": sweep["hidden"]} for t in sweep["lengths"]
               if {"steps": t, "hidden": sweep["hidden"]} not in points]
    return points


def machine() -> dict:
    """Where a measurement ran: CPU, cores, threads, library versions, date."""
    import datetime
    import os
    import platform

    import keras
    import tensorflow as tf
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "python": platform.python_version(), "numpy": np.__version__,
            "torch": torch.__version__, "tensorflow": tf.__version__, "keras": keras.__version__,
            "date": datetime.date.today().isoformat(),
            "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}


def sweep(kinds=("rnn", "lstm", "gru"), sweep: dict = SWEEP, repeats: int = 6, rounds: int = 3,
          warmup: int = 3, log=print) -> dict:
    """Time every contender at every point of the sweep; returns the JSON-ready results:
    {"machine", "sweep", "rows": [{kind, steps, hidden, contender, median, round_medians}]}.
    With a CUDA device, torch.nn also runs there (contender "torch_cuda")."""
    rows = []
    for kind in kinds:
        for point in sweep_shapes(sweep):
            fns = step_functions(kind, sweep["batch"], point["steps"], sweep["features"],
                                 point["hidden"], scratch=True)
            fns.update(_cuda_step(kind, sweep["batch"], point["steps"], sweep["features"], point["hidden"]))
            blocks = timed_blocks(fns, repeats, rounds, warmup)
            for name, per_round in blocks.items():
                rows.append({"kind": kind, **point, "contender": name,
                             "median": statistics.median(t for block in per_round for t in block),
                             "round_medians": [statistics.median(b) for b in per_round]})
            log(f"{kind} T={point['steps']} H={point['hidden']}: " + ", ".join(
                f"{r['contender']} {1e3 * r['median']:.2f} ms" for r in rows[-len(blocks):]))
    return {"machine": machine(), "sweep": {k: list(v) if isinstance(v, tuple) else v
                                            for k, v in sweep.items()},
            "repeats": repeats, "rounds": rounds, "rows": rows}


def _cuda_step(kind, batch, steps, features, hidden) -> dict:
    """{"torch_cuda": forward + backward of torch.nn on the GPU} when CUDA is present, else {}."""
    import torch

    if not torch.cuda.is_available():
        return {}
    rng = np.random.default_rng(0)
    module = convert.to_torch(kind, CELLS[kind].init_params(features, hidden, rng=rng,
                                                            dtype=np.float32)).cuda()
    x = torch.tensor(rng.normal(size=(batch, steps, features)), dtype=torch.float32,
                     device="cuda", requires_grad=True)
    d_out = torch.ones(batch, steps, hidden, device="cuda")

    def step():
        module.zero_grad()
        x.grad = None
        out, _ = module(x)
        out.backward(d_out)
        torch.cuda.synchronize()        # time the work, not its launch
    return {"torch_cuda": step}


def load_results(path=None) -> dict:
    """The stored results of a sweep (written by ``python -m rnnbook.bench --sweep``); by
    default the ones that ship with the package, ``rnnbook/data/benchmarks.json``."""
    import json
    import pathlib
    from importlib.resources import files

    source = files("rnnbook.data").joinpath("benchmarks.json") if path is None else pathlib.Path(path)
    return json.loads(source.read_text())


def series(results: dict, kind: str, contender: str, vary: str) -> tuple[np.ndarray, np.ndarray]:
    """Sizes and median seconds of one contender along one axis of the sweep: ``vary`` is
    "hidden" (at the sweep's steps) or "steps" (at its hidden size); sorted by size."""
    if vary not in ("hidden", "steps"):
        raise ValueError(f"vary must be 'hidden' or 'steps', got {vary!r}.")
    fixed = "steps" if vary == "hidden" else "hidden"
    rows = sorted((r[vary], r["median"]) for r in results["rows"]
                  if r["kind"] == kind and r["contender"] == contender
                  and r[fixed] == results["sweep"][fixed])
    if not rows:
        raise ValueError(f"no timings of {contender!r} for {kind!r} in these results.")
    sizes, seconds = zip(*rows)
    return np.array(sizes, dtype=float), np.array(seconds)


def growth_exponent(results: dict, kind: str, contender: str, vary: str, *,
                    between=(0, np.inf)) -> float:
    """The exponent p of time ~ size^p: the least-squares slope of log time against log
    size, over the sizes in ``between`` (inclusive) along ``vary`` ("hidden" or "steps")."""
    sizes, seconds = series(results, kind, contender, vary)
    keep = (sizes >= between[0]) & (sizes <= between[1])
    if keep.sum() < 2:
        raise ValueError(f"need at least two sizes in {between}, have {sizes[keep].tolist()}.")
    return float(np.polyfit(np.log(sizes[keep]), np.log(seconds[keep]), 1)[0])


def matmul_flops(kind: str, batch: int, steps: int, features: int, hidden: int) -> int:
    """Floating-point operations of :func:`matrix_products`: 2 B T G H (3 D + 3 H) for G
    gates (the input product, dL/dx and dW_x: 3 x 2BTGHD; the forward and backward steps
    and dW_h: 3 x 2BTGH^2)."""
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    return 2 * batch * steps * gates * hidden * (3 * features + 3 * hidden)


def flop_rates(results: dict, kind: str) -> dict:
    """{hidden size: floating-point operations per second} of the matrix products alone,
    along the sweep's hidden sizes."""
    sweep = results["sweep"]
    sizes, seconds = series(results, kind, "matmul", "hidden")
    return {int(h): float(matmul_flops(kind, sweep["batch"], sweep["steps"], sweep["features"], int(h)) / t)
            for h, t in zip(sizes, seconds)}


def ratio_range(results: dict, kind: str, steps: int, hidden: int, numerator: str,
                denominator: str) -> tuple[float, float, float]:
    """(median ratio, smallest, largest over the rounds) of two contenders' times at one
    point: the median of all calls, and the ratio of the rounds' own medians."""
    def row(name):
        for r in results["rows"]:
            if (r["kind"], r["steps"], r["hidden"], r["contender"]) == (kind, steps, hidden, name):
                return r
        raise ValueError(f"no timing of {name!r} for {kind!r} at {steps} steps and {hidden} "
                         "hidden units in these results.")

    top, bottom = row(numerator), row(denominator)
    per_round = [a / b for a, b in zip(top["round_medians"], bottom["round_medians"])]
    return top["median"] / bottom["median"], min(per_round), max(per_round)


def peak_memory(kind: str, steps: int, *, window: int | None = None, batch=64, features=28,
                hidden=128, seed=0) -> int:
    """Peak bytes allocated (tracemalloc) by one forward + backward of the reference over
    ``steps`` steps, float32: full BPTT, or truncated BPTT in chunks of ``window`` steps
    (the state carried, each chunk's cache freed before the next). The input is allocated
    before measuring: only what BPTT keeps counts."""
    import tracemalloc

    from rnnbook.reference import truncated_bptt

    cell = CELLS[kind]
    rng = np.random.default_rng(seed)
    params = cell.init_params(features, hidden, rng=rng, dtype=np.float32)
    x = rng.normal(size=(batch, steps, features)).astype(np.float32)

    def loss_and_grad(outputs, start):          # L = sum of all outputs: dL/dh_t = 1
        return float(outputs.sum()), np.ones_like(outputs)

    tracemalloc.start()
    try:
        truncated_bptt(cell, x, params, window or steps, loss_and_grad)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in (("batch", 64), ("steps", 28), ("features", 28), ("hidden", 128),
                          ("repeats", 20)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--kinds", default="rnn,lstm,gru")
    parser.add_argument("--sweep", metavar="JSON", help="run the sweep and write its results here")
    args = parser.parse_args(argv)
    import torch

    if args.sweep:
        import json
        import pathlib

        start = time.perf_counter()
        results = sweep(tuple(args.kinds.split(",")))
        results["seconds"] = round(time.perf_counter() - start, 1)
        path = pathlib.Path(args.sweep)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=1) + "\n")
        print(f"{len(results['rows'])} timings in {results['seconds']:.0f} s written to {path}")
        return results

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
