"""Padded batches in PyTorch: packing, each sequence's last real output, a mean over real steps.

The twins of :mod:`rnnbook.reference.masking`, for torch tensors.
"""

from __future__ import annotations

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from rnnbook._checks import check_lengths
from rnnbook.reference import masking as reference_masking


def as_lengths(lengths, batch: int, steps: int) -> torch.Tensor:
    """Validated lengths (batch,) as an int64 CPU tensor (what pack_padded_sequence wants)."""
    if isinstance(lengths, torch.Tensor):
        lengths = lengths.cpu().numpy()
    return torch.as_tensor(check_lengths(lengths, batch, steps))


def run_packed(layer, x: torch.Tensor, lengths, state=None):
    """Run a batch-first nn.RNN/LSTM/GRU over a padded batch x (batch, time, input) as packed
    sequences. Returns (outputs (batch, time, hidden) with zeros at padding, final state at
    each sequence's last real step)."""
    lengths = as_lengths(lengths, x.shape[0], x.shape[1])
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    packed_outputs, final = layer(packed, state)
    outputs, _ = pad_packed_sequence(packed_outputs, batch_first=True, total_length=x.shape[1])
    return outputs, final


def step_mask(lengths, batch: int, steps: int, device=None) -> torch.Tensor:
    """(batch, time) booleans, True at the real steps t < lengths[b]: the reference's mask."""
    return torch.as_tensor(reference_masking.step_mask(as_lengths(lengths, batch, steps).numpy(),
                                                       steps), device=device)


def last_outputs(outputs: torch.Tensor, lengths=None) -> torch.Tensor:
    """Each sequence's output at its own last real step, (batch, time, hidden) -> (batch, hidden);
    ``outputs[:, -1]`` when lengths is None (every sequence full length)."""
    if lengths is None:
        return outputs[:, -1]
    lengths = as_lengths(lengths, outputs.shape[0], outputs.shape[1]).to(outputs.device)
    return outputs[torch.arange(outputs.shape[0], device=outputs.device), lengths - 1]


def masked_mean(values: torch.Tensor, lengths) -> torch.Tensor:
    """The mean of per-step values (batch, time, ...) over the real steps only: padding
    neither adds to the sum nor to the count."""
    mask = step_mask(lengths, values.shape[0], values.shape[1], values.device)
    mask = mask.reshape(*mask.shape, *[1] * (values.ndim - 2)).expand_as(values)
    return torch.where(mask, values, torch.zeros((), dtype=values.dtype, device=values.device)
                       ).sum() / mask.sum()

