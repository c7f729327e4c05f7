"""Every error is a Python exception carrying the library's message: the loader's for folders,
the input checks' for text, and the binding's own for kinds, layers and heads."""
import pytest

from conftest import BAD_MODELS, PEER, TEST_DATA


def test_a_missing_folder_raises_load_error_with_the_loaders_message(attnscope, tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(attnscope.LoadError) as error:
        attnscope.open(missing)
    assert str(error.value) == f"{missing}: no such folder"
    assert isinstance(error.value, attnscope.Error)
    assert isinstance(error.value, RuntimeError)


@pytest.mark.parametrize("case", ["tensor-missing", "config-zero-heads", "header-not-json", "weight-nan"])
def test_a_broken_model_raises_the_message_its_fixture_states(attnscope, case):
    folder = BAD_MODELS / case
    expected = (folder / "expected_message.txt").read_text().strip().replace("{folder}", str(folder))
    with pytest.raises(attnscope.LoadError) as error:
        attnscope.open(folder)
    assert str(error.value) == expected


def test_text_of_the_wrong_type_is_a_type_error(attnscope):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    with pytest.raises(TypeError, match="incompatible function arguments"):
        model.trace(42)
    with pytest.raises(TypeError):
        model.tokenize(None)
    with pytest.raises(TypeError):
        attnscope.open(3.5)


def test_unknown_kind_out_of_range_layer_and_head(attnscope):
    trace = attnscope.open(PEER / "gpt2-tiny-short").trace("The quick brown fox")
    with pytest.raises(attnscope.InputError) as error:
        trace.attention("encoder_self", 0)
    assert str(error.value) == "unknown attention kind 'encoder_self'; this model has decoder_self"
    assert isinstance(error.value, ValueError)
    with pytest.raises(attnscope.InputError, match="unknown attention kind 'cross'"):
        trace.attention_all("cross")
    with pytest.raises(IndexError) as error:
        trace.attention("decoder_self", 3)
    assert str(error.value) == "decoder_self layer 3 is out of range: there are 3 (0 to 2, or -1 for the last)"
    with pytest.raises(IndexError, match="decoder_self layer -4 is out of range"):
        trace.attention("decoder_self", -4)
    with pytest.raises(IndexError) as error:
        trace.attention("decoder_self", 0, head=4)
    assert str(error.value) == "head 4 is out of range: there are 4 (0 to 3, or -1 for the last)"


def test_input_the_model_cannot_take(attnscope):
    gpt2 = attnscope.open(PEER / "gpt2-tiny-short")
    with pytest.raises(attnscope.InputError, match="^the text is empty$"):
        gpt2.trace("")
    with pytest.raises(attnscope.InputError, match="^the text is empty$"):
        gpt2.generate("")
    bert = attnscope.open(PEER / "bert-tiny-short")
    with pytest.raises(attnscope.InputError, match="encoder-only, so it cannot generate text"):
        bert.generate("The fox")
    with pytest.raises(attnscope.InputError, match="encoder-only: it has no target side"):
        bert.tokenize("The fox", target=True)


def test_bad_options(attnscope):
    folder = PEER / "gpt2-tiny-short"
    with pytest.raises(attnscope.InputError, match='precision is "exact" or "fast", not "medium"'):
        attnscope.open(folder, precision="medium")
    with pytest.raises(attnscope.InputError, match='memory_budget takes bytes or a size'):
        attnscope.open(folder, memory_budget="lots")
    with pytest.raises(attnscope.InputError, match="threads is 0"):
        attnscope.open(folder, threads=-1)
    with pytest.raises(attnscope.InputError, match="max_tokens is 0 or more"):
        attnscope.open(folder).generate("The", max_tokens=-1)


def test_a_pass_over_the_memory_budget_is_refused_with_estimate_and_budget(attnscope):
    model = attnscope.open(PEER / "gpt2-tiny-short", memory_budget="1K")
    with pytest.raises(attnscope.MemoryBudgetError, match=r"^this pass needs about .* but the memory budget is 1\.0 KiB"):
        model.trace("The quick brown fox")


def test_a_gguf_file_over_the_memory_budget_is_refused_before_its_weights_are_expanded(attnscope):
    # Its weights are copied out and dequantised (about 7 times the Q4_K file), so the budget bounds the open.
    gguf = TEST_DATA / "gguf" / "mistral-256.q4_k.gguf"
    with pytest.raises(attnscope.LoadError, match=r"^mistral-256\.q4_k\.gguf: opening it needs about .* but the "
                                                  r"memory budget is 100\.0 KiB; open a smaller model"):
        attnscope.open(gguf, memory_budget="100K")
    assert attnscope.open(gguf, memory_budget="64M").tokenize("The keeper")


@pytest.mark.parametrize("folder", [PEER / "bert-tiny-short", PEER / "bart-tiny-short", PEER / "gpt2-tiny-short"],
                         ids=["bert", "bart", "gpt2"])
@pytest.mark.parametrize("text", ["", "  \n"], ids=["empty", "white-space"])
def test_an_empty_text_is_refused_by_every_call(attnscope, folder, text):
    # BERT and BART add special tokens, so core would run a pass over [CLS] [SEP] or </s> alone
    model = attnscope.open(folder)
    calls = [
        lambda: model.trace(text),
        lambda: model.heads(text),
        lambda: model.lens(text),
        lambda: model.qk(text, 0, 0, 0),
        lambda: model.ablate(text, [(0, 0)]),
        lambda: model.edit(text, [("delete", 0)]),
    ]
    if "decoder_self" in model.kinds:  # a model that generates
        calls.append(lambda: model.generate(text))
    for call in calls:
        with pytest.raises(attnscope.InputError, match="^the text is empty$"):
            call()
