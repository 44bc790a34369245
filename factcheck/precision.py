"""A model's linear layers in bf16 or int8, for faster scoring on a CPU, token by token.

torch's own dynamic int8 (``torch.ao``) gives a whole batch of activations one 8-bit range, so
a sentence's score moved with the sentences batched beside it (by up to 0.08 on the seed
article). Here each token's activations get their own range, so a token's output depends on
that token alone, and a sentence scores the same in any batch:

- int8: a scale and zero point per token row (all 256 levels used even for GELU outputs,
  which are almost all positive), a scale per output channel of the weights; products are
  summed exactly in int32 by ``torch._int_mm`` and scaled back to fp32.
- bf16: inputs and weights rounded to bfloat16; the matrix kernel sums in fp32 and rounds
  its output to bf16, and the bias is added in fp32.

Everything else (embeddings, attention, LayerNorm) stays in fp32.
"""

from __future__ import annotations

import torch
from torch import nn


class Int8Linear(nn.Module):
    """``nn.Linear`` with int8 weights (one scale per output channel) and int8 activations
    (one scale and zero point per token), computed in int32."""

    def __init__(self, linear: nn.Linear):
        super().__init__()
        weight = linear.weight.detach().float()
        self.register_buffer("weight_scale", weight.abs().amax(dim=1).clamp_min(1e-12) / 127)
        quantized = torch.round(weight / self.weight_scale[:, None]).to(torch.int8)
        self.register_buffer("weight_t", quantized.t().contiguous())  # _int_mm takes (in, out)
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
        q = (rows / scale).round_().sub_(offset).clamp_(-128, 127).to(torch.int8)
        # All in place, row scale then column scale: no other (rows, out) matrix is made, which
        # for long sentences held a 10,000-sentence article's peak memory 90 MiB higher.
        sums = torch._int_mm(q, self.weight_t).float().addcmul_(offset, self.weight_sums).mul_(scale)
        return torch.addcmul(self.bias, sums, self.weight_scale, out=sums).view(*shape[:-1], -1)


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
