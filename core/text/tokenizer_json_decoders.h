#pragma once
// tokenizer.json's "decoder": turns generated tokens back into readable text.
//   ByteLevel                      GPT-2's alphabet back to bytes ("Ġworld" → " world")
//   Metaspace {replacement, prepend_scheme}   "▁" → " ", the first token's leading space dropped
//   WordPiece {prefix, cleanup}    "##" joins a piece to the one before; others get a space
//   ByteFallback                   runs of <0xNN> back to the bytes they spell (U+FFFD per byte if not UTF-8)
//   Fuse, Strip {content, start, stop}, Replace {pattern, content}, BPEDecoder {suffix}, Sequence

#include <memory>
#include <string>
#include <vector>

#include "text/json_place.h"

namespace core {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // HuggingFace's decode_chain: tokens in, text pieces out; the text is their concatenation.
  virtual std::vector<std::string> decode_chain(std::vector<std::string> tokens) const = 0;
};

// place: a decoder object. Throws LoadError naming the key at fault.
std::unique_ptr<const Decoder> parse_decoder(const JsonPlace& place);

}  // namespace core
