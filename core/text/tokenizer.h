#pragma once
// text → tokens → ids. One interface for every tokenizer: the word- and character-level
// vocabularies of the project's own models and the subword tokenizers of real checkpoints.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct Tokenization {
  std::vector<std::string> tokens;  // vocabulary entries as the model sees them ("##ing", "Ġthe", "▁Le")
  std::vector<int> ids;             // same length as tokens
  std::vector<bool> unknown;        // true where the text had no vocabulary entry (the unk token)
  // A text pair's (encode_pair, text/text_pair.h); empty for one text:
  std::vector<int> type_ids;      // token type per token: BERT's segment ids, 1 from text B on; else 0
  std::vector<int> sequence_ids;  // 0: a token of text A, 1: of text B, −1: a special token the pair template added
  bool truncated = false;           // true when truncate() dropped tokens
  std::size_t untruncated_length = 0;  // number of tokens before truncation

  std::size_t size() const { return ids.size(); }
};

// How HF's tokenizer lays out a text pair (its post-processor's "pair" template, or the slow
// tokenizer's build_inputs_with_special_tokens): the special tokens and the two texts, in order,
// each with its token type. text/text_pair.h builds the common ones.
struct PairTemplate {
  struct Piece {
    int sequence = -1;  // 0: text A, 1: text B, −1: the special token `id`
    int id = 0;
    int type_id = 0;
  };
  std::vector<Piece> pieces;
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Tokenizes text, adding the special tokens this tokenizer's model expects
  // (e.g. [CLS] … [SEP], a start token first, </s> last). Never throws on any byte sequence:
  // invalid UTF-8 is replaced by U+FFFD before tokenizing.
  Tokenization encode(std::string_view text) const { return encode(text, true); }
  // add_special_tokens false: the text's own tokens only, as HF's encode(add_special_tokens=False)
  // (special tokens typed in the text still become their ids). Derived classes override this one
  // and write `using Tokenizer::encode;` so the one-argument form stays visible.
  virtual Tokenization encode(std::string_view text, bool add_special_tokens) const = 0;

  // The vocabulary entry for an id, or "<id N>" outside the vocabulary.
  virtual std::string token(int id) const = 0;
  virtual int vocab_size() const = 0;
  // Readable text for generated ids (subword markers and byte encodings undone).
  virtual std::string decode(std::span<const int> ids) const = 0;
  // How many special tokens encode() puts after the text (kept when truncating): 0 or 1.
  virtual int trailing_special_tokens() const { return 0; }
  // How two texts are joined (text/text_pair.h's encode_pair); nothing when the tokenizer's model
  // has no pair template (the project's own word- and character-level models, Marian).
  virtual std::optional<PairTemplate> pair_template() const { return std::nullopt; }
};

// Drops tokens beyond max_tokens, keeping the trailing special token(s) (e.g. [SEP], </s>),
// and records the truncation so views can mark it.
void truncate(Tokenization& tokenization, std::size_t max_tokens, int trailing_special_tokens);

}  // namespace core
