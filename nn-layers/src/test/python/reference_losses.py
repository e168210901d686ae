"""Reference cases for CrossEntropyLoss (logits and probabilities), NLLLoss, BCELoss, BCEWithLogitsLoss, L1Loss,
SmoothL1Loss, HuberLoss and KLDivLoss; CrossEntropyLoss and NLLLoss also over [N, C, d1, ...] and with
reduction='none' (loss_none)."""
import torch
import torch.nn.functional as F
from torch import nn

from reference import record_loss


def _logits(g, n, c, scale=3.0):
    return (torch.rand(n, c, generator=g) * 2 - 1) * scale


def _indices(g, n, c):
    return torch.randint(0, c, (n,), generator=g)


def _one_hot(g, n, c):
    return F.one_hot(_indices(g, n, c), c).to(torch.float64)


def _probabilities(g, n, c):
    return torch.softmax(_logits(g, n, c), dim=1)


def _large(g, n, c):
    x = torch.randint(0, 2, (n, c), generator=g).to(torch.float64) * 2000 - 1000
    x[0, :] = 1000.0  # a row of ties, every class at +1000
    return x


def _ce_on_probabilities(p, t):
    """The course's CE after a Softmax module: −mean log p[target] (nn4j clamps the log at −100, like BCELoss)."""
    logp = torch.clamp(torch.log(p), min=-100)
    if t.dim() == 1:
        return F.nll_loss(logp, t)
    return -(t * logp).sum() / p.shape[0]


def _with_kinks(g, shape, kinks):
    """(prediction, target) with prediction − target exactly 0, ±kink for each kink, and random elsewhere.

    The kink elements have dyadic targets (multiples of 1/8) so that prediction − target is exact."""
    t = torch.rand(shape, generator=g) * 4 - 2
    p = t + (torch.rand(shape, generator=g) * 6 - 3)
    flat_t, flat_p = t.view(-1), p.view(-1)
    exact = [0.0] + [s * k for k in kinks for s in (1.0, -1.0)]
    for i, d in enumerate(exact):
        flat_t[i] = torch.randint(-16, 17, (1,), generator=g).item() / 8
        flat_p[i] = flat_t[i] + d
    return p, t


def _kl_target(g, shape, zeros=2):
    """Probabilities over the last axis with a few exact zeros."""
    t = torch.softmax((torch.rand(shape, generator=g) * 2 - 1) * 3, dim=-1)
    flat = t.view(-1)
    for i in range(zeros):
        flat[(i * 7) % flat.numel()] = 0.0
    return t


def _kl_input(g, shape):
    x = torch.log_softmax((torch.rand(shape, generator=g) * 2 - 1) * 3, dim=-1)
    return x


def _regression_cases():
    g = torch.Generator().manual_seed(77)
    return [
        lambda: record_loss("loss_l1_5x3", nn.L1Loss(), *_with_kinks(g, (5, 3), [])),
        lambda: record_loss("loss_l1_sum_2x3x4", nn.L1Loss(reduction="sum"), *_with_kinks(g, (2, 3, 4), [])),
        lambda: record_loss("loss_l1_7", nn.L1Loss(), *_with_kinks(g, (7,), [])),
        lambda: record_loss("loss_smoothl1_4x5", nn.SmoothL1Loss(), *_with_kinks(g, (4, 5), [1.0, 0.5])),
        lambda: record_loss("loss_smoothl1_beta0.5_sum_3x7", nn.SmoothL1Loss(beta=0.5, reduction="sum"),
                            *_with_kinks(g, (3, 7), [0.5, 2.0])),
        lambda: record_loss("loss_smoothl1_beta0_3x4", nn.SmoothL1Loss(beta=0.0), *_with_kinks(g, (3, 4), [1.0])),
        lambda: record_loss("loss_smoothl1_beta0_sum_2x3", nn.SmoothL1Loss(beta=0.0, reduction="sum"),
                            *_with_kinks(g, (2, 3), [])),
        lambda: record_loss("loss_huber_4x5", nn.HuberLoss(), *_with_kinks(g, (4, 5), [1.0, 0.5])),
        lambda: record_loss("loss_huber_delta2.5_sum_3x2x3", nn.HuberLoss(delta=2.5, reduction="sum"),
                            *_with_kinks(g, (3, 2, 3), [2.5, 1.25])),
        lambda: record_loss("loss_huber_delta0.25_5x3", nn.HuberLoss(delta=0.25), *_with_kinks(g, (5, 3), [0.25])),
        lambda: record_loss("loss_kldiv_batchmean_4x5", nn.KLDivLoss(reduction="batchmean"),
                            _kl_input(g, (4, 5)), _kl_target(g, (4, 5))),
        lambda: record_loss("loss_kldiv_batchmean_2x3x4", nn.KLDivLoss(reduction="batchmean"),
                            _kl_input(g, (2, 3, 4)), _kl_target(g, (2, 3, 4), zeros=3)),
        lambda: record_loss("loss_kldiv_mean_3x7", nn.KLDivLoss(reduction="mean"),
                            _kl_input(g, (3, 7)), _kl_target(g, (3, 7))),
        lambda: record_loss("loss_kldiv_sum_5x3", nn.KLDivLoss(reduction="sum"),
                            _kl_input(g, (5, 3)), _kl_target(g, (5, 3))),
        lambda: record_loss("loss_kldiv_batchmean_onehot_3x4", nn.KLDivLoss(reduction="batchmean"),
                            _kl_input(g, (3, 4)), F.one_hot(_indices(g, 3, 4), 4).to(torch.float64)),
        lambda: record_loss("loss_kldiv_logtarget_batchmean_5x3", nn.KLDivLoss(reduction="batchmean", log_target=True),
                            _kl_input(g, (5, 3)), _kl_input(g, (5, 3))),
        lambda: record_loss("loss_kldiv_logtarget_sum_3x4", nn.KLDivLoss(reduction="sum", log_target=True),
                            _kl_input(g, (3, 4)), _kl_input(g, (3, 4))),
        lambda: record_loss("loss_kldiv_logtarget_mean_2x5", nn.KLDivLoss(reduction="mean", log_target=True),
                            _kl_input(g, (2, 5)), _kl_input(g, (2, 5))),
    ]


