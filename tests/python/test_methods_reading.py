"""Trace.attention with a method (issue 16: norm, value zeroing, rollout, flow) and read as text
(words, hidden tokens, sentence pairs) against `attnscope-cli dump --method … --words …`, which
computes with the same core functions: every number and label must be equal exactly."""
import numpy as np
import pytest

from conftest import PEER, cli_json

METHODS = ["raw", "norm", "value-zeroing", "rollout", "flow"]

# (folder, text, target): an encoder (WordPiece, [CLS]/[SEP]), a decoder (byte-level BPE) and an
# encoder-decoder model (its cross-attention, and rollout/flow's lack of it).
CASES = [
    (PEER / "bert-tiny-short", "The quick brown fox jumps over the lazy dog.", None),
    (PEER / "gpt2-tiny-short", "The quick brown fox jumps over the lazy dog.", None),
    (PEER / "bart-tiny-short", "The quick brown fox", "Le renard brun"),
]

READINGS = {
    "plain": ({}, []),
    "words": ({"words": True}, ["--words"]),
    "hide-special-words": ({"hide_special": True, "words": True}, ["--hide-special", "--words"]),
}


def dump(folder, text, target, *flags):
    arguments = ["dump", "--model", folder, "--text", text, *flags]
    if target is not None:
        arguments += ["--target", target]
    return cli_json(*arguments)


# every method with every reading, but raw α̂ as it is (test_trace.py)
METHOD_READINGS = [(method, reading) for method in METHODS for reading in READINGS
                   if (method, reading) != ("raw", "plain")]


@pytest.mark.parametrize("method,reading", METHOD_READINGS, ids=[f"{m}-{r}" for m, r in METHOD_READINGS])
@pytest.mark.parametrize("folder,text,target", CASES, ids=[case[0].name for case in CASES])
def test_every_method_and_reading_equals_the_cli_dump(attnscope, folder, text, target, method, reading):
    keywords, flags = READINGS[reading]
    want = dump(folder, text, target, "--method", method, *flags)
    trace = attnscope.open(folder).trace(text, target=target)
    assert set(want["attention"]) <= set(trace.kinds)
    for kind in trace.kinds:
        if kind not in want["attention"]:  # rollout and flow: no cross-attention
            assert method in ("rollout", "flow") and kind == "decoder_cross"
            with pytest.raises(attnscope.InputError, match=f"method '{method}' has no decoder_cross matrices"):
                trace.attention(kind, 0, method=method, **keywords)
            continue
        want_all = np.array(want["attention"][kind], dtype=np.float32)
        got_all = trace.attention_all(kind, method=method, **keywords)
        assert got_all.shape == want_all.shape
        assert np.array_equal(got_all, want_all), (kind, method, reading)
        for layer in range(want_all.shape[0]):
            got = trace.attention(kind, layer, method=method, **keywords)
            assert np.array_equal(got, want_all[layer]), (kind, layer)
            assert np.array_equal(trace.attention(kind, layer, head=-1, method=method, **keywords), want_all[layer, -1])
        if keywords:
            query_side = "source" if kind == "encoder_self" else "target"
            key_side = "target" if kind == "decoder_self" else "source"
            assert trace.query_tokens(kind, **keywords) == want[query_side + "_query_labels"]
            assert trace.key_tokens(kind, **keywords) == want[key_side + "_key_labels"]
    if method == "norm":
        for kind, layers in want["attention_summed"].items():
            summed = np.array(layers, dtype=np.float32)
            assert np.array_equal(trace.attention_all(kind, method="norm", summed=True, **keywords), summed)
            assert np.array_equal(trace.attention(kind, -1, method="norm", summed=True, **keywords), summed[-1])


def test_per_layer_methods_give_one_matrix_per_layer(attnscope):
    trace = attnscope.open(PEER / "gpt2-tiny-short").trace("The quick brown fox")
    rollout = trace.attention("decoder_self", 1, method="rollout")
    assert rollout.shape == (1,) + trace.attention("decoder_self", 1).shape[1:]
    assert np.array_equal(trace.attention("decoder_self", 1, head=0, method="rollout"), rollout[0])
    with pytest.raises(IndexError, match="method 'rollout' gives one matrix per layer"):
        trace.attention("decoder_self", 1, head=2, method="rollout")
    # the cached result and a fresh trace's agree (a method is computed once per trace)
    again = attnscope.open(PEER / "gpt2-tiny-short").trace("The quick brown fox")
    assert np.array_equal(again.attention_all("decoder_self", method="value-zeroing")[1],
                          trace.attention("decoder_self", 1, method="value-zeroing"))


def test_hide_token_equals_the_cli(attnscope):
    folder, text = PEER / "gpt2-tiny-short", "The cat saw the dog and the bird"
    want = dump(folder, text, None, "--hide-token", "the")
    trace = attnscope.open(folder).trace(text)
    got = trace.attention_all("decoder_self", hide_token="the")
    assert np.array_equal(got, np.array(want["attention"]["decoder_self"], dtype=np.float32))
    assert trace.query_tokens("decoder_self", hide_token="the") == want["target_query_labels"]
    assert "Ġthe" not in trace.key_tokens("decoder_self", hide_token=["the"])
    # rows keep their totals: α̂ rows with anything left still sum to 1 once "the" is dropped
    sums = got.sum(axis=-1)
    assert np.allclose(sums[sums > 0], 1.0, atol=1e-5)


