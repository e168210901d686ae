"""Reference cases for MultiheadAttention, TransformerEncoderLayer and PositionalEmbedding, batch first.

The subclasses below only fix what nn4j sets on the module (the causal mask, the key-padding mask) and take one input
or a list of inputs, as nn4j's modules do; their parameters keep PyTorch's names (in_proj_weight, out_proj.weight,
self_attn.in_proj_weight, linear1.weight, norm1.weight, ...). Cross-attention takes one array [N, L + S, E] that Split
cuts into the query and the memory (or query, key and value), as nn4j's ConcatTable of Narrows does. Key-padding masks
are saved in the fixture as key_padding_mask (1.0 where a key is ignored).
"""
import torch
from torch import nn

from reference import record_module


def causal_mask(l, s):
    """True where query i may not attend to key j: j > i (generate_square_subsequent_mask for l = s)."""
    return torch.ones(l, s, dtype=torch.bool).triu(1)


def attend(mha, q, k, v):
    """The attention output; with mha.seen a dict, the weights averaged over the heads go there as attention_weights."""
    mask = causal_mask(q.shape[1], k.shape[1]) if mha.causal else None
    out, weights = nn.MultiheadAttention.forward(mha, q, k, v, key_padding_mask=mha.padding, attn_mask=mask,
                                                 need_weights=mha.seen is not None)
    if mha.seen is not None:
        mha.seen["attention_weights"] = weights.detach().numpy()
    return out


class SelfAttention(nn.MultiheadAttention):
    """mha(x, x, x)."""

    def __init__(self, e, h, bias=True, causal=False, padding=None):
        super().__init__(e, h, bias=bias, batch_first=True)
        self.causal = causal
        self.padding = padding
        self.seen = None

    def forward(self, x):
        return attend(self, x, x, x)


class CrossAttention(SelfAttention):
    """mha(query, memory, memory) for [query, memory], mha(query, key, value) for [query, key, value]."""

    def forward(self, xs):
        return attend(self, xs[0], xs[1], xs[-1])


class Split(nn.Module):
    """[x[:, :l], x[:, l:l + s], ...]: consecutive pieces along the positions, as nn4j's Narrow(1, start, length)."""

    def __init__(self, *lengths):
        super().__init__()
        self.lengths = lengths

    def forward(self, x):
        return list(torch.split(x, self.lengths, dim=1))


class EncoderLayer(nn.TransformerEncoderLayer):
    """nn.TransformerEncoderLayer(batch_first=True) with its src_mask (causal) and src_key_padding_mask fixed."""

    def __init__(self, d, h, ff, activation="relu", norm_first=False, eps=1e-5, causal=False, padding=None):
        super().__init__(d, h, ff, dropout=0.1, activation=activation, layer_norm_eps=eps, batch_first=True,
                         norm_first=norm_first)
        self.causal = causal
        self.padding = padding

    def forward(self, x):
        mask = causal_mask(x.shape[1], x.shape[1]) if self.causal else None
        return super().forward(x, src_mask=mask, src_key_padding_mask=self.padding)


