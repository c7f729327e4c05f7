"""attnscope.open("org/name") opens a repository already in the Hugging Face cache, as the CLI
does; the cache is built here the way huggingface_hub lays it out (files as symlinks into blobs/)."""
import os
import shutil

import numpy as np
import pytest

from conftest import PEER


def fake_cache(root, repository_id, model_folder, revision="0123abcd"):
    repository = root / ("models--" + repository_id.replace("/", "--"))
    snapshot = repository / "snapshots" / revision
    (repository / "blobs").mkdir(parents=True)
    snapshot.mkdir(parents=True)
    for file in model_folder.iterdir():
        blob = repository / "blobs" / (revision + "-" + file.name)
        shutil.copyfile(file, blob)
        os.symlink(os.path.join("..", "..", "blobs", blob.name), snapshot / file.name)
    (repository / "refs").mkdir()
    (repository / "refs" / "main").write_text(revision)
    return snapshot


def test_open_by_repository_id(attnscope, tmp_path, monkeypatch):
    snapshot = fake_cache(tmp_path / "hub", "org/gpt2-tiny", PEER / "gpt2-tiny-short")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.chdir(tmp_path)
    model = attnscope.open("org/gpt2-tiny")
    assert model.folder == str(snapshot)
    assert model.note == f"opened org/gpt2-tiny from the Hugging Face cache: {snapshot}"
    assert model.info["name"] == "org/gpt2-tiny"
    by_folder = attnscope.open(PEER / "gpt2-tiny-short")
    assert by_folder.note == ""
    text = "The quick brown fox"
    assert np.array_equal(model.trace(text).attention_all("decoder_self"),
                          by_folder.trace(text).attention_all("decoder_self"))


def test_an_id_in_neither_place_says_so(attnscope, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(attnscope.LoadError) as error:
        attnscope.open("org/absent")
    assert str(error.value) == (
        f"org/absent: no such folder, and the Hugging Face cache {tmp_path / 'hub'} holds no org/absent; "
        "AttentionScope never downloads (huggingface-cli download org/absent fetches it)"
    )
