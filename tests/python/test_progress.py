"""Progress and cancel of the long calls (docs/python.md): a corpus's head metrics, corpus search,
value zeroing and flow call progress(done, total); returning False raises attnscope.Cancelled, an
exception raised in it comes through as it is, and Ctrl+C (SIGINT) raises KeyboardInterrupt. A
cancelled call leaves the model and the trace as they were."""
import os
import signal
import threading

import numpy as np
import pytest

from conftest import PEER

LINES = ["The cat sat on the mat.", "", "The dog saw the cat.", "A bird flew over the house.", "The cat ran."]


class Recorder:
    """progress(done, total): records every call; answers stop_at's call with False."""

    def __init__(self, stop_at=None):
        self.calls = []
        self.stop_at = stop_at

    def __call__(self, done, total):
        self.calls.append((done, total))
        return len(self.calls) != self.stop_at


def test_corpus_heads_report_each_line_and_cancel(attnscope):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    recorder = Recorder()
    full = model.heads(corpus=LINES, progress=recorder)
    assert recorder.calls == [(n, len(LINES)) for n in range(1, len(LINES) + 1)]
    assert full == model.heads(corpus=LINES)
    stopping = Recorder(stop_at=2)
    with pytest.raises(attnscope.Cancelled, match="^head metrics of corpus cancelled$"):
        model.heads(corpus=LINES, progress=stopping)
    assert len(stopping.calls) == 2  # nothing after the call that said stop
    assert isinstance(attnscope.Cancelled("x"), attnscope.Error)
    # one text: the blocks of its pass
    blocks = Recorder()
    model.heads("The cat sat", progress=blocks)
    assert blocks.calls and blocks.calls[-1][0] == blocks.calls[-1][1]


def test_an_exception_in_progress_comes_through_and_cancels(attnscope):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    calls = []

    def failing(done, total):
        calls.append(done)
        if done == 2:
            raise ValueError("stop here")

    with pytest.raises(ValueError, match="^stop here$"):
        model.heads(corpus=LINES, progress=failing)
    assert calls == [1, 2]
    with pytest.raises(TypeError):
        model.heads(corpus=LINES, progress=lambda: True)  # called with (done, total): a TypeError, as Python raises it


def test_search_reports_sentences_and_cancels(attnscope, tmp_path):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(LINES) + "\n")
    model = attnscope.open(PEER / "gpt2-tiny-short")
    recorder = Recorder()
    found = model.search(corpus, 0, 1, token="the", progress=recorder)
    sentences = len([line for line in LINES if line])
    assert recorder.calls[0] == (0, sentences) and recorder.calls[-1] == (sentences, sentences)
    assert [done for done, _ in recorder.calls] == sorted(done for done, _ in recorder.calls)
    assert {total for _, total in recorder.calls} == {sentences}
    assert found == model.search(corpus, 0, 1, token="the")
    with pytest.raises(attnscope.Cancelled, match="cancelled"):
        model.search(corpus, heads=[(0, 1), (1, 1)], token="the", progress=Recorder(stop_at=3))


@pytest.mark.parametrize("method", ["value-zeroing", "flow"])
def test_methods_report_rows_and_cancel_without_spoiling_the_trace(attnscope, method):
    trace = attnscope.open(PEER / "bert-tiny-short").trace("The quick brown fox jumps over the lazy dog.")
    rows = len(trace.tokens["source"])
    stopping = Recorder(stop_at=3)
    with pytest.raises(attnscope.Cancelled, match="cancelled"):
        trace.attention("encoder_self", 1, method=method, progress=stopping)
    assert len(stopping.calls) == 3
    # the same call again computes in full: the cancelled one left nothing behind
    recorder = Recorder()
    got = trace.attention("encoder_self", 1, method=method, progress=recorder)
    assert recorder.calls[-1] == (rows, rows)  # one layer: its rows
    assert [done for done, _ in recorder.calls] == sorted(done for done, _ in recorder.calls)
    assert np.array_equal(got, trace.attention("encoder_self", 1, method=method))
    every = Recorder()
    trace.attention_all("encoder_self", method=method, progress=every)
    layers = trace.attention_all("encoder_self").shape[0]
    assert every.calls[-1] == (layers * rows, layers * rows)
    sample = Recorder()
    part = trace.method_rows("encoder_self", 0, method=method, queries=[0, 3], progress=sample)
    assert part["queries"] == [0, 3] and sample.calls[-1] == (2, 2)


def test_ctrl_c_cancels_a_long_call(attnscope):
    model = attnscope.open(PEER / "gpt2-tiny-short")
    lines = LINES * 400
    started = threading.Event()

    def first_line(done, total):
        started.set()

    def interrupt():
        started.wait(60)
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl+C in a terminal

    sender = threading.Thread(target=interrupt)
    sender.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            model.heads(corpus=lines, progress=first_line)
    finally:
        sender.join()
    # the model still works
    assert model.heads(corpus=LINES[:1]) == model.heads(corpus=LINES[:1])