@pytest.mark.parametrize("pair_filter", [None, "AA", "AB", "BA", "BB"])
@pytest.mark.parametrize("folder", [PEER / "bert-tiny-short", PEER / "roberta-tiny-short"], ids=["bert", "roberta"])
def test_sentence_pairs_equal_the_cli(attnscope, folder, pair_filter):
    a, b = "The quick brown fox jumps", "A lazy dog sleeps"
    flags = ["--text-pair", b] + (["--pair-filter", pair_filter] if pair_filter else [])
    want = dump(folder, a, None, *flags)
    trace = attnscope.open(folder).trace(a, text_pair=b)
    assert trace.tokens["source"] == want["source_tokens"]
    assert trace.ids["source"] == want["source_ids"]
    assert trace.sequence_ids["source"] == want["source_sequence_ids"]
    keywords = {"pair_filter": pair_filter} if pair_filter else {}
    got = trace.attention_all("encoder_self", **keywords)
    assert np.array_equal(got, np.array(want["attention"]["encoder_self"], dtype=np.float32))
    if pair_filter:
        assert trace.query_tokens("encoder_self", **keywords) == want["source_query_labels"]
        assert trace.key_tokens("encoder_self", **keywords) == want["source_key_labels"]
    # the pair's logits: BERT reads text B with token type 1, so they differ from A and B run as one text
    assert np.array_equal(trace.logits, np.array(want["logits"], dtype=np.float32))


def test_bad_methods_and_reading_options(attnscope):
    model = attnscope.open(PEER / "bert-tiny-short")
    trace = model.trace("The quick brown fox")
    with pytest.raises(attnscope.InputError) as error:
        trace.attention("encoder_self", 0, method="gradient")
    assert str(error.value) == "method takes raw|norm|value-zeroing|rollout|flow, not 'gradient'"
    with pytest.raises(attnscope.InputError, match="method takes"):
        trace.attention_all("encoder_self", method="")
    with pytest.raises(IndexError, match="encoder_self layer 5 is out of range: there are 2"):
        trace.attention("encoder_self", 5, method="norm")
    with pytest.raises(attnscope.InputError, match="summed=True goes with method='norm'"):
        trace.attention("encoder_self", 0, summed=True)
    with pytest.raises(attnscope.InputError, match="summed=True goes with method='norm'.*not 'rollout'"):
        trace.attention_all("encoder_self", method="rollout", summed=True)
    with pytest.raises(attnscope.InputError, match="pair_filter takes 'AA', 'AB', 'BA' or 'BB'.*not 'AC'"):
        trace.attention("encoder_self", 0, pair_filter="AC")
    with pytest.raises(attnscope.InputError, match="the A/B filter needs a text pair"):
        trace.attention("encoder_self", 0, pair_filter="AB")
    with pytest.raises(attnscope.InputError, match="hide_token needs a token"):
        trace.attention("encoder_self", 0, hide_token="")
    with pytest.raises(attnscope.InputError, match="zebra"):
        trace.attention("encoder_self", 0, hide_token="zebra")
    with pytest.raises(attnscope.InputError, match="zebra"):
        trace.query_tokens("encoder_self", hide_token="zebra")
    with pytest.raises(attnscope.InputError, match="empty"):
        model.trace("The fox", text_pair="")


def test_attention_all_of_a_method_is_refused_over_the_memory_budget(attnscope):
    trace = attnscope.open(PEER / "gpt2-tiny-short").trace("The quick brown fox")
    shape = trace.attention_all("decoder_self", method="rollout").shape
    needed = 4 * int(np.prod(shape))
    with pytest.raises(attnscope.MemoryBudgetError, match=r"attention_all\('decoder_self'\) needs about"):
        trace.attention_all("decoder_self", memory_budget=needed - 1, method="rollout")
    assert trace.attention_all("decoder_self", memory_budget=needed, method="rollout").shape == shape


@pytest.mark.parametrize("method,flags,keywords", [
    ("raw", [], {}),
    ("norm", ["--words"], {"words": True}),
], ids=["raw", "norm-words"])
def test_top_p_equals_the_cli(attnscope, method, flags, keywords):
    folder, text = PEER / "bert-tiny-short", "The quick brown fox jumps over the lazy dog."
    want = dump(folder, text, None, "--method", method, "--top-p", "0.5", *flags)
    trace = attnscope.open(folder).trace(text)
    got = trace.attention_all("encoder_self", method=method, top_p=0.5, **keywords)
    assert np.array_equal(got, np.array(want["attention"]["encoder_self"], dtype=np.float32))
    assert np.count_nonzero(got) < np.count_nonzero(trace.attention_all("encoder_self", method=method, **keywords))
    assert np.array_equal(trace.attention("encoder_self", 1, 2, method=method, top_p=0.5, **keywords), got[1, 2])
    with pytest.raises(attnscope.InputError, match="top_p is a share p with 0 < p ≤ 1"):
        trace.attention("encoder_self", 0, top_p=1.5)


def test_an_on_demand_trace_reads_as_the_dense_one(attnscope):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    text = "The quick brown fox jumps over the lazy dog."
    dense = model.trace(text, attention="dense")
    lazy = model.trace(text, attention="on-demand")
    for keywords in ({"words": True}, {"hide_token": "the"}, {"method": "rollout"}, {"method": "norm", "words": True}):
        assert np.array_equal(lazy.attention_all("decoder_self", **keywords), dense.attention_all("decoder_self", **keywords))
