#!/usr/bin/python3
"""Times AttentionScope against HuggingFace transformers (PyTorch) on the same model folder, alternately.

    tests/bench/compare_hf.py --model /tmp/bert-base --cli build/app/attnscope-cli --lens 16,128,512 --threads 2

(run from the repository root; the model comes from `build/tests/bench/make_bert_base /tmp/bert-base`). A Llama:

    tests/bench/compare_hf.py --family llama --model LLAMA_DIR --cli build/app/attnscope-cli --lens 16,128,512

Other options: --rounds 5 --repeat 5 (defaults), --precision exact|fast (passed to `attnscope-cli bench` only
when given), --torch-dtype float32|bfloat16|float16 (default: what the folder's safetensors store),
--hf-reference DIR (default ../shared/hf-reference next to the repository; a plain clone has none),
--json FILE (results for docs/performance.md).

The peer is HuggingFace transformers v4.43.4, vendored in the hf-reference kit (imported through its env.py,
no PyPI), on Debian's python3-torch 1.13: BertForMaskedLM or LlamaForCausalLM from_pretrained(DIR,
attn_implementation="eager"), eval mode, output_attentions=True, batch 1, under torch.inference_mode().
Like AttentionScope it applies the LM head at the last position only (the backbone, then `cls` or `lm_head` on
the last row): HF's full forward would also compute T × vocab logits that AttentionScope never computes.

It runs in one long-lived worker process (this file with --worker, always /usr/bin/python3) that imports torch
and transformers once and answers JSON commands on stdin/stdout. Its environment differs from the user's in two
ways only: Debian's OpenBLAS OpenMP build (/usr/lib/x86_64-linux-gnu/openblas-openmp, package
libopenblas0-openmp) comes first on LD_LIBRARY_PATH (the default libblas.so.3 may be the reference BLAS, ~50×
slower), and OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed (where set, they pin OpenBLAS to old Haswell
kernels). attnscope-cli runs with the user's environment unchanged. The worker reports the OpenBLAS kernel that
actually ran: openblas_get_corename() of the libopenblas found in its /proc/self/maps. OpenBLAS 0.3.21 does not
know every CPU model (Emerald Rapids, family 6 model 207, for one) and then falls back to its SSE3 Prescott
kernels; the script warns when the CPU has AVX-512 and the kernels do not use it (the ratios then favour us).

Steps:
  1. Same function: at 8 tokens, `attnscope-cli dump --source-ids` against the peer in float32 (weights as
     stored, upcast exactly): max |Δα̂| over every layer and head, max |Δlogits| at the last position; stops if
     either exceeds 1e-3. When the peer is timed in another dtype, that dtype's difference is printed too.
  2. Timing: for each length, for each round: the peer's warm-up pass and `repeat` timed passes, then one
     `attnscope-cli bench --len N --threads T --repeat R --open-repeat 1 --json` (also one warm-up, R passes);
     ratio of the round = AttentionScope's median ÷ the peer's median. Printed per length: the median ratio
     over rounds and its range, both sides' medians in ms (median over rounds), AttentionScope's GFLOP/s.
     Both sides see the ids attnscope-cli bench uses (100, 101, …; see app/cli_bench.cpp).
"""

import argparse
import ctypes
import json
import os
import shlex
import statistics
import struct
import subprocess
import sys
import time
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_HF_REFERENCE = "../shared/hf-reference"  # relative to REPO_ROOT
PEER_PYTHON = "/usr/bin/python3"  # Debian's interpreter, the one with python3-torch
OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
PINNING_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
FAMILIES = {
    # family: (HF class, backbone attribute, LM head attribute applied to the last row)
    "bert": ("BertForMaskedLM", "bert", "cls"),
    "llama": ("LlamaForCausalLM", "model", "lm_head"),
}
SAFETENSORS_DTYPES = {"F32": "float32", "BF16": "bfloat16", "F16": "float16"}
AVX512_KERNELS = {"SkylakeX", "Cooperlake", "SapphireRapids"}  # OpenBLAS corenames with AVX-512 GEMM kernels
CHECK_TOKENS = 8
CHECK_TOLERANCE = 1e-3
NAME = "compare_hf.py"


# ------------------------------------------------------------------------------------------------
# The PyTorch peer: runs as `compare_hf.py --worker`, in the cleaned environment
# ------------------------------------------------------------------------------------------------

