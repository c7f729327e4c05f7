#!/usr/bin/env python3
"""Writes the committed seed corpus, tests/fuzz/corpus/<target>/, from tests/data plus a few
hand-made edge cases. Standard library only:

    python3 tests/fuzz/make_seeds.py

Seeds are small valid examples (so the fuzzer starts from files that get deep into the readers)
and the broken fixtures the tests already have. The input format of each target is described in
tests/fuzz/fuzz_targets.h: config and tokenizer_files inputs start with one selector byte.
"""

import json
import shutil
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data"
OUT = ROOT / "tests" / "fuzz" / "corpus"

# Must match config_bases and tokenizer_file_cases in fuzz_targets.cpp.
CONFIG_BASES = ["torch/encdec-post-relu", "torch/decoder-pre-gelu-learned", "torch/encdec-pre-silu-none",
                "torch/encoder-post-gelu-halves", "peer/bert-tiny-short", "peer/bert-tiny-basemodel",
                "peer/gpt2-tiny-short", "peer/gpt2-tiny-basemodel", "peer/bart-tiny-short",
                "peer/marian-tiny-short", "peer/marian-tiny-swish"]
TOKENIZER_FILES = [("vocab.txt", "torch/encdec-post-relu", "source_vocab.txt"),
                   ("vocab.txt", "peer/bert-tiny-short", "vocab.txt"),
                   ("tokenizer_config.json", "peer/bert-tiny-short", "tokenizer_config.json"),
                   ("vocab.json", "peer/bart-tiny-short", "vocab.json"),
                   ("merges.txt", "peer/bart-tiny-short", "merges.txt"),
                   ("tokenizer_config.json", "peer/bart-tiny-short", "tokenizer_config.json"),
                   ("vocab.json", "peer/marian-tiny-short", "vocab.json"),
                   ("tokenizer_config.json", "peer/marian-tiny-short", "tokenizer_config.json")]
# Must match family_config_bases in fuzz_targets.cpp.
FAMILY_CONFIG_BASES = ["llama-tiny-gqa", "llama-tiny-rope-yarn", "llama-tiny-rope-llama3", "mistral-tiny-swa",
                       "qwen2-tiny-bias-tied", "gemma-tiny-mqa", "gemma2-tiny-softcap", "gpt-neox-tiny-parallel",
                       "bloom-tiny-alibi6", "t5-tiny-gated", "bert-tiny-qa", "roberta-tiny-seqcls",
                       "distilbert-tiny-mlm", "xlm-roberta-tiny-mlm"]


def write(target, name, content):
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())


def safetensors_bytes(header, data=b""):
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def safetensors_seeds():
    for case in ["extra-tensors", "unknown-dtype", "offsets-overlapping", "offsets-out-of-range", "weight-nan",
                 "header-not-json", "size-not-shape", "metadata-not-strings"]:
        write("safetensors", case, (DATA / "bad-models" / case / "model.safetensors").read_bytes())
    write("safetensors", "empty", b"")
    write("safetensors", "seven-bytes", b"\x08\x00\x00\x00\x00\x00\x00")
    write("safetensors", "empty-header", safetensors_bytes({}))
    f16 = struct.pack("<4e", 1.0, -2.0, 65504.0, float("inf"))
    bf16 = struct.pack("<4H", 0x3F80, 0xC000, 0x7F80, 0x7FC1)
    write("safetensors", "f16-bf16-f64", safetensors_bytes({
        "__metadata__": {"format": "pt"},
        "half": {"dtype": "F16", "shape": [2, 2], "data_offsets": [0, 8]},
        "brain": {"dtype": "BF16", "shape": [4], "data_offsets": [8, 16]},
        "double": {"dtype": "F64", "shape": [1], "data_offsets": [16, 24]},
    }, f16 + bf16 + struct.pack("<d", 3.5)))
    write("safetensors", "integers-empty-scalar", safetensors_bytes({
        "ids": {"dtype": "I64", "shape": [2], "data_offsets": [0, 16]},
        "mask": {"dtype": "BOOL", "shape": [0, 5], "data_offsets": [16, 16]},
        "scalar": {"dtype": "F32", "shape": [], "data_offsets": [16, 20]},
        "bytes": {"dtype": "U8", "shape": [3], "data_offsets": [20, 23]},
    }, struct.pack("<qq", 1, -1) + struct.pack("<f", 2.0) + b"\x01\x02\x03"))


