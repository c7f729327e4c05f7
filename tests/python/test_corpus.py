"""Model.heads(corpus=…) and Model.search(heads=[…]) against attnscope-cli heads --corpus and
search --heads, which call the same core functions: every number must be equal."""
import json

import pytest

from conftest import PEER, cli_json, run_cli

# what a corpus file may hold: a blank line (skipped), repeated words, a line with a target
LINES = ["The cat sat on the mat.", "The dog saw the cat.", "", "A bird flew over the house and the tree."]
PAIRS = ["The quick brown fox\tLe renard brun", "", "The dog\tLe chien", "The cat sat\tLe chat"]


def write(tmp_path, lines, name="corpus.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("folder,lines", [
    (PEER / "gpt2-tiny-short", LINES),
    (PEER / "bert-tiny-short", LINES),
    (PEER / "bart-tiny-short", PAIRS),
], ids=["gpt2", "bert", "bart"])
def test_corpus_heads_equal_the_cli_json(attnscope, tmp_path, folder, lines):
    corpus = write(tmp_path, lines)
    want = cli_json("heads", "--model", folder, "--corpus", corpus, "--format", "json")
    model = attnscope.open(folder)
    assert model.heads(corpus=corpus) == want
    assert model.heads(corpus=str(corpus)) == want
    assert model.heads(corpus=lines) == want  # the lines themselves, as the file holds them


def test_corpus_heads_options_are_the_clis(attnscope, tmp_path):
    folder = PEER / "bert-tiny-short"
    corpus = write(tmp_path, LINES)
    want = cli_json("heads", "--model", folder, "--corpus", corpus, "--format", "json", "--window", "1", "--no-pe",
                    "--words", "--hide-special")
    assert attnscope.open(folder).heads(corpus=corpus, window=1, no_pe=True, words=True, hide_special=True) == want


def test_corpus_heads_are_the_mean_of_each_lines_heads(attnscope):
    # an independent check: the corpus's entropy is the mean over the lines read (blank ones skipped)
    model = attnscope.open(PEER / "gpt2-tiny-short")
    got = model.heads(corpus=LINES)
    per_line = [model.heads(line) for line in LINES if line]
    for n, row in enumerate(got):
        mean = sum(rows[n]["entropy"] for rows in per_line) / len(per_line)
        assert row["entropy"] == pytest.approx(mean, rel=1e-12)


def test_corpus_heads_refuse_bad_input_naming_it(attnscope, tmp_path):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    with pytest.raises(attnscope.InputError, match="^give text or corpus \\(one of them\\)$"):
        model.heads()
    with pytest.raises(attnscope.InputError, match="give text or corpus"):
        model.heads("The cat", corpus=LINES)
    with pytest.raises(attnscope.InputError, match="target goes with text"):
        model.heads(corpus=LINES, target="x")
    with pytest.raises(attnscope.InputError, match="text_pair goes with text, not corpus"):
        model.heads(corpus=LINES, text_pair="x")
    with pytest.raises(attnscope.InputError, match="^corpus: no line could be read as an input$"):
        model.heads(corpus=["", "  "])
    missing = tmp_path / "missing.txt"
    with pytest.raises(attnscope.InputError, match="missing.txt: cannot be read"):
        model.heads(corpus=missing)
    with pytest.raises(attnscope.InputError, match='token to hide "zebra" is in none of its sentences'):
        model.heads(corpus=LINES, hide_token="zebra")
    with pytest.raises(attnscope.MemoryBudgetError, match="but the memory budget is 1.0 KiB"):
        attnscope.open(PEER / "gpt2-tiny-short", memory_budget="1K").heads(corpus=LINES)


@pytest.mark.parametrize("folder,heads,flag", [
    (PEER / "gpt2-tiny-short", [(0, 3), (1, 2)], "0.3,1.2"),
    (PEER / "bert-tiny-short", [(1, 0), (0, 1), (1, 1)], "1.0,0.1,1.1"),
    (PEER / "bart-tiny-short", [("decoder_cross", 1, 0), ("decoder_cross", 0, 1)], "decoder_cross:1.0,decoder_cross:0.1"),
], ids=["gpt2", "bert", "bart-cross"])
def test_search_of_a_list_of_heads_equals_the_cli_jsonl(attnscope, tmp_path, folder, heads, flag):
    corpus = write(tmp_path, PAIRS if "bart" in folder.name else LINES)
    token = "the" if "bart" not in folder.name else "The"
    status, output, errors = run_cli("search", "--model", folder, "--corpus", corpus, "--heads", flag, "--token", token,
                                     "--to", "--limit", 6, "--format", "jsonl")
    assert status == 0, errors
    got = attnscope.open(folder).search(corpus, heads=heads, token=token, mode="to", limit=6)
    assert got["hits"] == [json.loads(line) for line in output.splitlines()]
    assert [(h["layer"], h["head"]) for h in got["heads"]] == [tuple(head[-2:]) for head in heads]


def test_a_list_of_heads_ranks_each_heads_own_hits_together(attnscope, tmp_path):
    # an independent check: the hits of heads=[a, b] are the best of a's and b's own hits
    corpus = write(tmp_path, LINES)
    model = attnscope.open(PEER / "gpt2-tiny-short")
    both = model.search(corpus, heads=[(0, 3), (1, 2)], token="the", limit=1000)
    one = model.search(corpus, 0, 3, token="the", limit=1000)
    other = model.search(corpus, 1, 2, token="the", limit=1000)
    assert both["matches"] == one["matches"] + other["matches"]
    weights = sorted([hit["weight"] for hit in one["hits"] + other["hits"]], reverse=True)
    assert [hit["weight"] for hit in both["hits"]] == weights


def test_search_heads_refuse_bad_input_naming_it(attnscope, tmp_path):
    corpus = write(tmp_path, LINES)
    model = attnscope.open(PEER / "bart-tiny-short")
    with pytest.raises(attnscope.InputError, match="give heads=.* or layer and head .*, not both"):
        model.search(corpus, 0, 0, heads=[(0, 1)], token="the")
    with pytest.raises(attnscope.InputError, match="give layer and head"):
        model.search(corpus, token="the")
    with pytest.raises(attnscope.InputError, match="heads is empty"):
        model.search(corpus, heads=[], token="the")
    with pytest.raises(attnscope.InputError, match="given twice"):
        model.search(corpus, heads=[(0, 1), (0, 1)], token="the")
    with pytest.raises(attnscope.InputError, match="kind"):
        model.search(corpus, heads=[(0, 1), ("decoder_cross", 0, 1)], token="the")
    with pytest.raises(IndexError, match="head 9 is out of range"):
        model.search(corpus, heads=[(0, 9)], token="the")
