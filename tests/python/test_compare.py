"""Model.compare (two sentences, two sentence pairs, two checkpoints, positional encoding off and on)
against attnscope-cli diff --compare-text[/--compare-text-pair]/--compare-model/--compare-pe, which run the same core comparison:
every number and every aligned position must be equal."""
import numpy as np
import pytest

from conftest import MODELS, PEER, cli_json

REVERSE = MODELS / "reverse"
EARLY = MODELS / "reverse-checkpoints" / "step-000100"

# (id, folder, text, target, Python keywords, the CLI's flags)
COMPARE_CASES = [
    ("sentences-bert", PEER / "bert-tiny-short", "the quick cat", None,
     {"compare_text": "the big quick dog"}, ["--compare-text", "the big quick dog"]),
    ("sentences-bart", PEER / "bart-tiny-short", "The quick brown fox", "Le renard brun",
     {"compare_text": "The brown fox", "compare_target": "Le renard"},
     ["--compare-text", "The brown fox", "--compare-target", "Le renard"]),
    ("sentences-gpt2", PEER / "gpt2-tiny-short", "The cat sat on the mat", None,
     {"compare_text": "A cat sat on a red mat"}, ["--compare-text", "A cat sat on a red mat"]),
    ("checkpoints-folder", REVERSE, "3 1 4", None, {"compare_model": str(EARLY)}, ["--compare-model", EARLY]),
    ("pe-reverse", REVERSE, "3 1 4 1 5", None, {"compare_pe": True}, ["--compare-pe"]),
    ("pe-llama", PEER / "llama-tiny-short", "The keeper wrote a letter", None, {"compare_pe": True}, ["--compare-pe"]),
    # two sentence pairs, each with its own token types, aligned text by text (as diff --compare-text-pair)
    ("sentence-pairs-bert", PEER / "bert-tiny-short", "the cat sat", None,
     {"text_pair": "it was happy", "compare_text": "the dog sat", "compare_text_pair": "it was sad"},
     ["--text-pair", "it was happy", "--compare-text", "the dog sat", "--compare-text-pair", "it was sad"]),
    ("sentence-pairs-bert-ba", PEER / "bert-tiny-short", "the cat sat", None,
     {"text_pair": "it was happy", "compare_text": "the dog sat", "compare_text_pair": "it was sad",
      "pair_filter": "BA"},
     ["--text-pair", "it was happy", "--compare-text", "the dog sat", "--compare-text-pair", "it was sad",
      "--pair-filter", "BA"]),
    # read as words: the positions stay the tokens' (as the CLI's), the layers hold the words' cells
    ("sentences-bert-words", PEER / "bert-tiny-short", "the quick cat", None,
     {"compare_text": "the big quick dog", "words": True}, ["--compare-text", "the big quick dog", "--words"]),
    ("pair-pe-bert", PEER / "bert-tiny-short", "the cat sat", None,
     {"text_pair": "it was happy", "compare_pe": True}, ["--text-pair", "it was happy", "--compare-pe"]),
]


@pytest.mark.parametrize("name,folder,text,target,keywords,flags", COMPARE_CASES, ids=[c[0] for c in COMPARE_CASES])
def test_compare_equals_the_cli_diff(attnscope, name, folder, text, target, keywords, flags):
    arguments = ["diff", "--model", folder, "--text", text, "--format", "json", "--top", 4, *flags]
    if target is not None:
        arguments += ["--target", target]
    want = cli_json(*arguments)
    got = attnscope.open(folder).compare(text, target=target, top=4, **keywords)
    assert got["compare"] == want["compare"]
    assert got["read"] == want["read"]
    for side in ("source", "target"):
        assert (side in got) == (side in want)
        if side in want:
            for key in ("a_tokens", "b_tokens", "a_positions", "b_positions"):
                assert got[side][key] == want[side][key], (side, key)
    assert got["prediction"] == want.get("prediction")
    assert len(got["layers"]) == len(want["layers"])
    for mine, theirs in zip(got["layers"], want["layers"]):
        assert (mine["kind"], mine["layer"], mine["largest"]) == (theirs["kind"], theirs["layer"], theirs["largest"])
        assert np.array_equal(mine["difference"], np.array(theirs["heads"], dtype=np.float32))


def test_two_sentences_differ_by_the_aligned_cells_of_their_traces(attnscope):
    # an independent check: D = B − A over the LCS-aligned tokens, from two plain traces
    model = attnscope.open(PEER / "bert-tiny-short")
    a_text, b_text = "the quick cat", "the big quick dog"
    got = model.compare(a_text, compare_text=b_text)
    a, b = model.trace(a_text), model.trace(b_text)
    side = got["source"]
    assert side["a_tokens"] == a.tokens["source"] and side["b_tokens"] == b.tokens["source"]
    # the common subsequence: [CLS] the quick [SEP], each pair the same token
    assert [side["a_tokens"][i] for i in side["a_positions"]] == [side["b_tokens"][j] for j in side["b_positions"]]
    assert [side["a_tokens"][i] for i in side["a_positions"]] == ["[CLS]", "the", "quick", "[SEP]"]
    rows_a, rows_b = np.array(side["a_positions"]), np.array(side["b_positions"])
    for layer in got["layers"]:
        alpha_a = a.attention("encoder_self", layer["layer"])[:, rows_a][:, :, rows_a]
        alpha_b = b.attention("encoder_self", layer["layer"])[:, rows_b][:, :, rows_b]
        assert np.array_equal(layer["difference"], alpha_b - alpha_a)
        assert layer["largest"] == pytest.approx(float(np.abs(alpha_b - alpha_a).max()))


