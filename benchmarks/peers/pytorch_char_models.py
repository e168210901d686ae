"""PyTorch peer for the char-lstm and char-transformer protocols: character language models on the fortunes corpus.

The models and protocol (nn4j's char-lstm and char-transformer examples train the same):
- corpus: $NN4J_DATA/fortunes/fortunes.txt as UTF-8 text; the vocabulary is its distinct characters in code
  order; the first 90 % of the characters train, the last 10 % validate.
- batches: 32 windows of T = 64 characters at random positions of the training text, the targets the same
  windows one character later.
- lstm: Embedding(V, 64) -> LSTM(64, 256, 2 layers, batch_first) -> Linear(256, V).
- transformer: Embedding(V, 128) + a learned positional embedding [64, 128] -> 4 x TransformerEncoderLayer(128,
  4 heads, feed-forward 512, dropout 0, GELU, pre-norm, batch_first) with a causal mask -> LayerNorm(128) ->
  Linear(128, V).
- training: AdamW lr 2e-3 (lstm) or 1e-3 (transformer), betas (0.9, 0.999), weight decay 0.01 on parameters of
  rank >= 2 (weights, embeddings) and none on biases and norm scales, linear warm-up from 0 over the first 100
  steps then cosine to 0 at the last step (stepped every iteration), gradient norm clipped to 1.0, cross-entropy over
  all positions.
- validation: the validation text cut into 32 contiguous streams, consecutive windows of 64 (every window starts
  from a zero state / an empty context), mean cross-entropy over all positions in bits per character.
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/peers/pytorch_char_models.py --model lstm [--steps 2000] [--seed 1]
Output: "step S train_bpc B seconds W" every --every steps with "validation_bpc V", then
"final validation_bpc V seconds_per_step S" and a sample of 300 characters at temperature 0.8.
"""
import argparse
import math
import os
import time

import torch
import torch.nn.functional as F
from torch import nn

BATCH, T = 32, 64


class CharLstm(nn.Module):
    def __init__(self, vocab, embed=64, hidden=256, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x):
        out, _ = self.lstm(self.embed(x))
        return self.head(out)


class CharTransformer(nn.Module):
    def __init__(self, vocab, d=128, heads=4, ff=512, layers=4, length=T):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.position = nn.Parameter(torch.randn(length, d))
        self.blocks = nn.ModuleList(nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation="gelu",
                                                               batch_first=True, norm_first=True)
                                    for _ in range(layers))
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, x):
        t = x.shape[1]
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        h = self.embed(x) + self.position[:t]
        for block in self.blocks:
            h = block(h, src_mask=mask)
        return self.head(self.norm(h))


def corpus(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    cut = len(data) - round(0.1 * len(data))
    return chars, data[:cut], data[cut:]


def validation_bpc(model, data):
    """Mean cross-entropy in bits over 32 contiguous streams of consecutive 64-character windows."""
    stream = (len(data) - 1) // BATCH
    batches = stream // T
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for k in range(batches):
            starts = torch.arange(BATCH) * stream + k * T
            rows = starts[:, None] + torch.arange(T)[None, :]
            logits = model(data[rows])
            total += F.cross_entropy(logits.transpose(1, 2), data[rows + 1], reduction="sum").item()
            count += rows.numel()
    model.train()
    return total / count / math.log(2)


def sample(model, chars, prime, length, temperature, generator):
    index = {c: i for i, c in enumerate(chars)}
    text = [index[c] for c in prime]
    model.eval()
    with torch.no_grad():
        for _ in range(length):
            x = torch.tensor(text[-T:])[None, :]
            probs = F.softmax(model(x)[0, -1] / temperature, dim=0)
            text.append(torch.multinomial(probs, 1, generator=generator).item())
    return "".join(chars[i] for i in text[len(prime):])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["lstm", "transformer"], required=True)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--every", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    chars, train, validation = corpus(os.path.join(os.environ.get("NN4J_DATA", "data"), "fortunes", "fortunes.txt"))
    model = CharLstm(len(chars)) if args.model == "lstm" else CharTransformer(len(chars))
    print("PyTorch", torch.__version__, "threads", torch.get_num_threads(), "vocabulary", len(chars),
          "parameters", sum(p.numel() for p in model.parameters()), flush=True)
    decayed = [p for p in model.parameters() if p.dim() >= 2]
    others = [p for p in model.parameters() if p.dim() < 2]
    lr = 2e-3 if args.model == "lstm" else 1e-3
    adamw = torch.optim.AdamW([{"params": decayed, "weight_decay": 0.01}, {"params": others, "weight_decay": 0.0}],
                              lr=lr)
    warmup = 100

    def factor(step):
        if step < warmup:
            return step / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, args.steps - warmup)))

    schedule = torch.optim.lr_scheduler.LambdaLR(adamw, factor)
    generator = torch.Generator().manual_seed(args.seed)
    start, window_loss, window_steps = time.perf_counter(), 0.0, 0
    for step in range(1, args.steps + 1):
        starts = torch.randint(0, len(train) - T, (BATCH,), generator=generator)
        rows = starts[:, None] + torch.arange(T)[None, :]
        loss = F.cross_entropy(model(train[rows]).transpose(1, 2), train[rows + 1])
        adamw.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        adamw.step()
        schedule.step()
        window_loss, window_steps = window_loss + loss.item(), window_steps + 1
        if step % args.every == 0 or step == args.steps:
            seconds = time.perf_counter() - start
            print(f"step {step} train_bpc {window_loss / window_steps / math.log(2):.4f}"
                  f" seconds {seconds:.1f} validation_bpc {validation_bpc(model, validation):.4f}", flush=True)
            window_loss, window_steps = 0.0, 0
    seconds = time.perf_counter() - start
    print(f"final validation_bpc {validation_bpc(model, validation):.4f} seconds_per_step {seconds / args.steps:.3f}")
    print(sample(model, chars, "The ", 300, 0.8, generator))


if __name__ == "__main__":
    main()
