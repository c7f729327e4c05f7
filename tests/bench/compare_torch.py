#!/usr/bin/python3
"""Times AttentionScope against PyTorch on the same BERT-shaped model folder, alternately, in one run.

    tests/bench/compare_torch.py --model /tmp/bert-base --cli build/app/attnscope-cli \
        [--lens 16,128,512] [--threads 2] [--rounds 5] [--repeat 5]

PyTorch (Debian's python3-torch 1.13) runs the same architecture built from the same
model.safetensors: post-LN BERT layers, exact-erf GELU, per-head attention weights returned (as
HuggingFace's output_attentions=True does), float32, batch 1, under torch.inference_mode().
Each round times `repeat` PyTorch passes, then `attnscope-cli bench --repeat R` (the same number of
passes after one warm-up); the ratio printed per length is the median over rounds of
AttentionScope's median ÷ PyTorch's median, so machine noise hits both sides of each ratio alike.

Debian's default libblas.so.3 may be the reference BLAS (50× slower), so the script re-executes
itself with Debian's OpenBLAS OpenMP build first on LD_LIBRARY_PATH (package libopenblas0-openmp).
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp"


def ensure_openblas():
    paths = os.environ.get("LD_LIBRARY_PATH", "").split(":")
    if paths and paths[0] == OPENBLAS:
        return
    if not os.path.exists(os.path.join(OPENBLAS, "libblas.so.3")):
        sys.exit(f"compare_torch.py: {OPENBLAS}/libblas.so.3 is missing; apt-get install libopenblas0-openmp")
    env = dict(os.environ, LD_LIBRARY_PATH=":".join([OPENBLAS] + [p for p in paths if p]))
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


ensure_openblas()

import numpy as np  # noqa: E402  (after the re-exec, so the right BLAS is loaded)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def read_safetensors(path):
    """{name: torch.Tensor} from an F32 safetensors file, without the safetensors package."""
    with open(path, "rb") as f:
        header_size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(header_size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_size)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            sys.exit(f"compare_torch.py: {name} is {info['dtype']}; only F32 is supported")
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np.float32).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


class Bert:
    """BertForMaskedLM's encoder plus the MLM head at the last position, as AttentionScope computes it."""

    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as f:
            config = json.load(f)
        if config.get("model_type") != "bert":
            sys.exit("compare_torch.py: only BERT-shaped (model_type bert) folders are supported")
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        self.vocab_size = config["vocab_size"]
        self.w = read_safetensors(os.path.join(folder, "model.safetensors"))
        self.prefix = "bert." if "bert.embeddings.word_embeddings.weight" in self.w else ""

    def linear(self, x, name):
        return F.linear(x, self.w[name + "weight"], self.w[name + "bias"])

    def norm(self, x, name):
        return F.layer_norm(x, x.shape[-1:], self.w[name + "weight"], self.w[name + "bias"], self.eps)

    def forward(self, ids):
        p = self.prefix
        t = ids.shape[0]
        x = (self.w[p + "embeddings.word_embeddings.weight"][ids] + self.w[p + "embeddings.position_embeddings.weight"][:t]
             + self.w[p + "embeddings.token_type_embeddings.weight"][0])
        x = self.norm(x, p + "embeddings.LayerNorm.")
        attentions = []
        for l in range(self.layers):
            layer = f"{p}encoder.layer.{l}."
            d = x.shape[1]
            d_k = d // self.heads
            # (T, d) → (H, T, d_k)
            q = self.linear(x, layer + "attention.self.query.").view(t, self.heads, d_k).transpose(0, 1)
            k = self.linear(x, layer + "attention.self.key.").view(t, self.heads, d_k).transpose(0, 1)
            v = self.linear(x, layer + "attention.self.value.").view(t, self.heads, d_k).transpose(0, 1)
            alpha = torch.matmul(q, k.transpose(1, 2)) / math.sqrt(d_k)
            alpha_hat = torch.softmax(alpha, dim=-1)
            attentions.append(alpha_hat)
            b = torch.matmul(alpha_hat, v).transpose(0, 1).reshape(t, d)
            x = self.norm(x + self.linear(b, layer + "attention.output.dense."), layer + "attention.output.LayerNorm.")
            h = F.gelu(self.linear(x, layer + "intermediate.dense."))
            x = self.norm(x + self.linear(h, layer + "output.dense."), layer + "output.LayerNorm.")
        logits = None
        if "cls.predictions.bias" in self.w:
            last = x[-1:]
            last = self.norm(F.gelu(self.linear(last, "cls.predictions.transform.dense.")),
                             "cls.predictions.transform.LayerNorm.")
            logits = F.linear(last, self.w[p + "embeddings.word_embeddings.weight"], self.w["cls.predictions.bias"])
        return x, attentions, logits


