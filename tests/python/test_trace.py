"""Model.trace, Model.tokenize and Model.info against attnscope-cli, which computes with the same
core functions: tokens, ids and every attention weight must be equal exactly."""
import gc
import json

import numpy as np
import pytest

from conftest import HF_CASES, PEER, cli_json, run_cli

# (folder, text, target): every family shape — decoder-only, encoder-only, encoder-decoder with
# a target and with the model's own greedy output, T5's relative bias, Llama's grouped-query heads,
# and a quantised GGUF file.
CASES = [
    (PEER / "gpt2-tiny-short", "The quick brown fox jumps over the lazy dog.", None),
    (PEER / "bert-tiny-short", "The quick brown fox jumps over the lazy dog.", None),
    (PEER / "bart-tiny-short", "The quick brown fox jumps over the lazy dog.", "Le renard brun rapide"),
    (PEER / "marian-tiny-short", "The quick brown fox", None),
    (HF_CASES / "t5-tiny-gated", "translate English to German: The bridge is old.", "Die Brücke ist alt."),
    (HF_CASES / "llama-tiny-gqa", "The keeper wrote a letter every winter.", None),
    # A GGUF file: Q4_K weights dequantised, a Q6_K token table.
    (HF_CASES.parent / "gguf" / "mistral-256.q4_k.gguf", "The keeper wrote a letter every winter.", None),
]


def dump_of(folder, text, target, no_pe=False):
    arguments = ["dump", "--model", folder, "--text", text]
    if target is not None:
        arguments += ["--target", target]
    if no_pe:
        arguments.append("--no-pe")
    return cli_json(*arguments)


@pytest.mark.parametrize("no_pe", [False, True], ids=["pe", "no-pe"])
@pytest.mark.parametrize("folder,text,target", CASES, ids=[case[0].name for case in CASES])
def test_attention_equals_the_cli_dump_exactly(attnscope, folder, text, target, no_pe):
    model = attnscope.open(folder)
    trace = model.trace(text, target=target, no_pe=no_pe)
    dump = dump_of(folder, text, target, no_pe)

    assert set(trace.kinds) == set(dump["attention"])  # the JSON object sorts its keys
    assert model.kinds == trace.kinds
    for side in ("source", "target"):
        if side + "_tokens" in dump:
            assert trace.tokens[side] == dump[side + "_tokens"]
            assert trace.ids[side] == dump[side + "_ids"]
            assert trace.truncated[side] == dump[side + "_truncated"]
    assert set(trace.tokens) == {key[: -len("_tokens")] for key in dump if key.endswith("_tokens")}
    assert trace.generated == (target is None and "source_tokens" in dump and "target_tokens" in dump)

    for kind, layers in dump["attention"].items():
        want_all = np.array(layers, dtype=np.float32)  # [layer, head, query, key]
        got_all = trace.attention_all(kind)
        assert got_all.dtype == np.float32
        assert got_all.shape == want_all.shape
        assert np.array_equal(got_all, want_all)
        for layer in range(want_all.shape[0]):
            got = trace.attention(kind, layer)
            assert got.shape == want_all[layer].shape
            assert np.array_equal(got, want_all[layer]), (kind, layer)
            for head in range(want_all.shape[1]):
                assert np.array_equal(trace.attention(kind, layer, head), want_all[layer, head])
        assert len(trace.query_tokens(kind)) == want_all.shape[2]
        assert len(trace.key_tokens(kind)) == want_all.shape[3]
    if "logits" in dump:
        assert np.array_equal(trace.logits, np.array(dump["logits"], dtype=np.float32))
    else:
        assert trace.logits is None


@pytest.mark.parametrize("case", ["gpt2-tiny-short", "bert-tiny-short"])
def test_attention_matches_huggingface_within_1e4(attnscope, case):
    expected = json.loads((PEER / case / "expected.json").read_text())
    side = "target" if "target_text" in expected else "source"
    trace = attnscope.open(PEER / case).trace(expected[side + "_text"])
    assert trace.tokens[side] == expected[side + "_tokens"]
    assert trace.ids[side] == expected[side + "_ids"]
    for kind, layers in expected["attention"].items():
        want = np.array(layers, dtype=np.float64)
        assert np.max(np.abs(trace.attention_all(kind) - want)) <= 1e-4


def test_negative_layer_and_head_count_from_the_end(attnscope):
    trace = attnscope.open(PEER / "bart-tiny-short").trace("The quick brown fox", target="Le renard")
    layers = trace.attention_all("decoder_cross")
    assert np.array_equal(trace.attention("decoder_cross", -1), layers[-1])
    assert np.array_equal(trace.attention("decoder_cross", -1, head=-2), layers[-1, -2])


def test_tokenize_equals_the_cli(attnscope):
    for folder in (PEER / "bert-tiny-short", PEER / "gpt2-tiny-short", PEER / "marian-tiny-short"):
        text = "The quick brown fox jumps"
        tokens = attnscope.open(folder).tokenize(text)
        want = cli_json("tokenize", "--model", folder, "--text", text)
        assert tokens["tokens"] == want["tokens"]
        assert tokens["ids"] == want["ids"]
        assert tokens["truncated"] is False
        assert len(tokens["unknown"]) == len(tokens["ids"])
    target = attnscope.open(PEER / "bart-tiny-short").tokenize("Le renard", target=True)
    trace = attnscope.open(PEER / "bart-tiny-short").trace("The fox", target="Le renard")
    assert target["tokens"] == trace.tokens["target"]


