"""Trace.method_rows: a costly method over some query rows (value zeroing and flow on long inputs)
against `attnscope-cli dump --method M --only-queries …`, and the app's sample of 64 evenly
spaced rows on a trace kept on demand, checked against the rule and the method's every-row result."""
import numpy as np
import pytest

from conftest import HF_CASES, PEER, cli_json

MARIAN = PEER / "marian-tiny-short"
TEXT = "The quick brown fox jumps over the lazy dog."


@pytest.mark.parametrize("method", ["value-zeroing", "flow", "norm", "rollout"])
@pytest.mark.parametrize("attention", ["on-demand", "dense"])
def test_chosen_rows_equal_the_cli_only_queries(attnscope, method, attention):
    want = cli_json("dump", "--model", MARIAN, "--text", TEXT, "--method", method, "--attention", attention,
                    "--only-queries", "2,0")
    trace = attnscope.open(MARIAN).trace(TEXT, attention=attention)
    for kind in want["attention"]:
        want_all = np.array(want["attention"][kind], dtype=np.float32)
        got = trace.method_rows(kind, method=method, queries=[2, 0])
        assert got["queries"] == [0, 2]
        assert got["sampled"] is True and got["query_rows"] == want_all.shape[2]
        assert got["pass_attention"] == want["pass_attention"]
        assert got["layer"] is None and (got["method"], got["kind"]) == (method, kind)
        assert np.array_equal(got["attention"], want_all)
        one = trace.method_rows(kind, -1, method=method, queries=[2, 0])
        assert one["layer"] == want_all.shape[0] - 1
        assert np.array_equal(one["attention"], want_all[-1])


def evenly_spaced(rows, count):
    # i_k = ⌊k (rows − 1) / (count − 1) + ½⌋ (docs/methods.md), computed here on its own
    return [int(np.floor(k * (rows - 1) / (count - 1) + 0.5)) for k in range(count)]


def test_auto_samples_64_rows_of_a_long_on_demand_trace_as_the_app(attnscope):
    model = attnscope.open(HF_CASES / "llama-tiny-gqa")  # reads up to 128 tokens
    text = " ".join(["the cat sat on the mat and the dog saw it"] * 6)
    on_demand = model.trace(text, attention="on-demand")
    rows = len(on_demand.tokens["target"])
    assert rows > 64
    got = on_demand.method_rows("decoder_self", 1, method="value-zeroing")
    assert got["queries"] == evenly_spaced(rows, 64)
    assert got["queries"][0] == 0 and got["queries"][-1] == rows - 1
    assert got["sampled"] is True and got["query_rows"] == rows and got["pass_attention"] == "on-demand"
    # the rows computed are those of the every-row result; the others are 0
    every = model.trace(text, attention="dense").attention("decoder_self", 1, method="value-zeroing")
    sample = np.array(got["queries"])
    assert np.array_equal(got["attention"][:, sample], every[:, sample])
    others = np.setdiff1d(np.arange(rows), sample)
    assert not got["attention"][:, others].any()
    # a number of rows, and every row
    eight = on_demand.method_rows("decoder_self", 1, method="value-zeroing", queries=8)
    assert eight["queries"] == evenly_spaced(rows, 8)
    assert np.array_equal(eight["attention"][:, eight["queries"]], every[:, eight["queries"]])
    whole = on_demand.method_rows("decoder_self", 1, method="value-zeroing", queries="all")
    assert whole["queries"] == list(range(rows)) and whole["sampled"] is False
    assert np.array_equal(whole["attention"], every)


def test_auto_computes_every_row_of_a_short_or_dense_trace(attnscope):
    trace = attnscope.open(MARIAN).trace(TEXT)
    got = trace.method_rows("encoder_self", 0, method="flow")
    rows = len(trace.tokens["source"])
    assert got["queries"] == list(range(rows)) and got["sampled"] is False and got["pass_attention"] == "dense"
    assert np.array_equal(got["attention"], trace.attention("encoder_self", 0, method="flow"))


def test_method_rows_refuse_bad_input_naming_it(attnscope):
    trace = attnscope.open(MARIAN).trace(TEXT)
    with pytest.raises(attnscope.InputError, match="queries applies to method norm, value-zeroing, rollout or flow"):
        trace.method_rows("encoder_self", 0, method="raw", queries=[1])
    with pytest.raises(attnscope.InputError, match="query 40: encoder_self layer 0 has queries 0.."):
        trace.method_rows("encoder_self", 0, method="value-zeroing", queries=[40])
    with pytest.raises(attnscope.InputError, match="queries takes 'auto', 'all', a number of rows or a list of rows"):
        trace.method_rows("encoder_self", 0, method="flow", queries="some")
    with pytest.raises(attnscope.InputError, match="queries is a number of rows ≥ 1, not 0"):
        trace.method_rows("encoder_self", 0, method="flow", queries=0)
    with pytest.raises(attnscope.InputError, match="method 'flow' has no decoder_cross matrices"):
        trace.method_rows("decoder_cross", 0, method="flow")
    with pytest.raises(attnscope.MemoryBudgetError, match="method_rows\\('encoder_self'\\) needs about"):
        trace.method_rows("encoder_self", method="value-zeroing", memory_budget=16)