def bench_ids(length, vocab_size):
    """The ids attnscope-cli bench uses: 100, 101, … wrapping every 1000."""
    first = 100 if vocab_size > 200 else 0
    span = min(1000, vocab_size - first)
    return torch.tensor([first + i % span for i in range(length)], dtype=torch.long)


def time_torch(model, length, repeat):
    ids = bench_ids(length, model.vocab_size)
    times = []
    with torch.inference_mode():
        model.forward(ids)  # warm-up, as the CLI does
        for _ in range(repeat):
            start = time.perf_counter()
            model.forward(ids)
            times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def time_cli(cli, folder, length, threads, repeat):
    command = [cli, "bench", "--model", folder, "--len", str(length), "--threads", str(threads), "--repeat",
               str(repeat), "--open-repeat", "1", "--json"]
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return report["median_ms"], report["gflops"]


def check_same_model(model, cli, folder, length=8):
    """Both sides must compute the same function: compare attention and logits on a short input."""
    ids = bench_ids(length, model.vocab_size)
    dump = json.loads(subprocess.run([cli, "dump", "--model", folder, "--source-ids", ",".join(map(str, ids.tolist()))],
                                     check=True, capture_output=True, text=True).stdout)
    with torch.inference_mode():
        _, attentions, logits = model.forward(ids)
    ours = torch.tensor(dump["attention"]["encoder_self"])
    attention_diff = (ours - torch.stack(attentions)).abs().max().item()
    logits_diff = (torch.tensor(dump["logits"]) - logits[0]).abs().max().item() if logits is not None else 0.0
    print(f"same model: max |Δα̂| = {attention_diff:.2e}, max |Δlogits| = {logits_diff:.2e} at {length} tokens")
    if attention_diff > 1e-4 or logits_diff > 1e-3:
        sys.exit("compare_torch.py: the two implementations disagree; the timings would compare different things")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="BERT-shaped model folder (tests/bench/make_bert_base)")
    parser.add_argument("--cli", required=True, help="path to attnscope-cli")
    parser.add_argument("--lens", default="16,128,512")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    model = Bert(args.model)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"LD_LIBRARY_PATH={os.environ.get('LD_LIBRARY_PATH')}")
    check_same_model(model, args.cli, args.model)
    print(f"{'tokens':>6} {'torch ms':>9} {'ours ms':>9} {'ours GFLOP/s':>12} {'ratio':>6}  (medians over "
          f"{args.rounds} rounds of {args.repeat} passes; ratio = ours / torch)")
    for length in [int(n) for n in args.lens.split(",")]:
        torch_times, our_times, ratios, rates = [], [], [], []
        for _ in range(args.rounds):
            torch_ms = time_torch(model, length, args.repeat)
            our_ms, gflops = time_cli(args.cli, args.model, length, args.threads, args.repeat)
            torch_times.append(torch_ms)
            our_times.append(our_ms)
            rates.append(gflops)
            ratios.append(our_ms / torch_ms)
        print(f"{length:>6} {statistics.median(torch_times):>9.2f} {statistics.median(our_times):>9.2f} "
              f"{statistics.median(rates):>12.1f} {statistics.median(ratios):>6.3f}  "
              f"(ratios {min(ratios):.3f}..{max(ratios):.3f})", flush=True)


if __name__ == "__main__":
    main()