def loaded_openblas():
    """Path, kernel name and build string of the libopenblas mapped into this process."""
    with open("/proc/self/maps") as maps:
        fields = [line.split(maxsplit=5) for line in maps]
    paths = {f[5].strip() for f in fields if len(f) == 6}  # address, perms, offset, device, inode, path
    for path in sorted(p for p in paths if "openblas" in os.path.basename(p)):
        library = ctypes.CDLL(path)  # already loaded: dlopen returns the same handle
        if hasattr(library, "openblas_get_corename"):
            library.openblas_get_corename.restype = ctypes.c_char_p
            library.openblas_get_config.restype = ctypes.c_char_p
            return {"library": path, "corename": library.openblas_get_corename().decode(),
                    "config": library.openblas_get_config().decode(),
                    "threads": library.openblas_get_num_threads()}
    blas = sorted(p for p in paths if "blas" in os.path.basename(p))
    return {"library": ", ".join(blas) or "no BLAS library mapped", "corename": None, "config": None,
            "threads": None}


class Peer:
    """One HF model in one dtype, and the commands the driver sends."""

    def __init__(self, family, torch, transformers):
        self.family = family
        self.torch = torch
        self.transformers = transformers
        self.model = None

    def load(self, folder, dtype):
        class_name, _, _ = FAMILIES[self.family]
        self.model = None  # free the previous copy first
        model, info = getattr(self.transformers, class_name).from_pretrained(
            folder, attn_implementation="eager", torch_dtype=getattr(self.torch, dtype), output_loading_info=True)
        missing = info["missing_keys"] + info["mismatched_keys"]
        if missing:
            raise RuntimeError(f"{folder}: HF would initialise these weights randomly: {missing}")
        self.model = model.eval()
        return {"class": class_name, "dtype": dtype}

    def forward(self, ids):
        """Every layer's attention (L, H, T, T) and the last position's logits, as AttentionScope computes them."""
        _, backbone, head = FAMILIES[self.family]
        input_ids = self.torch.tensor([ids])
        out = getattr(self.model, backbone)(input_ids=input_ids, output_attentions=True, use_cache=False,
                                            return_dict=True)
        logits = getattr(self.model, head)(out.last_hidden_state[:, -1:])
        return out.attentions, logits

    def reference(self, ids):
        with self.torch.inference_mode():
            attentions, logits = self.forward(ids)
        return {"attention": [a[0].float().tolist() for a in attentions], "logits": logits[0, 0].float().tolist()}

    def time_passes(self, ids, repeat):
        times = []
        with self.torch.inference_mode():
            self.forward(ids)  # warm-up, as attnscope-cli bench does
            for _ in range(repeat):
                start = time.perf_counter()
                self.forward(ids)
                times.append((time.perf_counter() - start) * 1000.0)
        return {"median_ms": statistics.median(times), "times_ms": times}

    def info(self):
        return {"torch": self.torch.__version__, "transformers": self.transformers.__version__,
                "torch_threads": self.torch.get_num_threads(), "blas": loaded_openblas(),
                "variables_present": [v for v in PINNING_VARIABLES if v in os.environ],
                "coretype_requested": os.environ.get("OPENBLAS_CORETYPE"),
                "ld_library_path": os.environ.get("LD_LIBRARY_PATH", "")}


def run_worker(hf_reference, family, threads):
    """Answer one JSON command per stdin line with one JSON line, until "quit" or end of input."""
    protocol = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever torch or HF print goes to stderr, not into the protocol
    sys.path.insert(0, hf_reference)
    import env  # noqa: F401  (the kit's vendored transformers, offline)
    import torch
    import transformers

    torch.set_num_threads(threads)
    peer = Peer(family, torch, transformers)
    commands = {"load": peer.load, "reference": peer.reference, "time": peer.time_passes, "info": peer.info}
    for line in sys.stdin:
        request = json.loads(line)
        command = request.pop("command")
        if command == "quit":
            break
        try:
            reply = {"ok": commands[command](**request)}
        except Exception:  # the driver prints it and stops
            reply = {"error": traceback.format_exc()}
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()


# ------------------------------------------------------------------------------------------------
# The driver: the user's environment
# ------------------------------------------------------------------------------------------------

def fail(message):
    sys.exit(f"{NAME}: {message}")