def _nll_cases():
    g = torch.Generator().manual_seed(91)
    w4 = torch.tensor([0.5, 2.0, 1.0, 3.0])
    w3 = torch.tensor([1.5, 0.25, 4.0])
    ignored = _indices(g, 7, 4)
    ignored[[1, 4]] = -100

    def weighted_dense(w):
        return lambda x, t: -(x * t * w).sum() / x.shape[0]

    return [
        lambda: record_loss("loss_nll_weight_5x4", nn.NLLLoss(weight=w4), torch.log_softmax(_logits(g, 5, 4), 1),
                            _indices(g, 5, 4), {"weight": w4}),
        lambda: record_loss("loss_nll_ignore1_6x3", nn.NLLLoss(ignore_index=1), torch.log_softmax(_logits(g, 6, 3), 1),
                            torch.tensor([0, 1, 2, 1, 0, 2]), {"ignore_index": torch.tensor(1)}),
        lambda: record_loss("loss_nll_weight_ignore-100_7x4", nn.NLLLoss(weight=w4, ignore_index=-100),
                            torch.log_softmax(_logits(g, 7, 4), 1), ignored,
                            {"weight": w4, "ignore_index": torch.tensor(-100)}),
        lambda: record_loss("loss_nll_weight_onehot_4x3", weighted_dense(w3), torch.log_softmax(_logits(g, 4, 3), 1),
                            _one_hot(g, 4, 3), {"weight": w3}),
    ]


def _options_on_log_probabilities(w, ignore_index, eps):
    """PyTorch 1.13's cross-entropy with weight, ignore_index and label_smoothing, on log-probabilities clamped at
    −100 instead of log_softmax(logits): nn4j's CrossEntropyLoss.onProbabilities() with the same options."""
    def loss(p, t):
        logp = torch.clamp(torch.log(p), min=-100)
        c = p.shape[1]
        nll = F.nll_loss(logp, t, weight=w, ignore_index=ignore_index)
        keep = t != ignore_index
        smooth = -(logp * w).sum(1) if w is not None else -logp.sum(1)
        smooth = smooth.masked_fill(~keep, 0.0)
        if w is not None:
            smooth = smooth.sum() / w.gather(0, t.masked_select(keep)).sum()
        else:
            smooth = smooth.sum() / keep.sum()
        return (1 - eps) * nll + smooth * (eps / c)
    return loss


