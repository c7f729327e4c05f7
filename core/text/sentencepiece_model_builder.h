#pragma once
// Writes a serialized SentencePiece ModelProto from a vocabulary held elsewhere (a GGUF file's
// tokenizer.ggml.* keys), so that libsentencepiece itself encodes with it. Debian ships no
// sentencepiece_model.pb.h, so the few fields needed are written as protobuf wire format by hand:
//   ModelProto      1 pieces (repeated SentencePiece), 2 trainer_spec, 3 normalizer_spec
//   SentencePiece   1 piece (string), 2 score (float), 3 type (1 normal, 2 unknown, 3 control,
//                   4 user defined, 5 unused, 6 byte: the numbers GGUF's token_type uses)
//   TrainerSpec     3 model_type (2 = BPE), 4 vocab_size, 26 allow_whitespace_only_pieces,
//                   35 byte_fallback, 40-43 unk/bos/eos/pad id, 45-48 their pieces
//   NormalizerSpec  1 name ("identity"), 3 add_dummy_prefix, 4 remove_extra_whitespaces

#include <optional>
#include <string>
#include <vector>

namespace core {

struct SentencePieceEntry {
  std::string piece;
  float score = 0.0f;
  int type = 1;
};

struct SentencePieceBpeModel {
  std::vector<SentencePieceEntry> pieces;  // piece id = position
  int unk_id = 0;
  std::optional<int> bos_id;
  std::optional<int> eos_id;
  std::optional<int> pad_id;
  bool byte_fallback = false;    // <0xNN> pieces stand for bytes no other piece covers
  bool add_dummy_prefix = true;  // "▁" put before the text (Llama; not Gemma)
};

// A BPE model with the identity normaliser that keeps runs of white space (Llama's and Gemma's
// tokenizer.model are made this way), as serialized ModelProto bytes.
std::string serialize_sentencepiece_model(const SentencePieceBpeModel& model);

}  // namespace core