def torch_seeds():
    """torch_zip: whole checkpoints (tests/data/pytorch: the tiny one, a shard, every refused file);
    torch_pickle: the data.pkl of each."""
    import zipfile
    torch = DATA / "pytorch"
    files = {"tiny": torch / "tiny" / "pytorch_model.bin",
             "bf16-shard": torch / "llama-tiny-gqa-bf16-shards" / "pytorch_model-00002-of-00002.bin"}
    for case in sorted((torch / "broken").iterdir()):
        for path in sorted(case.iterdir()):
            if path.name != "expected_message.txt" and not path.name.endswith(".json"):
                files[f"{case.name}-{path.name}"] = path
    for name, path in files.items():
        content = path.read_bytes()
        write("torch_zip", name, content)
        try:
            with zipfile.ZipFile(path) as archive:
                pickles = [n for n in archive.namelist() if n.endswith("/data.pkl")]
                if pickles and archive.getinfo(pickles[0]).compress_type == zipfile.ZIP_STORED:
                    write("torch_pickle", name, archive.read(pickles[0]))
        except zipfile.BadZipFile:
            pass  # the legacy format, a truncated or non-zip file: only a torch_zip seed


# GGUF (core/io/gguf_file.h): little-endian header, typed metadata, tensor entries, aligned data.
GGUF_U32, GGUF_I32, GGUF_F32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY = 4, 5, 6, 7, 8, 9
GGML_F32, GGML_F16, GGML_Q4_0, GGML_Q8_0, GGML_Q4_K, GGML_Q6_K, GGML_BF16 = 0, 1, 2, 8, 12, 14, 30


def gguf_string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def gguf_value(kind, value):
    scalar = {GGUF_U32: "<I", GGUF_I32: "<i", GGUF_F32: "<f", GGUF_BOOL: "<?"}
    if kind == GGUF_STRING:
        return struct.pack("<I", kind) + gguf_string(value)
    if kind in scalar:
        return struct.pack("<I", kind) + struct.pack(scalar[kind], value)
    element, items = value  # an array
    body = b"".join(gguf_string(v) if element == GGUF_STRING else struct.pack(scalar[element], v) for v in items)
    return struct.pack("<IIQ", GGUF_ARRAY, element, len(items)) + body


def gguf_bytes(metadata, tensors, version=3):
    """metadata: [(key, kind, value)]; tensors: [(name, ne, ggml type, data bytes)]."""
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(metadata))
    for key, kind, value in metadata:
        out += gguf_string(key) + gguf_value(kind, value)
    data = b""
    for name, ne, kind, payload in tensors:
        out += gguf_string(name) + struct.pack("<I", len(ne)) + b"".join(struct.pack("<Q", n) for n in ne)
        out += struct.pack("<IQ", kind, len(data))
        data += payload + b"\0" * ((32 - len(payload) % 32) % 32)
    return out + b"\0" * ((32 - len(out) % 32) % 32) + data


def small_values(count, seed):
    """Deterministic values in [-0.5, 0.5) (a linear congruential generator)."""
    state, values = seed, []
    for _ in range(count):
        state = (state * 1103515245 + 12345) % 2**31
        values.append(state / 2**31 - 0.5)
    return values


