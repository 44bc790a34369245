"""A BERT sequence classifier's forward pass in plain torch, for scoring without transformers.

Importing transformers' model classes takes longer than importing torch itself (about two
seconds here), so ``factcheck check`` on one article would spend most of its time starting up.
A Hugging Face ``BertForSequenceClassification`` directory with a ``tokenizer.json`` is
scored by this module instead: the same layers and parameter names (but each layer's query,
key and value projections stacked into one), loaded from the same safetensors file, giving
the same logits to about 1e-6 (tests compare them with transformers'). Any other model
directory goes through transformers as before.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .errors import ModelError

# What this module computes; a config asking for anything else goes to transformers.
SUPPORTED = {
    "model_type": {"bert"},
    "architectures": {("BertForSequenceClassification",)},
    "hidden_act": {"gelu"},
    "position_embedding_type": {"absolute", None},
    "is_decoder": {False, None},
    "add_cross_attention": {False, None},
    "problem_type": {"single_label_classification", None},
}


def supports(model_dir: Path, architecture: str = "BertForSequenceClassification") -> bool:
    """True when ``model_dir`` holds a BERT model of ``architecture`` (a classifier, or a
    ``BertModel`` for sentence embeddings) that this module computes exactly."""
    files = [model_dir / name for name in ("config.json", "model.safetensors", "tokenizer.json")]
    if not all(f.is_file() for f in files):
        return False
    try:
        config = json.loads(files[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    found = {key: config.get(key) for key in SUPPORTED}
    found["architectures"] = tuple(found["architectures"] or ())
    allowed_values = {**SUPPORTED, "architectures": {(architecture,)}}
    return all(found[key] in allowed for key, allowed in allowed_values.items())


class BertClassifier(nn.Module):
    """``BertForSequenceClassification`` at inference: embeddings, encoder, pooler, classifier."""

    def __init__(self, config: dict[str, Any]):
        super().__init__()
        self.bert = _Bert(config)
        self.classifier = nn.Linear(config["hidden_size"], len(config["id2label"]))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.bert(input_ids, attention_mask, token_type_ids))


class BertSentenceEncoder(nn.Module):
    """A ``BertModel`` whose token outputs are mean-pooled over the attended tokens and scaled to
    unit length: the sentence embedding sentence-transformers computes for all-MiniLM-L6-v2."""

    def __init__(self, config: dict[str, Any]):
        super().__init__()
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        allowed = None if bool(attention_mask.all()) else attention_mask.bool()[:, None, None, :]
        hidden = self.encoder(self.embeddings(input_ids, token_type_ids), allowed, every_row=True)
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp_min(1e-9)
        return nn.functional.normalize(pooled, dim=-1)


class _Bert(nn.Module):
    def __init__(self, config: dict[str, Any]):
        super().__init__()
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config)
        self.pooler = _Pooler(config)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.embeddings(input_ids, token_type_ids)
        # Padding may not be attended to; shaped to broadcast over heads and query positions.
        # ClaimScorer's batches are never padded, and attention without a mask is faster.
        allowed = None if bool(attention_mask.all()) else attention_mask.bool()[:, None, None, :]
        return self.pooler(self.encoder(hidden, allowed))


class _Embeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        hidden = config["hidden_size"]
        self.word_embeddings = nn.Embedding(config["vocab_size"], hidden, padding_idx=config.get("pad_token_id"))
        self.position_embeddings = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(config["type_vocab_size"], hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])

    def forward(self, input_ids, token_type_ids):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        summed = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids) + self.position_embeddings(positions)
        return self.LayerNorm(summed)


class _Encoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(config) for _ in range(config["num_hidden_layers"]))

    def forward(self, hidden, allowed, every_row: bool = False):
        *layers, last = self.layer
        for layer in layers:
            hidden = layer(hidden, allowed)
        # For a classifier only the first token's output reaches the pooler, so past its
        # attention (which reads every token) the last layer computes that row alone: about a
        # tenth less work. Sentence embeddings pool every row.
        return last(hidden, allowed, first_only=not every_row)


class _Layer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.attention = _Attention(config)
        self.intermediate = _Dense(config["hidden_size"], config["intermediate_size"])
        self.output = _DenseAddNorm(config["intermediate_size"], config)

    def forward(self, hidden, allowed, first_only=False):
        attended = self.attention(hidden, allowed, first_only)
        return self.output(nn.functional.gelu(self.intermediate(attended)), attended)


class _Attention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.self = _SelfAttention(config)
        self.output = _DenseAddNorm(config["hidden_size"], config)

    def forward(self, hidden, allowed, first_only=False):
        return self.output(self.self(hidden, allowed, first_only), hidden[:, :1] if first_only else hidden)


class _SelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        hidden = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        # The checkpoint's query, key and value projections in one (see fused_projections):
        # one matrix product instead of three, and in int8 one quantisation of the input.
        self.query_key_value = nn.Linear(hidden, 3 * hidden)

    def forward(self, hidden, allowed, first_only=False):
        """Each position's attended values; with ``first_only``, the first position's alone."""
        batch, length, width = hidden.shape
        # (batch, length, 3 * width) -> 3 x (batch, heads, length, width / heads)
        query, key, value = (
            self.query_key_value(hidden).view(batch, length, 3, self.heads, width // self.heads).permute(2, 0, 3, 1, 4)
        )
        context = nn.functional.scaled_dot_product_attention(
            query, key, value, attn_mask=allowed, scale=1 / math.sqrt(width // self.heads)
        )
        if first_only:
            # Sliced after attention, not before: a one-row query rounds differently, and int8
            # turned that into score changes of 1e-4; this way the row is the one computed in full.
            context = context[:, :, :1]
        return context.transpose(1, 2).reshape(batch, context.shape[2], width)


class _Dense(nn.Module):
    def __init__(self, width_in: int, width_out: int):
        super().__init__()
        self.dense = nn.Linear(width_in, width_out)

    def forward(self, hidden):
        return self.dense(hidden)


class _DenseAddNorm(nn.Module):
    """A projection back to the hidden width, added to the residual, then LayerNorm."""

    def __init__(self, width_in: int, config):
        super().__init__()
        self.dense = nn.Linear(width_in, config["hidden_size"])
        self.LayerNorm = nn.LayerNorm(config["hidden_size"], eps=config["layer_norm_eps"])

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dense(hidden) + residual)


class _Pooler(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config["hidden_size"], config["hidden_size"])

    def forward(self, hidden):
        return torch.tanh(self.dense(hidden[:, 0]))


class WordPieces:
    """The directory's ``tokenizer.json`` (the fast tokenizer's own file), giving what a
    transformers tokenizer does for ``ClaimScorer.preprocess``: truncated, unpadded ids."""

    def __init__(self, tokenizer_file: Path):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))

    def __call__(self, texts: list[str], *, max_length: int) -> list[dict[str, list[int]]]:
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()
        return [
            {"input_ids": e.ids, "attention_mask": e.attention_mask, "token_type_ids": e.type_ids}
            for e in self.tokenizer.encode_batch(texts)
        ]


def fused_projections(weights: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """A checkpoint's weights with each layer's query, key and value projections stacked into
    the ``query_key_value`` one that ``_SelfAttention`` runs."""
    fused = dict(weights)
    for name in [n for n in weights if n.endswith(".attention.self.query.weight")]:
        prefix = name.removesuffix("query.weight")
        parts = [f"{prefix}{projection}.{kind}" for kind in ("weight", "bias") for projection in ("query", "key", "value")]
        if all(part in fused for part in parts):
            fused[f"{prefix}query_key_value.weight"] = torch.cat([fused.pop(part) for part in parts[:3]])
            fused[f"{prefix}query_key_value.bias"] = torch.cat([fused.pop(part) for part in parts[3:]])
    return fused


def load_bert_classifier(model_dir: Path) -> tuple[WordPieces, BertClassifier, dict[str, Any]]:
    """Tokenizer, model in fp32 and eval mode, and config of a directory ``supports`` accepts."""
    return _load(model_dir, BertClassifier, "a classifier")


def load_bert_encoder(model_dir: Path) -> tuple[WordPieces, BertSentenceEncoder, dict[str, Any]]:
    """Tokenizer, sentence encoder in fp32 and eval mode, and config of a ``BertModel``
    directory that ``supports(model_dir, "BertModel")`` accepts."""
    return _load(model_dir, BertSentenceEncoder, "a sentence encoder")


def _load(model_dir: Path, model_class: type[nn.Module], what: str) -> tuple[WordPieces, Any, dict[str, Any]]:
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    model = model_class(config)
    try:
        weights = load_file(str(model_dir / "model.safetensors"))
    except (SafetensorError, OSError) as exc:
        raise ModelError(f"cannot load {what} from {model_dir}: {exc}") from None
    for unused in [n for n in weights if n.endswith("embeddings.position_ids")]:
        weights.pop(unused)  # a buffer older checkpoints carry
    if model_class is BertSentenceEncoder:
        for unused in [n for n in weights if n.startswith("pooler.")]:
            weights.pop(unused)  # BertModel's pooler: mean pooling replaces it
    missing, unexpected = model.load_state_dict(fused_projections({k: v.float() for k, v in weights.items()}), strict=False)
    if missing or unexpected:
        names = ", ".join([*missing, *unexpected][:3])
        raise ModelError(f"cannot load {what} from {model_dir}: weights do not match its config ({names})")
    try:
        tokenizer = WordPieces(model_dir / "tokenizer.json")
    except Exception as exc:  # the tokenizers library raises its own exception type
        raise ModelError(f"cannot load {what} from {model_dir}: tokenizer.json: {exc}") from None
    return tokenizer, model.eval(), config
