#include "text/sentencepiece_model_builder.h"

#include <bit>
#include <cstdint>

namespace core {

namespace {

// Protobuf wire format: a field is its key (field number << 3 | wire type) as a varint, then
//   wire type 0: a varint (ints, bools, enums; a negative int32 as its 64-bit two's complement)
//   wire type 2: a varint length, then that many bytes (strings, nested messages)
//   wire type 5: four little-endian bytes (float)
void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void put_int(std::string& out, int field, std::int64_t value) {
  put_varint(out, static_cast<std::uint64_t>(field) << 3);
  put_varint(out, static_cast<std::uint64_t>(value));
}

void put_bytes(std::string& out, int field, const std::string& bytes) {
  put_varint(out, (static_cast<std::uint64_t>(field) << 3) | 2);
  put_varint(out, bytes.size());
  out += bytes;
}

void put_float(std::string& out, int field, float value) {
  put_varint(out, (static_cast<std::uint64_t>(field) << 3) | 5);
  const auto bits = std::bit_cast<std::uint32_t>(value);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
}

}  // namespace

std::string serialize_sentencepiece_model(const SentencePieceBpeModel& model) {
  std::string proto;
  for (const SentencePieceEntry& entry : model.pieces) {
    std::string piece;
    put_bytes(piece, 1, entry.piece);
    put_float(piece, 2, entry.score);
    put_int(piece, 3, entry.type);
    put_bytes(proto, 1, piece);
  }

  const auto piece_text = [&](std::optional<int> id) {
    const bool valid = id && *id >= 0 && static_cast<std::size_t>(*id) < model.pieces.size();
    return valid ? model.pieces[static_cast<std::size_t>(*id)].piece : std::string();
  };
  std::string trainer;
  put_int(trainer, 3, 2);  // BPE
  put_int(trainer, 4, static_cast<std::int64_t>(model.pieces.size()));
  put_int(trainer, 26, 1);  // allow_whitespace_only_pieces: "▁▁" stays a piece
  put_int(trainer, 35, model.byte_fallback ? 1 : 0);
  put_int(trainer, 40, model.unk_id);
  put_int(trainer, 41, model.bos_id.value_or(-1));
  put_int(trainer, 42, model.eos_id.value_or(-1));
  put_int(trainer, 43, model.pad_id.value_or(-1));
  put_bytes(trainer, 45, piece_text(model.unk_id));
  if (model.bos_id) put_bytes(trainer, 46, piece_text(model.bos_id));
  if (model.eos_id) put_bytes(trainer, 47, piece_text(model.eos_id));
  if (model.pad_id) put_bytes(trainer, 48, piece_text(model.pad_id));
  put_bytes(proto, 2, trainer);

  std::string normalizer;
  put_bytes(normalizer, 1, "identity");
  put_int(normalizer, 3, model.add_dummy_prefix ? 1 : 0);
  put_int(normalizer, 4, 0);  // remove_extra_whitespaces: runs of spaces stay
  put_bytes(proto, 3, normalizer);
  return proto;
}

}  // namespace core