def gguf_tensor(name, ne, kind, seed):
    """Random contents of the right size for the type: blocks start with a small f16 delta."""
    count = 1
    for n in ne:
        count *= n
    values = small_values(count, seed)
    if kind == GGML_F32:
        return (name, ne, kind, struct.pack(f"<{count}f", *values))
    if kind == GGML_F16:
        return (name, ne, kind, struct.pack(f"<{count}e", *values))
    if kind == GGML_BF16:
        return (name, ne, kind, b"".join(struct.pack("<f", v)[2:] for v in values))
    if kind == GGML_Q8_0:
        blocks = [struct.pack("<e", 0.01) + bytes(int((v + 0.5) * 255) for v in values[i:i + 32])
                  for i in range(0, count, 32)]
    elif kind == GGML_Q4_0:
        blocks = [struct.pack("<e", 0.05) + bytes(int((v + 0.5) * 255) for v in values[i:i + 16])
                  for i in range(0, count, 32)]
    elif kind == GGML_Q4_K:
        blocks = [struct.pack("<ee", 0.01, 0.002) + bytes(int((v + 0.5) * 255) for v in values[i:i + 140])
                  for i in range(0, count, 256)]
    else:  # Q6_K
        blocks = [bytes(int((v + 0.5) * 255) for v in values[i:i + 208]) + struct.pack("<e", 0.003)
                  for i in range(0, count, 256)]
    return (name, ne, kind, b"".join(blocks))