def peer_environment(coretype=None):
    """The user's environment with OpenBLAS OpenMP first and the pinning variables removed, and what was removed.

    coretype (--peer-coretype) then names OpenBLAS's kernel for the peer alone: OpenBLAS 0.3.21 falls
    back to Prescott (pre-AVX) on CPU models it does not know, e.g. Intel family 6 model 207."""
    env = dict(os.environ)
    removed = {name: env.pop(name) for name in PINNING_VARIABLES if name in env}
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    paths = [p for p in env.get("LD_LIBRARY_PATH", "").split(":") if p and p != OPENBLAS_DIR]
    env["LD_LIBRARY_PATH"] = ":".join([OPENBLAS_DIR] + paths)
    return env, removed


class PeerProcess:
    """The worker subprocess, driven one command at a time."""

    def __init__(self, args):
        env, self.removed = peer_environment(args.peer_coretype)
        command = [PEER_PYTHON, str(Path(__file__).resolve()), "--worker", "--hf-reference", str(args.hf_reference),
                   "--family", args.family, "--threads", str(args.threads)]
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def request(self, command, **arguments):
        self.process.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            fail(f"the PyTorch peer exited (code {self.process.wait()}) during '{command}'; its error is above")
        reply = json.loads(line)
        if "error" in reply:
            fail(f"the PyTorch peer failed during '{command}':\n{reply['error']}")
        return reply["ok"]

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.write(json.dumps({"command": "quit"}) + "\n")
            self.process.stdin.close()
            self.process.wait()


def run_cli(args, arguments):
    """attnscope-cli's stdout; its error message, clearly attributed, if it fails."""
    command = [str(args.cli)] + arguments
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode == 0:
        return result.stdout
    error = (result.stderr.strip() or result.stdout.strip()).splitlines()
    first = error[0] if error else f"exit code {result.returncode}"
    if args.precision and "--precision" in first:
        fail(f"attnscope-cli rejected --precision {args.precision}: \"{first}\" (this binary predates the "
             "option: rebuild it, or run without --precision)")
    fail(f"attnscope-cli failed (exit code {result.returncode}): \"{first}\"\n  command: {shlex.join(command)}")


def cli_bench(args, length):
    """(median ms, GFLOP/s) of one `attnscope-cli bench` run."""
    arguments = ["bench", "--model", str(args.model), "--len", str(length), "--threads", str(args.threads),
                 "--repeat", str(args.repeat), "--open-repeat", "1", "--json"]
    if args.precision:
        arguments += ["--precision", args.precision]
    report = json.loads(run_cli(args, arguments))
    return report["median_ms"], report["gflops"]


def bench_ids(length, vocab_size):
    """The ids attnscope-cli bench feeds (app/cli_bench.cpp): 100, 101, … wrapping every 1000."""
    first = 100 if vocab_size > 200 else 0
    span = min(1000, vocab_size - first)
    return [first + i % span for i in range(length)]


def read_config(folder):
    with open(folder / "config.json") as f:
        return json.load(f)


