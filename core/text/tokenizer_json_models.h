#pragma once
// tokenizer.json's "model": turns one pre-tokenized piece into ids.
//   BPE        start from characters (or bytes), repeatedly join the adjacent pair of lowest merge
//              rank: "l o w e r" → "lo w e r" → "low e r" → "low er" → "lower"
//              byte_fallback spells a character the vocabulary lacks as <0xNN> pieces; without it
//              the character is unk_token (runs of them one unk with fuse_unk); ignore_merges takes
//              a piece that is a vocabulary entry whole
//   WordPiece  greedy longest match, later pieces prefixed "##"; a piece with any unmatched rest is
//              one unk: "unaffable" → un ##aff ##able
//   Unigram    the segmentation with the highest total log-probability (Viterbi over the
//              piece lattice); a character no piece covers is unk, scored min score − 10

#include <memory>
#include <string_view>
#include <vector>

#include "text/json_place.h"
#include "text/tokenizer_json_stream.h"
#include "text/vocabulary.h"

namespace core {

class SubwordModel {
 public:
  virtual ~SubwordModel() = default;
  // Appends the ids of piece (valid UTF-8, not empty) to ids, and to unknown whether each is the
  // unknown token standing in for text the vocabulary lacks. Never throws.
  virtual void tokenize(std::string_view piece, std::vector<int>& ids, std::vector<bool>& unknown) const = 0;
  // Every entry of the model's vocabulary, by id.
  virtual const Vocabulary& vocabulary() const = 0;
};

// place: the "model" object; its "type" or, when absent, its keys say which model. streamed: its
// vocab and merges when they were read as a stream (the place then holds them empty). Throws
// LoadError naming the key at fault (a merge naming a token not in the vocabulary, an unk_token
// missing, …).
std::unique_ptr<const SubwordModel> parse_model(const JsonPlace& place, StreamedModelMembers streamed = {});

}  // namespace core
