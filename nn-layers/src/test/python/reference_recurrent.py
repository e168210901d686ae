"""Reference cases for LSTM, GRU and RNN (batch_first=True): outputs, gradients, and the final states h_n (and c_n).

Besides the module arrays of reference.py, each fixture holds h_n (and c_n for LSTM) and, when the case starts from a
non-zero state, h0 (and c0): element k (c order) of h0 is 0.5·sin(k + 1), of c0 −0.8·sin(k + 1), as
RecurrentSpecCases.pattern builds them. The loss reads the output only (grad_output), as in nn4j's fixtures.
"""
import numpy as np
import torch
from torch import nn

from reference import _save


def _pattern(scale, shape):
    return scale * torch.sin(torch.arange(1, int(np.prod(shape)) + 1, dtype=torch.float64)).reshape(shape)


def record_recurrent(name, module, input_shape, seed, initial_state=False, train=True):
    g = torch.Generator().manual_seed(seed)
    module = module.double()
    module.train(train)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.rand(p.shape, generator=g) * 2 - 1)
    x = (torch.rand(input_shape, generator=g) * 2 - 1).requires_grad_(True)
    params = {n: p.detach().clone().numpy() for n, p in module.named_parameters()}
    layers = module.num_layers * (2 if module.bidirectional else 1)
    state_shape = (layers, input_shape[0], module.hidden_size)
    lstm = isinstance(module, nn.LSTM)
    arrays = {}
    state = None
    if initial_state:
        h0 = _pattern(0.5, state_shape)
        arrays["h0"] = h0.numpy()
        state = h0
        if lstm:
            c0 = _pattern(-0.8, state_shape)
            arrays["c0"] = c0.numpy()
            state = (h0, c0)
    y, final = module(x, state) if state is not None else module(x)
    go = torch.rand(y.shape, generator=g) * 2 - 1
    y.backward(go)
    arrays.update({"input": x.detach().numpy(), "output": y.detach().numpy(),
                   "grad_output": go.numpy(), "grad_input": x.grad.numpy()})
    if lstm:
        arrays["h_n"] = final[0].detach().numpy()
        arrays["c_n"] = final[1].detach().numpy()
    else:
        arrays["h_n"] = final.detach().numpy()
    for n, v in params.items():
        arrays["param." + n] = v
    for n, p in module.named_parameters():
        arrays["grad." + n] = p.grad.numpy()
    return _save(name, arrays)


def cases():
    b = dict(batch_first=True)
    return [
        lambda: record_recurrent("lstm_3to4_t5_batch2", nn.LSTM(3, 4, **b), (2, 5, 3), seed=301),
        lambda: record_recurrent("lstm_3to4_t1_batch1", nn.LSTM(3, 4, **b), (1, 1, 3), seed=302),
        lambda: record_recurrent("lstm_3to4_2layers_t3_batch1", nn.LSTM(3, 4, 2, **b), (1, 3, 3), seed=303),
        lambda: record_recurrent("lstm_3to4_bidirectional_t5_batch3", nn.LSTM(3, 4, bidirectional=True, **b), (3, 5, 3),
                                 seed=304),
        lambda: record_recurrent("lstm_2to3_2layers_bidirectional_t4_batch2",
                                 nn.LSTM(2, 3, 2, bidirectional=True, **b), (2, 4, 2), seed=305),
        lambda: record_recurrent("lstm_3to4_2layers_h0c0_t3_batch2", nn.LSTM(3, 4, 2, **b), (2, 3, 3), seed=306,
                                 initial_state=True),
        lambda: record_recurrent("lstm_3to4_2layers_dropout0.5_eval_t3_batch2", nn.LSTM(3, 4, 2, dropout=0.5, **b),
                                 (2, 3, 3), seed=307, train=False),
        lambda: record_recurrent("gru_3to4_t5_batch2", nn.GRU(3, 4, **b), (2, 5, 3), seed=311),
        lambda: record_recurrent("gru_3to4_2layers_bidirectional_t3_batch1", nn.GRU(3, 4, 2, bidirectional=True, **b),
                                 (1, 3, 3), seed=312),
        lambda: record_recurrent("gru_3to4_bidirectional_h0_t3_batch2", nn.GRU(3, 4, bidirectional=True, **b), (2, 3, 3),
                                 seed=313, initial_state=True),
        lambda: record_recurrent("rnn_tanh_3to4_t5_batch2", nn.RNN(3, 4, **b), (2, 5, 3), seed=321),
        lambda: record_recurrent("rnn_tanh_3to4_2layers_bidirectional_h0_t3_batch1",
                                 nn.RNN(3, 4, 2, bidirectional=True, **b), (1, 3, 3), seed=322, initial_state=True),
        lambda: record_recurrent("rnn_relu_3to4_t5_batch3", nn.RNN(3, 4, nonlinearity="relu", **b), (3, 5, 3), seed=323),
        lambda: record_recurrent("rnn_relu_3to4_2layers_bidirectional_t3_batch2",
                                 nn.RNN(3, 4, 2, nonlinearity="relu", bidirectional=True, **b), (2, 3, 3), seed=324),
    ]
