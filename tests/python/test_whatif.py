"""Model.ablate and Model.edit (what if) against attnscope-cli ablate and diff --edit, which run the
same core comparison: every number must be equal."""
import json

import numpy as np
import pytest

from conftest import PEER, cli_json

# (folder, text, target, heads as Python gives them, as the CLI's --heads)
ABLATE_CASES = [
    (PEER / "gpt2-tiny-short", "The cat sat on the", None, [(0, 1), (1, 2)], "0.1,1.2"),
    (PEER / "bert-tiny-short", "The cat sat on the mat", None, [(1, 0)], "1.0"),
    (PEER / "bart-tiny-short", "The quick brown fox", "Le renard",
     [("decoder_cross", 1, 0), ("encoder_self", 0, 1)], "decoder_cross:1.0,encoder_self:0.1"),
]


@pytest.mark.parametrize("folder,text,target,heads,flag", ABLATE_CASES, ids=[c[0].name for c in ABLATE_CASES])
def test_ablate_equals_the_cli_json(attnscope, folder, text, target, heads, flag):
    arguments = ["ablate", "--model", folder, "--text", text, "--heads", flag, "--format", "json", "--top", 4]
    if target is not None:
        arguments += ["--target", target]
    want = cli_json(*arguments)
    del want["model"]
    got = attnscope.open(folder).ablate(text, heads, target=target, top=4)
    if "prediction_note" in want:
        assert got.pop("prediction") is None
    assert got == want


def test_ablate_kl_and_deltas_follow_from_the_two_distributions(attnscope):
    # an independent check of the numbers: P and Q from dump's logits, switching heads off by hand
    # is not possible from the CLI, so compare P with the unablated logits and Δp with Q − P
    folder, text = PEER / "gpt2-tiny-short", "The cat sat on the"
    got = attnscope.open(folder).ablate(text, [(1, 0), (1, 1), (1, 2), (1, 3)], top=3)
    logits = np.array(cli_json("dump", "--model", folder, "--text", text)["logits"], dtype=np.float64)
    p = np.exp(logits - logits.max())
    p /= p.sum()
    for row in got["prediction"]["top"]:
        assert row["before"] == pytest.approx(p[row["id"]], rel=1e-9)
        assert row["delta"] == pytest.approx(row["after"] - row["before"], abs=1e-15)
    assert got["prediction"]["top_before"]["id"] == int(np.argmax(p))
    assert got["prediction"]["kl_divergence"] > 0
    # switching off layer 1's heads zeroes their outputs: α̂ of layers 0 and 1 stay, layer 2's changes
    assert [change["largest"] == 0.0 for change in got["attention_change"]] == [True, True, False]


# (folder, text, target, edit as Python gives it, as the CLI's --edit, --edit-side)
EDIT_CASES = [
    (PEER / "bert-tiny-short", "The cat sat on the mat", None, ("mask", 2), "mask:2", None),
    (PEER / "gpt2-tiny-short", "The cat sat on the mat", None, ("delete", 1), "delete:1", None),
    (PEER / "gpt2-tiny-short", "The cat sat on the mat", None, ("replace", 1, " dog"), "replace:1= dog", None),
    (PEER / "bart-tiny-short", "The quick brown fox", "Le renard brun", ("delete", 2), "delete:2", "target"),
]


@pytest.mark.parametrize("folder,text,target,edit,flag,side", EDIT_CASES,
                         ids=[f"{c[0].name}-{c[3][0]}" for c in EDIT_CASES])
def test_edit_equals_the_cli_diff(attnscope, folder, text, target, edit, flag, side):
    arguments = ["diff", "--model", folder, "--text", text, "--edit", flag, "--format", "json", "--top", 4]
    if target is not None:
        arguments += ["--target", target]
    if side is not None:
        arguments += ["--edit-side", side]
    want = cli_json(*arguments)
    got = attnscope.open(folder).edit(text, [edit], target=target, side=side, top=4)
    for name in ("source", "target"):
        assert (name in got) == (name in want)
        if name in want:
            for key in ("a_tokens", "b_tokens", "a_positions", "b_positions"):
                assert got[name][key] == want[name][key], (name, key)
    assert got["prediction"] == want.get("prediction")
    assert len(got["layers"]) == len(want["layers"])
    for mine, theirs in zip(got["layers"], want["layers"]):
        assert (mine["kind"], mine["layer"], mine["largest"]) == (theirs["kind"], theirs["layer"], theirs["largest"])
        assert np.array_equal(mine["difference"], np.array(theirs["heads"], dtype=np.float32))