def byte_symbol(b):
    """GPT-2's printable stand-in for byte b (byte-level BPE's alphabet)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) + \
        list(range(ord("\u00ae"), ord("\u00ff") + 1))
    if b in printable:
        return chr(b)
    return chr(256 + sum(1 for c in range(b) if c not in printable))


def tiny_gguf_model(architecture, version=3, pre="qwen2", rope_freqs=False):
    """A whole model that loads: d_model 32, one layer, 2 heads sharing one key/value head, every type
    AttentionScope reads among its tensors (the K-quants in two extra tensors the model leaves unused).
    pre: the BPE pre-tokenizer of a qwen2 model, or of a llama model given one ("llama-bpe": Llama 3's byte-level
    BPE instead of SentencePiece); rope_freqs: add Llama 3's per-frequency rope factors (8 pairs of a head of 16)."""
    a = architecture
    metadata = [("general.architecture", GGUF_STRING, a), ("general.name", GGUF_STRING, "tiny " + a),
                (a + ".context_length", GGUF_U32, 64), (a + ".embedding_length", GGUF_U32, 32),
                (a + ".block_count", GGUF_U32, 1), (a + ".feed_forward_length", GGUF_U32, 32),
                (a + ".attention.head_count", GGUF_U32, 2), (a + ".attention.head_count_kv", GGUF_U32, 1),
                (a + ".attention.layer_norm_rms_epsilon", GGUF_F32, 1e-5), (a + ".rope.freq_base", GGUF_F32, 10000.0)]
    if a == "qwen2":
        tokens = ["<|endoftext|>", "a", "b", "ab", "\u0120", "\u0120a"]
        metadata += [("tokenizer.ggml.model", GGUF_STRING, "gpt2"), ("tokenizer.ggml.pre", GGUF_STRING, pre),
                     ("tokenizer.ggml.tokens", GGUF_ARRAY, (GGUF_STRING, tokens)),
                     ("tokenizer.ggml.token_type", GGUF_ARRAY, (GGUF_I32, [3, 1, 1, 1, 1, 1])),
                     ("tokenizer.ggml.merges", GGUF_ARRAY, (GGUF_STRING, ["a b", "\u0120 a"])),
                     ("tokenizer.ggml.eos_token_id", GGUF_U32, 0), ("tokenizer.ggml.unknown_token_id", GGUF_U32, 0)]
    elif pre == "llama-bpe":
        # Llama 3's byte-level BPE: every byte's symbol (nothing is unknown), then a few merges.
        tokens = ["<|begin_of_text|>"] + [byte_symbol(b) for b in range(256)] + ["ab", "\u0120a", "12", "123"]
        metadata += [("tokenizer.ggml.model", GGUF_STRING, "gpt2"), ("tokenizer.ggml.pre", GGUF_STRING, pre),
                     ("tokenizer.ggml.tokens", GGUF_ARRAY, (GGUF_STRING, tokens)),
                     ("tokenizer.ggml.token_type", GGUF_ARRAY, (GGUF_I32, [3] + [1] * (len(tokens) - 1))),
                     ("tokenizer.ggml.merges", GGUF_ARRAY, (GGUF_STRING, ["a b", "\u0120 a", "1 2", "12 3"])),
                     ("tokenizer.ggml.bos_token_id", GGUF_U32, 0), ("tokenizer.ggml.add_bos_token", GGUF_BOOL, True)]
    else:
        # SentencePiece with byte fallback: the 256 byte tokens, then a few pieces.
        tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)] + \
            ["\u2581", "a", "b", "\u2581a", "\u2581b"]
        metadata += [("tokenizer.ggml.model", GGUF_STRING, "llama"),
                     ("tokenizer.ggml.tokens", GGUF_ARRAY, (GGUF_STRING, tokens)),
                     ("tokenizer.ggml.scores", GGUF_ARRAY, (GGUF_F32, [0.0] * 259 + [-1.0, -2.0, -3.0, -4.0, -5.0])),
                     ("tokenizer.ggml.token_type", GGUF_ARRAY, (GGUF_I32, [2, 3, 3] + [6] * 256 + [1] * 5)),
                     ("tokenizer.ggml.bos_token_id", GGUF_U32, 1), ("tokenizer.ggml.eos_token_id", GGUF_U32, 2),
                     ("tokenizer.ggml.add_bos_token", GGUF_BOOL, True)]
    vocab = len(tokens)
    tensors = [gguf_tensor("token_embd.weight", [32, vocab], GGML_Q8_0, 1),
               gguf_tensor("blk.0.attn_norm.weight", [32], GGML_F32, 2),
               gguf_tensor("blk.0.attn_q.weight", [32, 32], GGML_Q8_0, 3),
               gguf_tensor("blk.0.attn_k.weight", [32, 16], GGML_F16, 4),
               gguf_tensor("blk.0.attn_v.weight", [32, 16], GGML_BF16, 5),
               gguf_tensor("blk.0.attn_output.weight", [32, 32], GGML_Q4_0, 6),
               gguf_tensor("blk.0.ffn_norm.weight", [32], GGML_F32, 7),
               gguf_tensor("blk.0.ffn_gate.weight", [32, 32], GGML_F32, 8),
               gguf_tensor("blk.0.ffn_up.weight", [32, 32], GGML_Q8_0, 9),
               gguf_tensor("blk.0.ffn_down.weight", [32, 32], GGML_Q4_0, 10),
               gguf_tensor("output_norm.weight", [32], GGML_F32, 11),
               gguf_tensor("extra.q4_k", [256], GGML_Q4_K, 12),
               gguf_tensor("extra.q6_k", [256], GGML_Q6_K, 13)]
    if rope_freqs:
        tensors.append(("rope_freqs.weight", [8], GGML_F32, struct.pack("<8f", 1, 1, 1.5, 2.5, 4, 4, 4, 4)))
    if a == "qwen2":
        tensors += [gguf_tensor("blk.0.attn_q.bias", [32], GGML_F32, 14),
                    gguf_tensor("blk.0.attn_k.bias", [16], GGML_F32, 15),
                    gguf_tensor("blk.0.attn_v.bias", [16], GGML_F32, 16)]
    return gguf_bytes(metadata, tensors, version)