def test_info_states_what_attnscope_cli_info_states(attnscope):
    folder = HF_CASES / "llama-tiny-gqa"
    info = attnscope.open(folder).info
    _, output, _ = run_cli("info", folder)
    lines = dict(line.split(":", 1) for line in output.splitlines() if not line.startswith(" "))
    lines = {key.strip(): value.strip() for key, value in lines.items()}
    assert info["name"] == lines["name"]
    assert info["family"] == "llama" == lines["family"]
    assert info["architecture"] == lines["architecture"]
    assert info["decoder_layers"] == int(lines["decoder layers"])
    assert info["encoder_layers"] == 0
    assert info["d_model"] == int(lines["d_model"])
    assert info["parameters"] == int(lines["parameters"])
    assert info["attention"] == lines["attention"]
    assert info["positional_encoding"] == lines["positional encoding"]
    assert info["source_vocab_size"] is None
    assert info["target_vocab_size"] == int(lines["target vocabulary"])
    assert info["heads"] == np.array(cli_json("dump", "--model", folder, "--text", "a")["attention"]["decoder_self"]).shape[1]


def test_one_head_is_a_read_only_view_that_keeps_the_trace_alive(attnscope):
    trace = attnscope.open(PEER / "gpt2-tiny-short").trace("The quick brown fox")
    view = trace.attention("decoder_self", 1, head=2)
    again = trace.attention("decoder_self", 1, head=2)
    assert np.shares_memory(view, again)  # no copy: both look at the trace's own numbers
    assert not view.flags.writeable
    with pytest.raises(ValueError):
        view[0, 0] = 1.0
    layer = trace.attention("decoder_self", 1)  # four heads: a new array
    assert layer.flags.owndata and layer.flags.writeable
    assert not np.shares_memory(layer, view)
    expected = view.copy()
    del trace, again, layer
    gc.collect()
    assert np.array_equal(view, expected)  # the view's base still holds the trace


def test_a_layer_of_one_head_is_a_view(attnscope, tmp_path):
    folder = tmp_path / "one-head"
    status, _, errors = run_cli("train", "--task", "reverse", "--out", folder, "--steps", "1", "--layers", "1",
                                "--heads", "1", "--d-model", "8", "--d-ff", "16", "--eval-count", "0")
    assert status == 0, errors
    model = attnscope.open(folder)
    assert model.info["heads"] == 1
    trace = model.trace("1 2 3")
    layer = trace.attention("encoder_self", 0)
    assert layer.shape[0] == 1
    assert np.shares_memory(layer, trace.attention("encoder_self", 0, head=0))
    assert not layer.flags.writeable


def test_attention_all_is_refused_over_the_memory_budget(attnscope):
    trace = attnscope.open(PEER / "gpt2-tiny-short").trace("The quick brown fox")  # 3 layers, 4 heads, 7 tokens
    shape = trace.attention_all("decoder_self").shape
    needed = 4 * shape[0] * shape[1] * shape[2] * shape[3]
    assert trace.attention_all("decoder_self", memory_budget=needed).shape == shape
    with pytest.raises(attnscope.MemoryBudgetError) as refused:
        trace.attention_all("decoder_self", memory_budget=needed - 1)
    assert str(refused.value) == (
        f"attention_all('decoder_self') needs about {needed / 1024:.1f} KiB ([{shape[0]}, {shape[1]}, {shape[2]}, "
        f"{shape[3]}] float32) but the memory budget is {(needed - 1) / 1024:.1f} KiB; take one layer at a time with "
        "attention(kind, layer), or open the model with a larger memory_budget (0: no limit)"
    )
    assert isinstance(refused.value, attnscope.InputError)
    with pytest.raises(attnscope.MemoryBudgetError):
        trace.attention_all("decoder_self", memory_budget="1K")


@pytest.mark.parametrize("folder,text,target", [
    (PEER / "gpt2-tiny-short", "The quick brown fox jumps over the lazy dog.", None),
    (PEER / "bart-tiny-short", "The quick brown fox", "Le renard brun"),
], ids=["gpt2", "bart"])
def test_on_demand_attention_equals_the_dense_trace(attnscope, folder, text, target):
    model = attnscope.open(folder)
    dense = model.trace(text, target=target, attention="dense")
    lazy = model.trace(text, target=target, attention="on-demand")
    for kind in dense.kinds:
        assert np.array_equal(lazy.attention_all(kind), dense.attention_all(kind))
        for layer in range(dense.attention_all(kind).shape[0]):
            assert np.array_equal(lazy.attention(kind, layer), dense.attention(kind, layer))
            assert np.array_equal(lazy.attention(kind, layer, -1), dense.attention(kind, layer, -1))


def test_attention_storage_is_checked(attnscope):
    with pytest.raises(attnscope.InputError, match="attention takes 'dense', 'on-demand' or 'auto', not 'lazy'"):
        attnscope.open(PEER / "gpt2-tiny-short").trace("The quick", attention="lazy")
