#!/usr/bin/python3
"""Writes tests/text/data/t5-unigram/tokenizer.json: the Unigram tokenizer.json HF's T5Converter
would make from tests/data/peer/t5-tiny-short/spiece.model (pieces and scores, Precompiled nmt_nfkc
charsmap, Strip + Replace(" {2,}" → "▁"), Metaspace, "$A </s>", <extra_id_N> added tokens).

Needs Debian 12's /usr/bin/python3 with python3-sentencepiece (for its model protobuf). Deterministic.
"""
import base64
import json
import pathlib

from sentencepiece import sentencepiece_model_pb2

HERE = pathlib.Path(__file__).resolve().parent
SPIECE = HERE.parent / "data" / "peer" / "t5-tiny-short" / "spiece.model"
OUT = HERE / "data" / "t5-unigram" / "tokenizer.json"


def main():
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(SPIECE.read_bytes())
    vocab = [[p.piece, p.score] for p in proto.pieces]
    n = len(vocab)
    extra_ids = 100
    # T5Converter: the extra ids follow the pieces, <extra_id_99> first.
    vocab += [[f"<extra_id_{i}>", 0.0] for i in range(extra_ids - 1, -1, -1)]
    added = [{"id": i, "content": vocab[i][0], "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i in (0, 1, 2)]
    added += [{"id": n + k, "content": vocab[n + k][0], "single_word": False, "lstrip": False, "rstrip": False,
               "normalized": False, "special": True} for k in range(extra_ids)]
    charsmap = base64.b64encode(proto.normalizer_spec.precompiled_charsmap).decode()
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Precompiled", "precompiled_charsmap": charsmap},
            {"type": "Strip", "strip_left": False, "strip_right": True},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": "\u2581"}]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "pair": [{"Sequence": {"id": "A", "type_id": 0}},
                                    {"SpecialToken": {"id": "</s>", "type_id": 0}},
                                    {"Sequence": {"id": "B", "type_id": 0}},
                                    {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}}},
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": proto.trainer_spec.unk_id, "vocab": vocab, "byte_fallback": False},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(tokenizer, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
