"""Model.qk, Model.qk_map and Model.search (why a head attends) against attnscope-cli qk, qk-map and
search, which call the same core functions: every number must be equal."""
import csv
import io
import json

import numpy as np
import pytest

from conftest import HF_CASES, PEER, cli_json, run_cli

# A corpus with what every corpus file may hold: a blank line (skipped) and repeated words.
CORPUS = "The cat sat on the mat.\nThe dog saw the cat.\n\nA bird flew over the house and the tree.\n"


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(CORPUS, encoding="utf-8")
    return path


def as_float32(values):
    return np.array(values, dtype=np.float32)


# (folder, text, target, kind, layer, head, query): plain scores, rotary (Llama with grouped-query
# heads), T5's relative bias, Gemma 2's soft cap, and an encoder-decoder model's cross-attention.
QK_CASES = [
    (PEER / "gpt2-tiny-short", "The cat sat on the mat", None, None, 1, 2, 3),
    (HF_CASES / "llama-tiny-gqa", "The keeper wrote a letter", None, None, 1, 3, 4),
    (HF_CASES / "t5-tiny-gated", "The bridge is old.", "Die Brücke", "encoder_self", 0, 1, 2),
    (HF_CASES / "gemma2-tiny-softcap", "The keeper wrote a letter", None, "decoder_self", 0, 0, 3),
    (PEER / "bart-tiny-short", "The quick brown fox", "Le renard brun", "decoder_cross", 1, 0, 2),
]


@pytest.mark.parametrize("folder,text,target,kind,layer,head,query", QK_CASES, ids=[c[0].name for c in QK_CASES])
def test_qk_equals_the_cli_json(attnscope, folder, text, target, kind, layer, head, query):
    arguments = ["qk", "--model", folder, "--text", text, "--layer", layer, "--head", head, "--query", query,
                 "--format", "json"]
    if target is not None:
        arguments += ["--target", target]
    if kind is not None:
        arguments += ["--attention", kind]
    want = cli_json(*arguments)
    got = attnscope.open(folder).qk(text, layer, head, query, kind=kind, target=target)
    assert got["kind"] == want["attention"]
    for key in ("layer", "head", "kv_head", "query", "query_token", "head_dim", "positions", "positional_encoding"):
        assert got[key] == want[key], key
    assert np.float32(got["scale"]) == np.float32(want["scale"])
    assert np.float32(got["soft_cap"]) == np.float32(want["soft_cap"])
    assert np.array_equal(got["q"], as_float32(want["q"]))
    keys = want["keys"]
    assert got["key_tokens"] == [row["token"] for row in keys]
    assert np.array_equal(got["k"], as_float32([row["k"] for row in keys]))
    assert np.array_equal(got["products"], as_float32([row["products"] for row in keys]))
    assert np.array_equal(got["content"], as_float32([row["content"] for row in keys]))
    assert np.array_equal(got["alpha_hat"], as_float32([row["alpha_hat"] for row in keys]))
    masked = [row["masked"] for row in keys]
    assert list(got["masked"]) == masked
    assert np.array_equal(got["alpha"][~got["masked"]], as_float32([row["alpha"] for row in keys if not row["masked"]]))
    assert np.all(np.isneginf(got["alpha"][got["masked"]]))
    optional = {"k_rotated": "k_rotated", "content_unrotated": "content_unrotated", "rotation": "rotation",
                "capped": "capped", "position_bias": "position_bias"}
    for key, column in optional.items():
        assert (key in got) == (column in keys[0]), key
        if key in got:
            assert np.array_equal(got[key], as_float32([row[column] for row in keys])), key
    assert ("q_rotated" in got) == ("q_rotated" in want)
    if "q_rotated" in want:
        assert np.array_equal(got["q_rotated"], as_float32(want["q_rotated"]))
    # the view explains α̂: its softmax of α is the pass's own row
    trace = attnscope.open(folder).trace(text, target=target)
    row = trace.attention(got["kind"], layer, head=head)[query]
    assert np.array_equal(got["alpha_hat"], row)


def test_qk_of_a_rotary_model_splits_off_the_rotation(attnscope):
    got = attnscope.open(HF_CASES / "llama-tiny-gqa").qk("The keeper wrote a letter", 0, 1, 3)
    assert np.array_equal(got["rotation"], got["content"] - got["content_unrotated"])
    assert np.allclose(got["content"], got["scale"] * got["products"].sum(axis=1), atol=1e-5)