def stored_dtype(folder):
    """The torch dtype name of the folder's floating-point tensors (safetensors headers)."""
    index = folder / "model.safetensors.index.json"
    if index.is_file():
        files = sorted(set(json.loads(index.read_text())["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    dtypes = set()
    for name in files:
        with open(folder / name, "rb") as f:
            header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
        dtypes |= {info["dtype"] for key, info in header.items() if key != "__metadata__"}
    floating = dtypes & set(SAFETENSORS_DTYPES)
    if len(floating) != 1:
        fail(f"{folder} stores {sorted(floating)}; pass --torch-dtype")
    return SAFETENSORS_DTYPES[floating.pop()]


def shape_of(nested):
    return [len(nested)] + shape_of(nested[0]) if isinstance(nested, list) and nested else []


def flatten(nested):
    if isinstance(nested, list):
        for item in nested:
            yield from flatten(item)
    else:
        yield nested


def max_abs_difference(what, ours, theirs):
    if shape_of(ours) != shape_of(theirs):
        fail(f"{what}: AttentionScope has shape {shape_of(ours)}, HF {shape_of(theirs)}")
    return max(abs(a - b) for a, b in zip(flatten(ours), flatten(theirs)))


def compare_outputs(peer, dump, ids):
    """(max |Δα̂|, max |Δlogits|) between attnscope-cli dump and the peer's currently loaded model."""
    reference = peer.request("reference", ids=ids)
    (kind, ours), = dump["attention"].items()  # encoder_self (BERT) or decoder_self (Llama)
    return (max_abs_difference(f"attention.{kind}", ours, reference["attention"]),
            max_abs_difference("logits", dump["logits"], reference["logits"]))


def check_same_function(args, peer, vocab_size):
    """Both sides must compute the same function, or the timings compare different things."""
    ids = bench_ids(CHECK_TOKENS, vocab_size)
    dump = json.loads(run_cli(args, ["dump", "--model", str(args.model), "--source-ids", ",".join(map(str, ids))]))
    attention, logits = compare_outputs(peer, dump, ids)
    print(f"same function at {CHECK_TOKENS} tokens (HF in float32): max |Δα̂| = {attention:.2e}, "
          f"max |Δlogits| = {logits:.2e}", flush=True)
    if attention > CHECK_TOLERANCE or logits > CHECK_TOLERANCE:
        fail(f"AttentionScope and HF disagree by more than {CHECK_TOLERANCE}; the timings would compare "
             "different functions")
    return {"tokens": CHECK_TOKENS, "max_abs_attention_diff": attention, "max_abs_logits_diff": logits}, dump, ids


def cpu_has_avx512():
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo if line.startswith("flags")), [])
    return "avx512f" in flags


def print_peer(info, removed, dtype, args_coretype=None):
    blas = info["blas"]
    print(f"peer: torch {info['torch']}, transformers {info['transformers']}, {dtype}, "
          f"torch.get_num_threads() = {info['torch_threads']}")
    print(f"peer BLAS: {blas['library']}: corename {blas['corename']} ({blas['config']}; "
          f"{blas['threads']} threads)")
    for name in PINNING_VARIABLES:
        here = f"set here ({removed[name]}), unset for the peer" if name in removed else "not set here"
        there = "STILL SET in the peer" if name in info["variables_present"] else "absent in the peer"
        if name == "OPENBLAS_CORETYPE" and args_coretype:
            there = f"set to {args_coretype} for the peer alone by --peer-coretype"
        print(f"peer environment: {name} {here}; {there}")
    print(f"peer LD_LIBRARY_PATH: {info['ld_library_path']}", flush=True)
    if cpu_has_avx512() and blas["corename"] not in AVX512_KERNELS and not args_coretype:
        print(f"warning: this CPU has AVX-512 but OpenBLAS runs its {blas['corename']} kernels (Prescott is its "
              "fallback for a CPU model it does not know): HF's GEMMs are slower than they could be, so the "
              "ratios favour AttentionScope; --peer-coretype SkylakeX gives it AVX-512 kernels", flush=True)


def time_length(args, peer, length, vocab_size):
    """Alternate the two programs for `rounds` rounds at one length."""
    ids = bench_ids(length, vocab_size)
    rounds = []
    for _ in range(args.rounds):
        peer_ms = peer.request("time", ids=ids, repeat=args.repeat)["median_ms"]
        ours_ms, gflops = cli_bench(args, length)
        rounds.append({"peer_ms": peer_ms, "attnscope_ms": ours_ms, "ratio": ours_ms / peer_ms,
                       "attnscope_gflops": gflops})
    ratios = [r["ratio"] for r in rounds]
    return {"tokens": length,
            "peer_median_ms": statistics.median(r["peer_ms"] for r in rounds),
            "attnscope_median_ms": statistics.median(r["attnscope_ms"] for r in rounds),
            "attnscope_gflops": statistics.median(r["attnscope_gflops"] for r in rounds),
            "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
            "rounds": rounds}


def print_row(row):
    print(f"{row['tokens']:>6} {row['peer_median_ms']:>9.2f} {row['attnscope_median_ms']:>12.2f} "
          f"{row['attnscope_gflops']:>8.1f} {row['ratio_median']:>7.3f}  "
          f"({row['ratio_min']:.3f}..{row['ratio_max']:.3f})", flush=True)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="HF model folder (the same folder both programs open)")
    parser.add_argument("--cli", type=Path, help="path to attnscope-cli")
    parser.add_argument("--family", choices=sorted(FAMILIES), help="default: config.json's model_type")
    parser.add_argument("--lens", default="16,128,512", help="comma-separated token counts (default 16,128,512)")
    parser.add_argument("--rounds", type=int, default=5, help="alternations per length (default 5)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per round and side (default 5)")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads and --threads (default 2)")
    parser.add_argument("--precision", choices=["exact", "fast"], help="attnscope-cli bench --precision")
    parser.add_argument("--torch-dtype", choices=sorted(set(SAFETENSORS_DTYPES.values())),
                        help="dtype of the timed peer (default: what the folder stores)")
    parser.add_argument("--hf-reference", type=Path,
                        help=f"the hf-reference kit (default: {DEFAULT_HF_REFERENCE} relative to the repository)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--peer-coretype", help="set OPENBLAS_CORETYPE to this for the peer alone (e.g. SkylakeX "
                        "where OpenBLAS does not know the CPU and falls back to Prescott); default: unset")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def validate(args):
    """Resolve defaults and stop with a clear message on anything missing. Returns the model's config."""
    if args.model is None or args.cli is None:
        fail("--model and --cli are required")
    args.model, args.cli = args.model.resolve(), args.cli.resolve()
    if args.hf_reference is None:
        args.hf_reference = REPO_ROOT / DEFAULT_HF_REFERENCE
    args.hf_reference = args.hf_reference.resolve()
    if not (args.hf_reference / "env.py").is_file():
        fail(f"no hf-reference kit at {args.hf_reference} (no env.py). It is not part of the repository (a plain "
             f"clone has no {DEFAULT_HF_REFERENCE}); pass --hf-reference DIR")
    if not (Path(OPENBLAS_DIR) / "libblas.so.3").is_file():
        fail(f"{OPENBLAS_DIR}/libblas.so.3 is missing: apt-get install libopenblas0-openmp")
    if not os.access(PEER_PYTHON, os.X_OK):
        fail(f"{PEER_PYTHON} (Debian's python3 with python3-torch) is missing")
    if not os.access(args.cli, os.X_OK):
        fail(f"{args.cli} is not an executable attnscope-cli")
    if not (args.model / "config.json").is_file():
        fail(f"{args.model} has no config.json")
    config = read_config(args.model)
    args.family = args.family or config.get("model_type")
    if args.family not in FAMILIES or config.get("model_type") != args.family:
        fail(f"{args.model} is model_type {config.get('model_type')!r}; this script times "
             f"{', '.join(FAMILIES)} (--family)")
    args.lens = [int(n) for n in args.lens.split(",")]
    longest = config.get("max_position_embeddings")
    if longest and max(args.lens) > longest:
        fail(f"--lens {max(args.lens)} exceeds the model's max_position_embeddings {longest}")
    args.torch_dtype = args.torch_dtype or stored_dtype(args.model)
    return config


