"""Reference cases for sequence models: Embedding (integer indices in, no gradient to them), Linear on [N, *, in],
LayerNorm and Dropout on [N, T, C]."""
import torch
from torch import nn

from reference import _save, record_module


def record_embedding(name, module, indices, seed):
    """Like record_module, for integer indices: they are stored as int64 and their grad_input is zeros (no gradient)."""
    g = torch.Generator().manual_seed(seed)
    module = module.double()
    with torch.no_grad():
        # every row random, the padding row too: forward returns it as it stands; its gradient stays zero
        for p in module.parameters():
            p.copy_(torch.rand(p.shape, generator=g) * 2 - 1)
    params = {n: p.detach().clone().numpy() for n, p in module.named_parameters()}
    y = module(indices)
    go = torch.rand(y.shape, generator=g) * 2 - 1
    y.backward(go)
    arrays = {"input": indices.numpy(), "output": y.detach().numpy(), "grad_output": go.numpy(),
              "grad_input": torch.zeros(indices.shape, dtype=torch.float64).numpy()}
    for n, v in params.items():
        arrays["param." + n] = v
    for n, p in module.named_parameters():
        arrays["grad." + n] = p.grad.numpy()
    return _save(name, arrays)


def idx(*rows):
    return torch.tensor(rows, dtype=torch.int64)


def cases():
    return [
        # index 1 three times and 4 twice: their gradient rows add up
        lambda: record_embedding("embedding_10x3_repeated_3x5", nn.Embedding(10, 3),
                                 idx([1, 4, 1, 0, 9], [4, 1, 7, 7, 2], [3, 3, 3, 5, 8]), seed=101),
        # the padding row (2) appears three times and gets no gradient; row 0 and 6 repeat
        lambda: record_embedding("embedding_7x4_padding2_2x5", nn.Embedding(7, 4, padding_idx=2),
                                 idx([2, 0, 6, 2, 0], [6, 2, 1, 5, 6]), seed=102),
        # a negative padding index counts from the end: row 4
        lambda: record_embedding("embedding_5x2_paddingminus1_3x2", nn.Embedding(5, 2, padding_idx=-1),
                                 idx([4, 0], [3, 4], [4, 4]), seed=103),
        lambda: record_embedding("embedding_6x5_batch1_1x7", nn.Embedding(6, 5), idx([5, 0, 2, 2, 3, 1, 5]), seed=104),
        # indices [N]: output [N, dim]
        lambda: record_embedding("embedding_8x3_vector_5", nn.Embedding(8, 3), idx(7, 0, 3, 3, 6), seed=105),
        # indices [N, T1, T2]
        lambda: record_embedding("embedding_6x2_2x3x2", nn.Embedding(6, 2),
                                 idx([[0, 5], [1, 1], [4, 2]], [[3, 0], [5, 5], [2, 1]]), seed=106),
        # Linear on [N, *, in]: every position is a row of the same product
        lambda: record_module("linear_4x3_2x3x4", nn.Linear(4, 3), (2, 3, 4), seed=107),
        lambda: record_module("linear_3x2_1x5x2x3", nn.Linear(3, 2), (1, 5, 2, 3), seed=108),
        lambda: record_module("linear_nobias_3x5_2x1x3", nn.Linear(3, 5, bias=False), (2, 1, 3), seed=109),
        # [N, T, C], normalised over C at every position, as in a transformer
        lambda: record_module("ln_4_2x5x4", nn.LayerNorm(4), (2, 5, 4), seed=110),
        lambda: record_module("dropout_eval_2x3x4", nn.Dropout(0.4), (2, 3, 4), seed=111, train=False),
    ]