def _ce_option_cases():
    g = torch.Generator().manual_seed(97)
    w4 = torch.tensor([0.5, 2.0, 1.0, 3.0])
    w3 = torch.tensor([1.5, 0.25, 4.0])

    def with_ignored(n, c, rows):
        t = _indices(g, n, c)
        t[rows] = -100
        return t

    return [
        lambda: record_loss("loss_ce_weight_5x4", nn.CrossEntropyLoss(weight=w4), _logits(g, 5, 4), _indices(g, 5, 4),
                            {"weight": w4}),
        lambda: record_loss("loss_ce_ignore-100_6x3", nn.CrossEntropyLoss(ignore_index=-100), _logits(g, 6, 3),
                            with_ignored(6, 3, [0, 4])),
        lambda: record_loss("loss_ce_smooth0.1_4x5", nn.CrossEntropyLoss(label_smoothing=0.1), _logits(g, 4, 5),
                            _indices(g, 4, 5)),
        lambda: record_loss("loss_ce_smooth0.3_ignore1_5x3", nn.CrossEntropyLoss(ignore_index=1, label_smoothing=0.3),
                            _logits(g, 5, 3), torch.tensor([1, 0, 2, 1, 2])),
        lambda: record_loss("loss_ce_weight_ignore-100_smooth0.2_7x4",
                            nn.CrossEntropyLoss(weight=w4, ignore_index=-100, label_smoothing=0.2), _logits(g, 7, 4),
                            with_ignored(7, 4, [2, 3]), {"weight": w4}),
        lambda: record_loss("loss_ce_soft_weight_smooth0.1_3x3", nn.CrossEntropyLoss(weight=w3, label_smoothing=0.1),
                            _logits(g, 3, 3), _probabilities(g, 3, 3), {"weight": w3}),
        lambda: record_loss("loss_ce_onehot_smooth0.25_4x3", nn.CrossEntropyLoss(label_smoothing=0.25),
                            _logits(g, 4, 3), _one_hot(g, 4, 3)),
        lambda: record_loss("loss_ce_probs_weight_ignore-100_smooth0.1_6x4", _options_on_log_probabilities(w4, -100, 0.1),
                            _probabilities(g, 6, 4), with_ignored(6, 4, [5]), {"weight": w4}),
    ]


def _with_none(name, make, prediction, target, options=None):
    """record_loss of make(reduction="mean") with make(reduction="none")'s per-position losses as loss_none."""
    arrays = dict(options or {})
    arrays["loss_none"] = make("none")(prediction, target)
    return record_loss(name, make("mean"), prediction, target, arrays)


def _spatial_cases():
    """Predictions [N, C, d1, ...] with class indices [N, d1, ...] or probabilities shaped like the prediction."""
    g = torch.Generator().manual_seed(103)
    w3 = torch.tensor([1.5, 0.25, 4.0])
    w4 = torch.tensor([0.5, 2.0, 1.0, 3.0])

    def logits(*shape):
        return (torch.rand(shape, generator=g) * 2 - 1) * 3

    def indices(c, *shape):
        return torch.randint(0, c, shape, generator=g)

    def ties(x):
        x[0, :, 0, 0] = 1000.0  # a position of ties, every class at +1000
        x[1, 0, 1, 2] = -1000.0
        return x

    ignored = indices(3, 2, 7)
    ignored[0, [1, 5]] = -100
    ignored[1, 3] = -100
    ignored1 = indices(4, 3, 5)
    ignored1[2, :] = 1
    smooth_ignored = indices(4, 2, 3, 4)
    smooth_ignored[1, 2, [0, 3]] = -100

    def ce(**kw):
        return lambda reduction: nn.CrossEntropyLoss(reduction=reduction, **kw)

    def nll(**kw):
        return lambda reduction: nn.NLLLoss(reduction=reduction, **kw)

    return [
        lambda: _with_none("loss_ce_spatial_indices_3x4x2x5", ce(), ties(logits(3, 4, 2, 5)), indices(4, 3, 2, 5)),
        lambda: _with_none("loss_ce_spatial_indices_2x3x6", ce(), logits(2, 3, 6), indices(3, 2, 6)),
        lambda: _with_none("loss_ce_spatial_weight_ignore-100_smooth0.2_2x3x7",
                           ce(weight=w3, ignore_index=-100, label_smoothing=0.2), logits(2, 3, 7), ignored, {"weight": w3}),
        lambda: _with_none("loss_ce_spatial_weight_ignore-100_smooth0.1_2x4x3x4",
                           ce(weight=w4, ignore_index=-100, label_smoothing=0.1), logits(2, 4, 3, 4), smooth_ignored,
                           {"weight": w4}),
        lambda: _with_none("loss_ce_spatial_soft_weight_smooth0.1_2x3x4", ce(weight=w3, label_smoothing=0.1),
                           logits(2, 3, 4), torch.softmax(logits(2, 3, 4), dim=1), {"weight": w3}),
        lambda: _with_none("loss_ce_spatial_soft_3x4x5", ce(), logits(3, 4, 5), torch.softmax(logits(3, 4, 5), dim=1)),
        lambda: record_loss("loss_ce_probs_spatial_indices_2x4x3",
                            lambda p, t: F.nll_loss(torch.clamp(torch.log(p), min=-100), t),
                            torch.softmax(logits(2, 4, 3), dim=1), indices(4, 2, 3)),
        lambda: _with_none("loss_nll_spatial_3x3x2x2", nll(), torch.log_softmax(logits(3, 3, 2, 2), 1), indices(3, 3, 2, 2)),
        lambda: _with_none("loss_nll_spatial_weight_ignore1_3x4x5", nll(weight=w4, ignore_index=1),
                           torch.log_softmax(logits(3, 4, 5), 1), ignored1, {"weight": w4}),
        lambda: _with_none("loss_nll_weight_ignore-100_6x3", nll(weight=w3, ignore_index=-100),
                           torch.log_softmax(logits(6, 3), 1), torch.tensor([0, -100, 2, 1, -100, 2]), {"weight": w3}),
        lambda: _with_none("loss_ce_weight_ignore-100_smooth0.3_5x4", ce(weight=w4, ignore_index=-100, label_smoothing=0.3),
                           logits(5, 4), torch.tensor([3, -100, 0, 1, 1]), {"weight": w4}),
    ]


