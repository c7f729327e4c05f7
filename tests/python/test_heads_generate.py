"""Model.heads and Model.generate give what attnscope-cli heads and generate print."""
import json

import pytest

from conftest import PEER, cli_json, run_cli

CASES = [
    (PEER / "gpt2-tiny-short", "The quick brown fox jumps over the lazy dog.", None),
    (PEER / "bert-tiny-short", "The quick brown fox jumps over the lazy dog.", None),
    (PEER / "bart-tiny-short", "The quick brown fox", "Le renard brun"),
]


@pytest.mark.parametrize("folder,text,target", CASES, ids=[case[0].name for case in CASES])
def test_heads_equal_the_cli_json(attnscope, folder, text, target):
    arguments = ["heads", "--model", folder, "--text", text, "--format", "json"]
    if target:
        arguments += ["--target", target]
    want = cli_json(*arguments)
    got = attnscope.open(folder).heads(text, target=target)
    assert got == want  # the same keys and values (JSON numbers read back as the same doubles)
    # the keys in the order of the CSV's columns ("induction" only where the metric applies)
    status, csv, errors = run_cli(*arguments[:-2], "--format", "csv")
    assert status == 0, errors
    columns = csv.splitlines()[0].split(",")
    for row in got:
        assert list(row) == [column for column in columns if column in row]
        assert set(columns) - set(row) <= {"induction"}


def test_heads_window_and_no_pe_are_the_clis(attnscope):
    folder = PEER / "gpt2-tiny-short"
    text = "The quick brown fox"
    want = cli_json("heads", "--model", folder, "--text", text, "--format", "json", "--window", "0", "--no-pe")
    assert attnscope.open(folder).heads(text, window=0, no_pe=True) == want


@pytest.mark.parametrize("folder,text,max_tokens", [
    (PEER / "gpt2-tiny-short", "The quick brown fox", 6),
    (PEER / "marian-tiny-short", "The quick brown fox", None),
])
def test_generate_equals_the_cli(attnscope, folder, text, max_tokens):
    arguments = ["generate", "--model", folder, "--text", text]
    if max_tokens is not None:
        arguments += ["--max-tokens", max_tokens]
    status, output, errors = run_cli(*arguments)
    assert status == 0, errors
    assert attnscope.open(folder).generate(text, max_tokens) == output.removesuffix("\n")


@pytest.mark.parametrize("folder,text,target", [
    (PEER / "gpt2-tiny-short", "The quick brown fox jumps", None),
    (PEER / "bert-tiny-short", "The quick brown fox jumps", None),
    (PEER / "bart-tiny-short", "The quick brown fox", "Le renard brun"),
], ids=["gpt2", "bert", "bart"])
def test_lens_equals_the_cli_json(attnscope, folder, text, target):
    arguments = ["lens", "--model", folder, "--text", text, "--format", "json", "--top", "3"]
    if target:
        arguments += ["--target", target]
    want = cli_json(*arguments)
    del want["model"], want["method"]
    got = attnscope.open(folder).lens(text, target=target, top=3)
    assert got == want
    # the last row is the model's own prediction: its top token at the last position is the argmax
    assert len(got["top"]) == len(got["rows"]) and got["rows"][0] == "embeddings"
    assert all(len(cell) == 3 for row in got["top"] for cell in row)


def test_lens_refuses_what_the_cli_refuses(attnscope):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    with pytest.raises(attnscope.InputError, match="top"):
        model.lens("The quick brown fox", top=0)


@pytest.mark.parametrize("keywords,flags", [
    ({"words": True, "hide_special": True}, ["--words", "--hide-special"]),
    ({"hide_token": "the"}, ["--hide-token", "the"]),
    ({"text_pair": "A lazy dog sleeps"}, ["--text-pair", "A lazy dog sleeps"]),
], ids=["words-hide-special", "hide-token", "text-pair"])
def test_heads_read_as_text_equal_the_cli_json(attnscope, keywords, flags):
    folder, text = PEER / "bert-tiny-short", "The quick brown fox jumps over the lazy dog."
    want = cli_json("heads", "--model", folder, "--text", text, "--format", "json", *flags)
    got = attnscope.open(folder).heads(text, **keywords)
    assert got == want
    assert got != attnscope.open(folder).heads(text)  # the reading changes the metrics


def test_heads_refuse_a_token_to_hide_that_is_not_there(attnscope):
    with pytest.raises(attnscope.InputError, match="zebra"):
        attnscope.open(PEER / "bert-tiny-short").heads("The quick brown fox", hide_token="zebra")
