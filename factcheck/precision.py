"""A model's linear layers in bf16 or int8, for faster scoring on a CPU, token by token.

torch's own dynamic int8 (``torch.ao``) gives a whole batch of activations one 8-bit range, so
a sentence's score moved with the sentences batched beside it (by up to 0.08 on the seed
article). Here each token's activations get their own range, so a token's output depends on
that token alone, and a sentence scores the same in any batch:

- int8: a scale and zero point per token row (all 256 levels used even for GELU outputs,
  which are almost all positive), a scale per output channel of the weights; products are
  summed exactly, by ``torch._int_mm`` in int32 or by fp32 matrix products short enough to be
  exact (whichever is faster on this CPU: both give the same sums), and scaled back to fp32.
- bf16: inputs and weights rounded to bfloat16; the matrix kernel sums in fp32 and rounds
  its output to bf16, and the bias is added in fp32.

Everything else (embeddings, attention, LayerNorm) stays in fp32.
"""

from __future__ import annotations

import time
from functools import cache

import torch
from torch import nn

# fp32 holds every integer below 2**24 exactly, so a product of int8 matrices computed in fp32
# is exact, in any summing order, while it sums at most this many products of 128 * 127.
EXACT_FP32_TERMS = 2**24 // (128 * 127)


class Int8Linear(nn.Module):
    """``nn.Linear`` with int8 weights (one scale per output channel) and int8 activations
    (one scale and zero point per token), their products summed exactly."""

    def __init__(self, linear: nn.Linear, *, int_kernel: bool | None = None):
        """``int_kernel``: sum the products with ``torch._int_mm`` (True) or in fp32 (False);
        None takes the faster here (``int8_products_are_fast``)."""
        super().__init__()
        weight = linear.weight.detach().float()
        self.register_buffer("weight_scale", weight.abs().amax(dim=1).clamp_min(1e-12) / 127)
        quantized = torch.round(weight / self.weight_scale[:, None]).to(torch.int8)
        int_kernel = int8_products_are_fast() if int_kernel is None else int_kernel
        # (in, out), as both kernels take it; the fp32 kernel's copy holds the same integers.
        self.register_buffer("weight_t", quantized.t().contiguous() if int_kernel else quantized.t().float().contiguous())
        self.blocks = None if int_kernel else exact_blocks(linear.in_features)
        # Sums of each output channel's weights, to take the activations' zero points back out.
        self.register_buffer("weight_sums", quantized.sum(dim=1, dtype=torch.int32).float())
        self.register_buffer("bias", fp32_bias(linear))

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        shape = hidden.shape
        rows = hidden.reshape(-1, shape[-1])
        # Each row's range always includes 0, so that 0 is exact (padding, ReLU-like outputs).
        low = rows.amin(dim=1, keepdim=True).clamp_(max=0)
        high = rows.amax(dim=1, keepdim=True).clamp_(min=0)
        scale = ((high - low) / 255).clamp_(min=1e-12)
        # rows ≈ scale * (q + offset), with q in [-128, 127] and offset = round(low / scale) + 128
        offset = torch.round(low / scale).add_(128)
        q = (rows / scale).round_().sub_(offset).clamp_(-128, 127)
        if self.blocks is None:
            products = torch._int_mm(q.to(torch.int8), self.weight_t).float()
        else:
            products = exact_fp32_products(q, self.weight_t, self.blocks)
        # All in place, row scale then column scale: no other (rows, out) matrix is made, which
        # for long sentences held a 10,000-sentence article's peak memory 90 MiB higher.
        sums = products.addcmul_(offset, self.weight_sums).mul_(scale)
        return torch.addcmul(self.bias, sums, self.weight_scale, out=sums).view(*shape[:-1], -1)


def exact_blocks(width: int) -> list[int]:
    """``width`` input columns cut into as few near-equal blocks as keep fp32 sums exact."""
    count = -(-width // EXACT_FP32_TERMS)
    size, longer = divmod(width, count)
    return [size + 1] * longer + [size] * (count - longer)


def exact_fp32_products(values: torch.Tensor, weight_t: torch.Tensor, blocks: list[int]) -> torch.Tensor:
    """``values @ weight_t`` for fp32 tensors holding int8 integers: each block's product is
    exact, the blocks are added exactly in fp64, and the sum is rounded to fp32 once, as
    ``torch._int_mm(...).float()`` rounds its int32 sums."""
    if len(blocks) == 1:
        return values @ weight_t
    parts = [(part @ block).double() for part, block in zip(values.split(blocks, dim=1), weight_t.split(blocks))]
    return torch.stack(parts).sum(dim=0).float()


@cache
def int8_products_are_fast() -> bool:
    """Whether ``torch._int_mm`` beats an fp32 product of the same int8 matrices on this CPU,
    timed once a process on a (64, 384) by (384, 384) product, best of three.

    ``_int_mm`` is fast where the CPU has int8 dot-product instructions (VNNI, AMX). With AVX2
    alone (an AMD EPYC here) torch falls back to a kernel about 40 times slower than fp32,
    which made int8 scoring 28 times slower than fp32.
    """
    values = torch.randint(-128, 128, (64, 384), dtype=torch.int8)
    weight_t = torch.randint(-127, 128, (384, 384), dtype=torch.int8)
    floats, float_weight_t = values.float(), weight_t.float()

    def best_seconds(product) -> float:
        product()  # the first call sets up kernels
        seconds = []
        for _ in range(3):
            start = time.perf_counter()
            product()
            seconds.append(time.perf_counter() - start)
        return min(seconds)

    return best_seconds(lambda: torch._int_mm(values, weight_t)) < best_seconds(lambda: floats @ float_weight_t)


class Bf16Linear(nn.Module):
    """``nn.Linear`` with bf16 inputs and weights, and an fp32 bias and output."""

    def __init__(self, linear: nn.Linear):
        super().__init__()
        self.register_buffer("weight", linear.weight.detach().to(torch.bfloat16))
        self.register_buffer("bias", fp32_bias(linear))

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return nn.functional.linear(hidden.to(torch.bfloat16), self.weight).float().add_(self.bias)


def fp32_bias(linear: nn.Linear) -> torch.Tensor:
    """The layer's bias in fp32, or zeros for a layer without one."""
    return linear.bias.detach().float() if linear.bias is not None else torch.zeros(linear.out_features)


LAYERS = {"bf16": Bf16Linear, "int8": Int8Linear}


def with_precision(model: nn.Module, precision: str) -> nn.Module:
    """``model`` with every ``nn.Linear`` replaced for ``precision`` ("fp32" leaves it be)."""
    if precision == "fp32":
        return model
    layer = LAYERS[precision]
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.Linear):
                setattr(parent, name, layer(child))
    return model