class PositionalEmbedding(nn.Module):
    """x + weight[:T], weight [max_length, dim] (an nn.Embedding's weight, as GPT-2's wpe)."""

    def __init__(self, max_length, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(max_length, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[1]]


def padding(*pads, keys):
    """A key-padding mask [N, keys]: sample n ignores its last pads[n] keys."""
    mask = torch.zeros(len(pads), keys, dtype=torch.bool)
    for n, p in enumerate(pads):
        if p:
            mask[n, keys - p:] = True
    return mask


def masked(name, module, shape, seed, mask, train=True):
    return record_module(name, module, shape, seed, train=train, extra={"key_padding_mask": mask.double().numpy()})


def with_weights(name, attention, shape, seed):
    """Also saves the attention weights of the forward pass (need_weights=True), which fill the extra arrays."""
    extra = {"key_padding_mask": attention.padding.double().numpy()}
    attention.seen = extra
    return record_module(name, attention, shape, seed, extra=extra)


def cases():
    pad_2x4 = padding(1, 2, keys=4)
    pad_2x5 = padding(0, 4, keys=5)
    pad_2x4_memory = padding(3, 1, keys=4)
    pad_2x4_tel = padding(2, 0, keys=4)
    return [
        lambda: record_module("mha_self_e4_h2_2x3x4", SelfAttention(4, 2), (2, 3, 4), seed=301),
        lambda: record_module("mha_self_e6_h2_causal_3x5x6", SelfAttention(6, 2, causal=True), (3, 5, 6), seed=302),
        lambda: record_module("mha_self_e4_h1_nobias_batch1_1x5x4", SelfAttention(4, 1, bias=False), (1, 5, 4), seed=303),
        lambda: record_module("mha_self_e4_h2_t1_3x1x4", SelfAttention(4, 2, causal=True), (3, 1, 4), seed=304),
        lambda: masked("mha_self_e6_h2_padding_2x4x6", SelfAttention(6, 2, padding=pad_2x4), (2, 4, 6), 305, pad_2x4),
        # sample 1 keeps only its first key, which the causal mask leaves to every query
        lambda: masked("mha_self_e4_h2_causal_padding_2x5x4", SelfAttention(4, 2, causal=True, padding=pad_2x5), (2, 5, 4),
                       306, pad_2x5),
        lambda: with_weights("mha_self_weights_e4_h2_causal_padding_2x4x4",
                             SelfAttention(4, 2, causal=True, padding=padding(2, 0, keys=4)), (2, 4, 4), 319),
        lambda: record_module("mha_cross_e4_h2_l2_s3_2x5x4", nn.Sequential(Split(2, 3), CrossAttention(4, 2)), (2, 5, 4),
                              seed=307),
        lambda: record_module("mha_cross_qkv_e6_h2_l3_s2_batch1_1x7x6", nn.Sequential(Split(3, 2, 2), CrossAttention(6, 2)),
                              (1, 7, 6), seed=308),
        lambda: masked("mha_cross_e4_h2_l3_s4_padding_2x7x4",
                       nn.Sequential(Split(3, 4), CrossAttention(4, 2, padding=pad_2x4_memory)), (2, 7, 4), 309, pad_2x4_memory),
        lambda: record_module("mha_cross_e4_h2_causal_l3_s5_2x8x4", nn.Sequential(Split(3, 5), CrossAttention(4, 2, causal=True)),
                              (2, 8, 4), seed=310),
        # eval mode: PyTorch's dropout masks cannot be reproduced
        lambda: record_module("tel_d4_h2_ff6_relu_post_eval_2x3x4", EncoderLayer(4, 2, 6), (2, 3, 4), seed=311, train=False),
        lambda: record_module("tel_d4_h2_ff6_gelu_pre_eval_2x5x4", EncoderLayer(4, 2, 6, "gelu", norm_first=True), (2, 5, 4),
                              seed=312, train=False),
        lambda: record_module("tel_d6_h2_ff5_gelu_post_causal_eval_batch1_1x5x6", EncoderLayer(6, 2, 5, "gelu", causal=True),
                              (1, 5, 6), seed=313, train=False),
        lambda: record_module("tel_d6_h3_ff4_relu_pre_causal_eval_3x3x6", EncoderLayer(6, 3, 4, norm_first=True, causal=True),
                              (3, 3, 6), seed=314, train=False),
        lambda: masked("tel_d4_h2_ff6_relu_pre_padding_eval_2x4x4",
                       EncoderLayer(4, 2, 6, norm_first=True, padding=pad_2x4_tel), (2, 4, 4), 315, pad_2x4_tel, train=False),
        lambda: record_module("tel_d4_h1_ff3_gelu_post_eps0.01_eval_2x3x4", EncoderLayer(4, 1, 3, "gelu", eps=0.01), (2, 3, 4),
                              seed=316, train=False),
        lambda: record_module("posemb_7x4_2x5x4", PositionalEmbedding(7, 4), (2, 5, 4), seed=317),
        lambda: record_module("posemb_3x2_batch1_1x3x2", PositionalEmbedding(3, 2), (1, 3, 2), seed=318),
    ]