def gguf_seeds():
    llama = tiny_gguf_model("llama")
    write("gguf", "tiny-llama-spm", llama)
    write("gguf", "tiny-qwen2-version-2", tiny_gguf_model("qwen2", version=2))
    write("gguf", "tiny-qwen2-bpe", tiny_gguf_model("qwen2"))
    write("gguf", "tiny-gemma", tiny_gguf_model("gemma"))
    write("gguf", "tiny-llama-bpe-rope-freqs", tiny_gguf_model("llama", pre="llama-bpe", rope_freqs=True))
    write("gguf", "vocab-llama-bpe", (DATA / "gguf" / "vocab-llama-bpe.gguf").read_bytes())
    write("gguf", "truncated", llama[:len(llama) // 2])
    write("gguf", "bad-magic", b"GGML" + llama[4:200])
    write("gguf", "empty", b"")


def config_seeds():
    for index, base in enumerate(CONFIG_BASES):
        write("config", base.replace("/", "-"), bytes([index]) + (DATA / base / "config.json").read_bytes())
    native = json.loads((DATA / "torch/encdec-post-relu/config.json").read_text())
    for name, change in [("huge-max-positions", {"max_positions": 2147483647}),
                         ("negative-offset", {"position_offset": -5}),
                         ("float-sizes", {"d_model": 16.0, "heads": 2.5}),
                         ("null-tokenizer", {"tokenizer": None}),
                         ("path-in-vocab", {"tokenizer": {"kind": "word", "source_vocab": "../config.json",
                                                          "target_vocab": "target_vocab.txt"}}),
                         ("start-token-out-of-range", {"decoder_start_token_id": 99999, "eos_token_id": -7}),
                         ("nan-eps", {"layer_norm_eps": -1e300})]:
        edited = dict(native, **change)
        write("config", "native-" + name, b"\x00" + json.dumps(edited).encode())
    write("config", "not-an-object", b"\x00[1, 2, 3]")
    write("config", "empty", b"\x00")


def tokenizer_file_seeds():
    for index, (_, base, source) in enumerate(TOKENIZER_FILES):
        write("tokenizer_files", f"{index}-{base.split('/')[1]}-{source}", bytes([index]) + (DATA / base / source).read_bytes())
    native = DATA / "tokenizer-native"
    for name in ["char_vocab.txt", "crlf_vocab.txt", "duplicate_vocab.txt", "empty_line_vocab.txt",
                 "no_unk_vocab.txt", "word_vocab.txt"]:
        write("tokenizer_files", "0-native-" + name, b"\x00" + (native / name).read_bytes())
    broken = DATA / "tokenizer-broken"
    for case, file, selector in [("bert-no-cls", "vocab.txt", 1),
                                 ("bert-config-bad-lowercase", "tokenizer_config.json", 2),
                                 ("vocab-json-not-json", "vocab.json", 3), ("vocab-json-bad-id", "vocab.json", 3),
                                 ("bart-no-start-token", "vocab.json", 3), ("bpe-byte-missing", "vocab.json", 3),
                                 ("merges-line-malformed", "merges.txt", 4)]:
        write("tokenizer_files", f"{selector}-broken-{case}", bytes([selector]) + (broken / case / file).read_bytes())


def tokenizer_json_seeds():
    for case in ["bert-tiny-short", "gpt2-tiny-short", "bart-tiny-short"]:
        write("tokenizer_json", case, (DATA / "tokenizer-json" / case / "tokenizer.json").read_bytes())
    for case in ["tokenizer-json-bad-merge", "tokenizer-json-wrong-type"]:
        write("tokenizer_json", case, (DATA / "tokenizer-broken" / case / "tokenizer.json").read_bytes())
    write("tokenizer_json", "empty-object", "{}")
    # the streamed members (core/text/tokenizer_json_stream.h) and the cases that fall back to a
    # whole DOM: written by hand, as a JSON library will not write a key twice
    abc = '"vocab": {"[UNK]": 0, "a": 1, "b": 2, "c": 3, "ab": 4, "abc": 5, "##b": 6}'
    pre = '"pre_tokenizer": {"type": "WhitespaceSplit"}'
    streamed = {
        "stream-merges-strings-and-pairs":
            '{%s, "model": {"type": "BPE", "unk_token": "[UNK]", %s, "merges": ["a b", ["ab", "c"]]}, '
            '"added_tokens": [{"id": 7, "content": "[X]", "special": true}]}' % (pre, abc),
        "stream-duplicate-vocab-keys":
            '{%s, "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "a": 2, "ab": 3, "c": 3}, "merges": ["a b"]}}' % pre,
        "stream-duplicate-members":
            '{"model": {"type": "BPE", "vocab": {"x": 0}, "merges": ["x x"], %s, "merges": [["a", "b"]], '
            '"merges": ["a b", "ab c"]}}' % abc,
        "stream-duplicate-model":
            '{"model": {"type": "BPE", %s, "merges": ["a b"]}, "model": [{"merges": 0}, ["a b"]], '
            '"model": {"type": "WordPiece", %s}}' % (abc, abc),
        "stream-nested-model":
            '{"extra": {"model": {"vocab": {"q": 0}, "merges": ["q q"]}}, "model": {"type": "BPE", %s, '
            '"merges": ["a b"], "model": {"vocab": {"z": 0}, "merges": ["z z"]}}}' % abc,
        "stream-merges-odd-shapes":
            '{"model": {"type": "BPE", %s, "merges": ["a b", ["a", "b", "c"], "ab", ["a", 1], [["a", "b"]]]}}' % abc,
        "stream-vocab-odd-ids":
            '{"model": {"type": "BPE", "vocab": {"a": 0, "b": -1, "c": 16777216, "d": 2.0, "e": "3", '
            '"f": 18446744073709551615}, "merges": []}}',
        "stream-number-past-a-double": '{"model": {"type": "BPE", "vocab": {"a": 1e400}, "merges": []}}',
    }
    for name, text in streamed.items():
        write("tokenizer_json", name, text)


def varint(value):
    out = b""
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def field(number, wire_type, payload):
    key = varint(number << 3 | wire_type)
    if wire_type == 0:
        return key + varint(payload)
    if wire_type == 5:
        return key + payload
    return key + varint(len(payload)) + payload


def spm_model(pieces, model_type):
    """A SentencePiece ModelProto: pieces (field 1: piece, score, type), trainer_spec.model_type."""
    proto = b""
    for text, score, kind in pieces:
        piece = field(1, 2, text.encode()) + field(2, 5, struct.pack("<f", score)) + field(3, 0, kind)
        proto += field(1, 2, piece)
    proto += field(2, 2, field(3, 0, model_type))  # TrainerSpec.model_type: 1 unigram, 2 BPE
    proto += field(3, 2, field(3, 0, 1) + field(4, 0, 1) + field(5, 0, 1))  # add_dummy_prefix etc.
    return proto


def sentencepiece_seeds():
    normal, unknown, control = 1, 2, 3
    pieces = [("<unk>", 0.0, unknown), ("<s>", 0.0, control), ("</s>", 0.0, control),
              ("\u2581the", -1.0, normal), ("\u2581", -2.0, normal), ("t", -3.0, normal), ("h", -3.0, normal),
              ("e", -3.0, normal), ("c", -3.0, normal), ("a", -3.0, normal)]
    write("sentencepiece", "tiny-unigram.spm", spm_model(pieces, 1))
    write("sentencepiece", "tiny-bpe.spm", spm_model(pieces, 2))
    write("sentencepiece", "no-pieces.spm", spm_model([], 1))
    write("sentencepiece", "broken", (DATA / "tokenizer-broken/marian-bad-spm/source.spm").read_bytes())


def encode_seeds():
    texts = {
        "empty": "",
        "whitespace": " \t\n\u00a0\u3000\u2028 ",
        "english": "The quick brown fox jumps over the lazy dog. Hello, world!",
        "long": "the cat sat on the mat. " * 160,
        "zwj-emoji": "\U0001F469\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 \U0001F3F3\uFE0F\u200D\U0001F308 \U0001F44D\U0001F3FD",
        "rtl": "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u202eevil\u202c",
        "control": "a\x01\x02\x1b[31m\x7f\tb\rc\x0c\x00d",
        "cjk": "天涯若比鄰 日本語のテキスト 한국어",
        "combining": "e\u0301 n\u0303 a\u030a\u0323 Z\u0351\u0352\u0353\u0354",
        "specials": "[CLS] [SEP] [MASK] <s> </s> <pad> <unk> <mask> <|endoftext|> ##ing \u2581the \u0120the",
        "unknown-only": "\u16a0\u16a2\u16a6 \U0001D11E \u2603 \U00010348",
        "bom-and-surrogate-text": "\ufeffhello \ufffd",
    }
    for name, text in texts.items():
        write("encode", name, text.encode("utf-8"))
    write("encode", "invalid-utf8", b"a\xff\xfe\xc3(\xed\xa0\x80b\xf4\x90\x80\x80\xc0\xaf\xe2\x82")
    write("encode", "latin1", "caf\xe9 na\xefve".encode("latin-1"))


def session_and_lesson_seeds():
    state = {"model": "translate-en-zh", "text": "the cat sat", "target": "", "view": "heatmap",
             "attention": "encoder_self", "layer": 1, "head": 2, "focus_token": 0, "page": 0,
             "positional_encoding": True}
    write("session", "full", json.dumps({"version": 1, "state": state, "toggles": {"show_masked": True,
                                                                                  "normalise_rows": False}}, indent=2))
    reading = {"words": True, "hide_special": False, "hidden_token": "the", "text_pair": "it sat",
               "pair_filter": "AB", "edge_filter": "top_p", "top_p": 0.85, "method": "norm"}
    edits = [{"side": "source", "kind": "mask", "position": 1},
             {"side": "target", "kind": "replace", "position": 0, "replacement": "dog"},
             {"side": "source", "kind": "delete", "position": 2}]
    write("session", "reading-and-edits", json.dumps({"version": 2, "state": state, "toggles": {},
                                                      "reading": reading, "edits": edits}, indent=2))
    write("session", "bad-edits", json.dumps({"version": 2, "reading": {"top_p": 1.5, "pair_filter": "AZ"},
                                              "edits": [{"kind": "replace", "position": 99999999999999999999},
                                                        {"side": 3}, "mask"]}))
    write("session", "minimal", '{"version": 1}')
    write("session", "wrong-types", '{"version": 1, "state": {"layer": "two", "head": -1}, "toggles": [true]}')
    write("session", "future-version", '{"version": 3, "state": {}}')
    write("session", "unicode", json.dumps({"version": 1, "state": {"text": "天涯 \u202e \U0001F469\u200D\U0001F467",
                                                                    "view": "walkthrough", "page": 3}}))
    write("session", "not-json", "{version: 1")
    steps = [dict(state, caption="Each word looks at every other word."),
             {"text": "a dog", "view": "graph", "caption": "", "positional_encoding": False},
             {"view": "pe", "layer": 0}]
    write("lesson", "three-steps", json.dumps({"version": 1, "title": "Attention", "steps": steps}, indent=2))
    write("lesson", "no-steps", '{"version": 1, "title": "empty"}')
    write("lesson", "bad-step", '{"version": 1, "steps": [{"layer": 1.5}, {"view": "nowhere"}]}')
    write("lesson", "huge-numbers", '{"version": 1, "steps": [{"layer": 1e300, "head": 99999999999999999999}]}')
    write("lesson", "array", "[]")
    two_languages = [dict(state, caption="Softmax: α̂_{1,i}", caption_zh_TW="軟性最大值：α̂_{1,i}"),
                     {"caption_zh_TW": "只有中文"}, {"caption": "English only"}]
    write("lesson", "two-languages", json.dumps({"version": 1, "title": "Attention", "title_zh_TW": "注意力",
                                                 "steps": two_languages}, ensure_ascii=False, indent=2))


def safetensors_index_seeds():
    good = DATA / "sharded" / "llama-tiny-gqa-2-shards" / "model.safetensors.index.json"
    write("safetensors_index", "two-shards", good.read_bytes())
    for case in sorted(p.name for p in (DATA / "sharded" / "broken").iterdir()):
        index = DATA / "sharded" / "broken" / case / "model.safetensors.index.json"
        if index.exists():
            write("safetensors_index", f"broken-{case}", index.read_bytes())
    index = json.loads(good.read_text())
    one = dict(index, weight_map={name: "model-00001-of-00002.safetensors" for name in index["weight_map"]})
    write("safetensors_index", "everything-in-shard-1", json.dumps(one))
    write("safetensors_index", "shard-is-the-index",
          json.dumps({"weight_map": {"model.norm.weight": "model.safetensors.index.json"}}))
    write("safetensors_index", "shard-is-a-folder", json.dumps({"weight_map": {"model.norm.weight": "."}}))
    write("safetensors_index", "empty-weight-map", '{"weight_map": {}}')
    write("safetensors_index", "nested-metadata", '{"metadata": {"total_size": -1, "x": [[[]]]}, "weight_map": {}}')


def family_config_seeds():
    for selector, case in enumerate(FAMILY_CONFIG_BASES):
        config = DATA / "hf-cases" / case / "config.json"
        write("family_config", f"{selector:02d}-{case}", bytes([selector]) + config.read_bytes())
    llama = json.loads((DATA / "hf-cases" / "llama-tiny-gqa" / "config.json").read_text())
    edits = {
        "heads-not-dividing": {"num_attention_heads": 3},
        "kv-heads-not-dividing": {"num_key_value_heads": 3},
        "zero-layers": {"num_hidden_layers": 0},
        "huge-vocab": {"vocab_size": 2 ** 40},
        "rope-scaling-unknown": {"rope_scaling": {"type": "nowhere", "factor": 2.0}},
        "rope-scaling-zero-factor": {"rope_scaling": {"rope_type": "linear", "factor": 0.0}},
        "rope-theta-negative": {"rope_theta": -1.0},
        "model-type-unknown": {"model_type": "nowhere"},
        "model-type-number": {"model_type": 7},
    }
    for name, edit in edits.items():
        write("family_config", f"00-llama-{name}", bytes([0]) + json.dumps(dict(llama, **edit)).encode())


def tokenizer_json_encode_seeds():
    # the 58 multilingual texts the tokenizer reference tests use
    for index, text in enumerate(json.loads((DATA / "tokenizers" / "texts.json").read_text())):
        write("tokenizer_json_encode", f"text-{index:02d}", text.encode())
    write("tokenizer_json_encode", "specials", "<|begin_of_text|><s></s><bos><eos><|endoftext|><|im_start|>[INST]")
    write("tokenizer_json_encode", "digits-and-spaces", "12345678901234567890    \t\n  3.14159 1,000,000")
    write("tokenizer_json_encode", "invalid-utf8", b"a\xff\xfe\xc3(\xed\xa0\x80b\xf4\x90\x80\x80")
    write("tokenizer_json_encode", "nfkc", "\ufb01 \u2460 \uff21 \u3300 \u00bd \u1e9b\u0323")


def sentencepiece_encode_seeds():
    for name in ["english", "cjk", "zwj-emoji", "control", "specials", "invalid-utf8", "whitespace"]:
        write("sentencepiece_encode", name, (OUT / "encode" / name).read_bytes())
    write("sentencepiece_encode", "byte-fallback", "\U0001F600 \u16a0 <0x41> <extra_id_0> <mask> \u2581\u2581x")


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    safetensors_seeds()
    torch_seeds()
    gguf_seeds()
    config_seeds()
    tokenizer_file_seeds()
    tokenizer_json_seeds()
    sentencepiece_seeds()
    encode_seeds()
    session_and_lesson_seeds()
    safetensors_index_seeds()
    family_config_seeds()
    tokenizer_json_encode_seeds()
    sentencepiece_encode_seeds()


if __name__ == "__main__":
    main()