@pytest.mark.parametrize("normalise", [False, True], ids=["plain", "normalised"])
def test_qk_map_equals_the_cli_csv(attnscope, corpus, normalise):
    folder = PEER / "gpt2-tiny-short"
    arguments = ["qk-map", "--model", folder, "--corpus", corpus, "--layer", 1, "--head", 2]
    if normalise:
        arguments.append("--normalise")
    status, output, errors = run_cli(*arguments)
    assert status == 0, errors
    rows = list(csv.DictReader(io.StringIO(output)))
    got = attnscope.open(folder).qk_map(corpus, 1, 2, normalise=normalise)
    assert len(got["x"]) == len(rows) > 0
    assert [int(r["sentence"]) for r in rows] == list(got["sentence"])
    assert [int(r["line"]) for r in rows] == list(got["line"])
    assert [int(r["position"]) for r in rows] == list(got["position"])
    assert [r["token"] for r in rows] == got["token"]
    assert [r["kind"] for r in rows] == got["kind"]
    # the CLI writes %.9g
    assert [r["x"] for r in rows] == [f"{x:.9g}" for x in got["x"]]
    assert [r["y"] for r in rows] == [f"{y:.9g}" for y in got["y"]]
    assert got["normalised"] is normalise
    assert got["sentences"] == [line for line in CORPUS.splitlines() if line]
    # the note the CLI prints: each axis's share of the spread
    shares = f"the axes keep {100 * got['explained'][0]:.1f}% and {100 * got['explained'][1]:.1f}% of the spread"
    assert shares in errors


@pytest.mark.parametrize("mode,flag", [("from", "--from"), ("to", "--to"), ("top-key", "--top-key")])
def test_search_equals_the_cli_jsonl(attnscope, corpus, mode, flag):
    folder = PEER / "gpt2-tiny-short"
    status, output, errors = run_cli("search", "--model", folder, "--corpus", corpus, "--layer", 1, "--head", 2,
                                     "--token", "the", flag, "--limit", 4, "--format", "jsonl")
    assert status == 0, errors
    want = [json.loads(line) for line in output.splitlines()]
    got = attnscope.open(folder).search(corpus, 1, 2, token="the", mode=mode, limit=4)
    assert got["hits"] == want
    assert got["mode"] == mode
    assert got["matches"] >= len(got["hits"])


def test_search_of_every_head_of_a_layer_equals_the_cli(attnscope, corpus):
    folder = PEER / "bert-tiny-short"
    status, output, errors = run_cli("search", "--model", folder, "--corpus", corpus, "--layer", 1, "--head", "all",
                                     "--token", "cat", "--format", "jsonl")
    assert status == 0, errors
    got = attnscope.open(folder).search(corpus, 1, "all", token="cat")
    assert got["hits"] == [json.loads(line) for line in output.splitlines()]
    assert len({hit["head"] for hit in got["hits"]}) > 1


def test_why_refuses_bad_input_naming_it(attnscope, corpus, tmp_path):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    missing = tmp_path / "no-such-corpus.txt"
    with pytest.raises(attnscope.InputError) as error:
        model.search(missing, 0, 0, token="the")
    assert str(error.value) == f"{missing}: no such corpus file"
    with pytest.raises(attnscope.InputError, match="no such corpus file"):
        model.qk_map(missing, 0, 0)
    with pytest.raises(attnscope.InputError, match="is a folder"):
        model.qk_map(tmp_path, 0, 0)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    with pytest.raises(attnscope.InputError, match="no sentences"):
        model.search(empty, 0, 0, token="the")
    with pytest.raises(attnscope.InputError, match='"zebra-walking" is not one token of this model'):
        model.search(corpus, 0, 0, token="zebra-walking")
    with pytest.raises(attnscope.InputError, match="mode takes 'from', 'to' or 'top-key', not 'near'"):
        model.search(corpus, 0, 0, token="the", mode="near")
    with pytest.raises(attnscope.InputError, match="head is a number or 'all'"):
        model.search(corpus, 0, "every", token="the")
    with pytest.raises(IndexError) as error:
        model.qk("The cat", 7, 0, 0)
    assert str(error.value) == "decoder_self layer 7 is out of range: there are 3 (0 to 2, or -1 for the last)"
    with pytest.raises(IndexError, match="head 4 is out of range"):
        model.qk_map(corpus, 0, 4)
    with pytest.raises(IndexError, match="decoder_self query 5 is out of range: there are 2"):
        model.qk("The cat", 0, 0, 5)
    with pytest.raises(attnscope.InputError, match="unknown attention kind 'encoder_self'; this model has decoder_self"):
        model.qk("The cat", 0, 0, 0, kind="encoder_self")
    with pytest.raises(attnscope.InputError, match="^the text is empty$"):
        model.qk("", 0, 0, 0)
    with pytest.raises(attnscope.InputError, match="max_points is 1 or more"):
        model.qk_map(corpus, 0, 0, max_points=0)
    with pytest.raises(attnscope.InputError, match="corpus.txt:.*"):
        model.qk_map(corpus, 0, 0, max_points=3)


def test_negative_layer_and_head_count_from_the_end(attnscope, corpus):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    assert model.search(corpus, -1, -2, token="the") == model.search(corpus, 2, 2, token="the")
    last = model.qk("The cat sat", -1, -1, -1)
    last_token = len(model.tokenize("The cat sat")["tokens"]) - 1
    assert (last["layer"], last["head"], last["query"]) == (2, 3, last_token)
    assert last["alpha_hat"].tolist() == model.qk("The cat sat", 2, 3, last_token)["alpha_hat"].tolist()