def test_two_sentence_pairs_differ_by_the_aligned_cells_of_their_pair_traces(attnscope):
    # an independent check: each pair read as Model.trace reads one (its own token types: text B
    # type 1), D = B − A over the cells aligned text by text
    model = attnscope.open(PEER / "bert-tiny-short")
    got = model.compare("the cat sat", text_pair="it was happy", compare_text="the dog sat",
                        compare_text_pair="it was sad")
    a = model.trace("the cat sat", text_pair="it was happy")
    b = model.trace("the dog sat", text_pair="it was sad")
    side = got["source"]
    assert side["a_tokens"] == a.tokens["source"] and side["b_tokens"] == b.tokens["source"]
    # A's tokens matched with the same token of B's same text; "cat" (against "dog") is not
    assert [side["a_tokens"][i] for i in side["a_positions"]] == [side["b_tokens"][j] for j in side["b_positions"]]
    assert "cat" not in [side["a_tokens"][i] for i in side["a_positions"]]
    assert [side["a_tokens"][i] for i in side["a_positions"]][:7] == ["[CLS]", "the", "s", "##at", "[SEP]", "it", "was"]
    rows_a, rows_b = np.array(side["a_positions"]), np.array(side["b_positions"])
    for layer in got["layers"]:
        alpha_a = a.attention("encoder_self", layer["layer"])[:, rows_a][:, :, rows_a]
        alpha_b = b.attention("encoder_self", layer["layer"])[:, rows_b][:, :, rows_b]
        assert np.array_equal(layer["difference"], alpha_b - alpha_a)


def test_sentence_pairs_refuse_what_has_no_text_to_match(attnscope):
    bert = attnscope.open(PEER / "bert-tiny-short")
    with pytest.raises(attnscope.InputError, match="^text_pair with compare_text needs compare_text_pair: a sentence "
                                                   "pair is compared with another pair, text A with text A and text B "
                                                   "with text B$"):
        bert.compare("the cat", text_pair="it was", compare_text="the dog")
    with pytest.raises(attnscope.InputError, match="^compare_text_pair needs text_pair"):
        bert.compare("the cat", compare_text="the dog", compare_text_pair="it was")
    with pytest.raises(attnscope.InputError, match="^compare_text_pair goes with compare_text$"):
        bert.compare("the cat", text_pair="it was", compare_pe=True, compare_text_pair="it was")
    with pytest.raises(attnscope.InputError, match="^pair_filter goes with text_pair$"):
        bert.compare("the cat", compare_pe=True, pair_filter="AB")
    with pytest.raises(attnscope.InputError, match="pair_filter takes 'AA', 'AB', 'BA' or 'BB'"):
        bert.compare("the cat", text_pair="it was", compare_pe=True, pair_filter="AC")
    with pytest.raises(attnscope.InputError, match="no template for a text pair"):
        attnscope.open(MODELS / "reverse").compare("3 1", text_pair="4 1", compare_pe=True)


def test_a_second_checkpoint_given_as_a_model_equals_one_given_as_a_folder(attnscope):
    late = attnscope.open(REVERSE)
    by_folder = late.compare("3 1 4", compare_model=EARLY)
    by_model = late.compare("3 1 4", compare_model=attnscope.open(EARLY))
    assert by_model["b"] == by_folder["b"] == str(EARLY)
    assert by_model["prediction"] == by_folder["prediction"]
    for mine, theirs in zip(by_model["layers"], by_folder["layers"]):
        assert np.array_equal(mine["difference"], theirs["difference"])
    # both read A's ids, aligned position by position
    assert by_model["source"]["b_tokens"] == by_model["source"]["a_tokens"]
    assert by_model["source"]["a_positions"] == list(range(len(by_model["source"]["a_tokens"])))


def test_positional_encoding_off_and_on_differs_as_two_traces(attnscope):
    model = attnscope.open(PEER / "llama-tiny-short")
    text = "The keeper wrote a letter"
    got = model.compare(text, compare_pe=True)
    with_pe, without_pe = model.trace(text), model.trace(text, no_pe=True)
    assert (got["a"], got["b"]) == ("without positional encoding", "with positional encoding")
    for layer in got["layers"]:
        want = with_pe.attention("decoder_self", layer["layer"]) - without_pe.attention("decoder_self", layer["layer"])
        assert np.array_equal(layer["difference"], want)


def test_compare_refuses_bad_input_naming_it(attnscope):
    reverse = attnscope.open(REVERSE)
    with pytest.raises(attnscope.InputError, match="compare needs exactly one of compare_text, compare_model and"):
        reverse.compare("3 1 4")
    with pytest.raises(attnscope.InputError, match="compare needs exactly one of"):
        reverse.compare("3 1 4", compare_pe=True, compare_text="1 2")
    with pytest.raises(attnscope.InputError, match="compare_target goes with compare_text"):
        reverse.compare("3 1 4", compare_pe=True, compare_target="1 2")
    with pytest.raises(attnscope.InputError, match="^the text is empty$"):
        reverse.compare("3 1 4", compare_text="  ")
    with pytest.raises(attnscope.InputError) as error:
        reverse.compare("3 1 4", compare_model=MODELS / "translate-en-zh")
    assert "cannot compare checkpoints" in str(error.value) and "d_model differs: 64" in str(error.value)
    with pytest.raises(attnscope.LoadError):
        reverse.compare("3 1 4", compare_model=MODELS / "no-such-checkpoint")
    with pytest.raises(TypeError, match="compare_model is a Model or a model folder"):
        reverse.compare("3 1 4", compare_model=3)