def cases():
    g = torch.Generator().manual_seed(31)
    ce = nn.CrossEntropyLoss()
    return [
        lambda: record_loss("loss_ce_indices_4x3", ce, _logits(g, 4, 3), _indices(g, 4, 3)),
        lambda: record_loss("loss_ce_indices_1x5", ce, _logits(g, 1, 5), _indices(g, 1, 5)),
        lambda: record_loss("loss_ce_indices_7x2", ce, _logits(g, 7, 2), _indices(g, 7, 2)),
        lambda: record_loss("loss_ce_onehot_5x4", ce, _logits(g, 5, 4), _one_hot(g, 5, 4)),
        lambda: record_loss("loss_ce_soft_3x6", ce, _logits(g, 3, 6), _probabilities(g, 3, 6)),
        lambda: record_loss("loss_ce_large_indices_5x3", ce, _large(g, 5, 3), _indices(g, 5, 3)),
        lambda: record_loss("loss_ce_large_onehot_4x3", ce, _large(g, 4, 3), _one_hot(g, 4, 3)),
        lambda: record_loss("loss_ce_probs_indices_6x4", _ce_on_probabilities, _probabilities(g, 6, 4),
                            _indices(g, 6, 4)),
        lambda: record_loss("loss_ce_probs_onehot_3x5", _ce_on_probabilities, _probabilities(g, 3, 5),
                            _one_hot(g, 3, 5)),
        lambda: record_loss("loss_nll_indices_5x4", nn.NLLLoss(), torch.log_softmax(_logits(g, 5, 4), 1),
                            _indices(g, 5, 4)),
        lambda: record_loss("loss_nll_indices_1x3", nn.NLLLoss(), torch.log_softmax(_logits(g, 1, 3), 1),
                            _indices(g, 1, 3)),
        lambda: record_loss("loss_bce_4x3", nn.BCELoss(), torch.rand(4, 3, generator=g) * 0.98 + 0.01,
                            torch.rand(4, 3, generator=g)),
        lambda: record_loss("loss_bce_5x1", nn.BCELoss(), torch.rand(5, 1, generator=g) * 0.98 + 0.01,
                            torch.randint(0, 2, (5, 1), generator=g).to(torch.float64)),
        lambda: record_loss("loss_bce_edges_2x3", nn.BCELoss(), torch.tensor([[0.0, 1.0, 0.5], [1e-3, 0.999, 0.25]]),
                            torch.tensor([[0.0, 1.0, 1.0], [0.0, 1.0, 0.0]])),
        lambda: record_loss("loss_bcelogits_4x3", nn.BCEWithLogitsLoss(), _logits(g, 4, 3),
                            torch.rand(4, 3, generator=g)),
        lambda: record_loss("loss_bcelogits_large_2x4", nn.BCEWithLogitsLoss(),
                            torch.tensor([[1000.0, -1000.0, 0.0, 30.0], [-1000.0, 1000.0, -30.0, 1.0]]),
                            torch.tensor([[0.0, 1.0, 0.5, 1.0], [0.0, 1.0, 0.0, 0.0]])),
        lambda: record_loss("loss_bcelogits_1x1", nn.BCEWithLogitsLoss(), _logits(g, 1, 1),
                            torch.ones(1, 1)),
    ] + _regression_cases() + _nll_cases() + _ce_option_cases() + _spatial_cases()