def main():
    args = parse_arguments()
    if args.worker:
        return run_worker(str(args.hf_reference), args.family, args.threads)
    config = validate(args)
    vocab_size = config["vocab_size"]
    peer = PeerProcess(args)
    try:
        peer.request("load", folder=str(args.model), dtype="float32")
        check, dump, check_ids = check_same_function(args, peer, vocab_size)
        if args.torch_dtype != "float32":
            peer.request("load", folder=str(args.model), dtype=args.torch_dtype)
            attention, logits = compare_outputs(peer, dump, check_ids)
            print(f"  HF in {args.torch_dtype} (timed): max |Δα̂| = {attention:.2e}, max |Δlogits| = "
                  f"{logits:.2e} (information only)")
            check[f"{args.torch_dtype}_max_abs_attention_diff"] = attention
            check[f"{args.torch_dtype}_max_abs_logits_diff"] = logits
        info = peer.request("info")
        print_peer(info, peer.removed, args.torch_dtype, args.peer_coretype)
        print(f"attnscope-cli: {args.cli} bench --threads {args.threads} --repeat {args.repeat} --open-repeat 1"
              + (f" --precision {args.precision}" if args.precision else "") + " (user's environment)")
        print(f"{'tokens':>6} {'HF ms':>9} {'AttnScope ms':>12} {'GFLOP/s':>8} {'ratio':>7}  (range)   medians over "
              f"{args.rounds} rounds of {args.repeat} passes; ratio = AttentionScope / HF", flush=True)
        rows = []
        for length in args.lens:
            rows.append(time_length(args, peer, length, vocab_size))
            print_row(rows[-1])
    finally:
        peer.close()
    if args.json:
        results = {"command": shlex.join(sys.argv), "model": str(args.model), "family": args.family,
                   "threads": args.threads, "rounds": args.rounds, "repeat": args.repeat,
                   "precision": args.precision, "peer_dtype": args.torch_dtype, "peer": info,
                   "corename": info["blas"]["corename"], "unset_for_peer": peer.removed, "check": check,
                   "lengths": rows}
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