def test_several_edits_predict_what_the_edited_ids_predict(attnscope):
    # B's prediction equals a plain pass over the edited ids (attnscope-cli dump --source-ids)
    folder, text = PEER / "gpt2-tiny-short", "The cat sat on the mat"
    got = attnscope.open(folder).edit(text, [("replace", 1, " dog"), ("delete", 4)], top=5)
    side = got["target"]
    assert side["b_tokens"][1] == "Ġdog" and len(side["b_tokens"]) == len(side["a_tokens"]) - 1
    assert 4 not in side["a_positions"]  # the deleted token has no cell
    ids = ",".join(map(str, side["b_ids"]))
    logits = np.array(cli_json("dump", "--model", folder, "--source-ids", ids)["logits"], dtype=np.float64)
    q = np.exp(logits - logits.max())
    q /= q.sum()
    for row in got["prediction"]["top"]:
        assert row["after"] == pytest.approx(q[row["id"]], rel=1e-9)
    assert got["prediction"]["top_after"]["id"] == int(np.argmax(q))


def test_what_if_refuses_bad_input_naming_it(attnscope):
    gpt2 = attnscope.open(PEER / "gpt2-tiny-short")
    with pytest.raises(IndexError, match="decoder_self layer 3 is out of range: there are 3"):
        gpt2.ablate("The cat", [(3, 0)])
    with pytest.raises(IndexError, match="head 9 is out of range"):
        gpt2.ablate("The cat", [(0, 9)])
    with pytest.raises(attnscope.InputError, match="heads is empty"):
        gpt2.ablate("The cat", [])
    with pytest.raises(attnscope.InputError, match="unknown attention kind 'decoder_cross'; this model has decoder_self"):
        gpt2.ablate("The cat", [("decoder_cross", 0, 0)])
    with pytest.raises(attnscope.InputError, match="^the text is empty$"):
        gpt2.ablate("", [(0, 0)])
    with pytest.raises(attnscope.InputError, match="top is 1 or more"):
        gpt2.ablate("The cat", [(0, 0)], top=0)
    with pytest.raises(attnscope.InputError, match="an edit is 'mask', 'delete' or 'replace', not 'swap'"):
        gpt2.edit("The cat", [("swap", 0)])
    with pytest.raises(attnscope.InputError, match="the text is missing"):
        gpt2.edit("The cat", [("replace", 0)])
    with pytest.raises(attnscope.InputError, match="position counts from 0"):
        gpt2.edit("The cat", [("delete", -1)])
    with pytest.raises(attnscope.InputError, match="cannot delete token 7: the input has 2 tokens"):
        gpt2.edit("The cat", [("delete", 7)])
    with pytest.raises(attnscope.InputError, match="mask"):
        gpt2.edit("The cat", [("mask", 0)])  # GPT-2 has neither a mask nor an unknown token
    with pytest.raises(attnscope.InputError, match="side 'source': the model has no encoder"):
        gpt2.edit("The cat", [("delete", 0)], side="source")
    with pytest.raises(attnscope.InputError, match="side is 'source' or 'target', not 'left'"):
        gpt2.edit("The cat", [("delete", 0)], side="left")


def test_what_if_reads_both_passes_as_the_cli_does(attnscope):
    # method and the reading keywords read both passes before B − A, as --method and the reading
    # flags of attnscope-cli ablate and diff do: every number equal
    folder, text = PEER / "bert-tiny-short", "the quick cat"
    bert = attnscope.open(folder)
    want = cli_json("ablate", "--model", folder, "--text", text, "--heads", "0.0,0.1", "--method", "norm",
                    "--hide-special", "--top-p", "0.9", "--format", "json")
    del want["model"]
    got = bert.ablate(text, [(0, 0), (0, 1)], method="norm", hide_special=True, top_p=0.9)
    assert got == want
    assert got["read"] == {"method": "norm", "words": False, "hide_special": True, "hide_tokens": [], "top_p": 0.9}

    def same_layers(got, want):
        assert got["read"] == want["read"]
        assert len(got["layers"]) == len(want["layers"])
        for mine, theirs in zip(got["layers"], want["layers"]):
            assert (mine["kind"], mine["layer"], mine["largest"]) == (theirs["kind"], theirs["layer"], theirs["largest"])
            assert np.array_equal(mine["difference"], np.array(theirs["heads"], dtype=np.float32))

    same_layers(bert.edit(text, [("mask", 2)], method="rollout", words=True),
                cli_json("diff", "--model", folder, "--text", text, "--edit", "mask:2", "--method", "rollout", "--words"))
    compared = bert.compare(text, compare_pe=True, method="value-zeroing", hide_token="the")
    same_layers(compared, cli_json("diff", "--model", folder, "--text", text, "--compare-pe", "--method",
                                   "value-zeroing", "--hide-token", "the"))
    assert compared["read"]["hide_tokens"] == ["the"]
    assert compared["layers"][0]["difference"].shape[1] == 4  # "the" hidden: [CLS] quick cat [SEP]

    with pytest.raises(attnscope.InputError, match="method takes raw|norm|value-zeroing|rollout|flow, not 'magic'"):
        bert.ablate(text, [(0, 0)], method="magic")
    with pytest.raises(attnscope.InputError, match="top_p is a share p with 0 < p ≤ 1"):
        bert.edit(text, [("mask", 1)], top_p=0.0)
    with pytest.raises(attnscope.InputError, match="zebra"):
        bert.compare(text, compare_text="the slow cat", hide_token="zebra")
