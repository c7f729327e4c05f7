#include "text/text_pair.h"

#include <algorithm>

#include "tensor/errors.h"

namespace core {

namespace {

void add_specials(PairTemplate& layout, std::span<const int> ids, int type_id) {
  for (const int id : ids) layout.pieces.push_back({-1, id, type_id});
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

PairTemplate make_pair_template(PairStyle style, std::span<const int> prefix, std::span<const int> suffix) {
  PairTemplate layout;
  const int type_b = style == PairStyle::Bert ? 1 : 0;
  add_specials(layout, prefix, 0);
  layout.pieces.push_back({0, 0, 0});
  add_specials(layout, suffix, 0);
  if (style == PairStyle::Roberta) add_specials(layout, suffix, 0);
  if (style == PairStyle::Repeat) add_specials(layout, prefix, 0);
  layout.pieces.push_back({1, 0, type_b});
  add_specials(layout, suffix, type_b);
  return layout;
}

Tokenization encode_pair(const Tokenizer& tokenizer, std::string_view a, std::string_view b) {
  if (blank(a)) throw InputError("text A of the pair is empty");
  if (blank(b)) throw InputError("text B of the pair is empty");
  const std::optional<PairTemplate> layout = tokenizer.pair_template();
  if (!layout) throw InputError("this model's tokenizer has no template for a text pair; give one text");
  const Tokenization texts[] = {tokenizer.encode(a, false), tokenizer.encode(b, false)};
  Tokenization pair;
  for (const PairTemplate::Piece& piece : layout->pieces) {
    if (piece.sequence < 0) {
      pair.tokens.push_back(tokenizer.token(piece.id));
      pair.ids.push_back(piece.id);
      pair.unknown.push_back(false);
      pair.type_ids.push_back(piece.type_id);
      pair.sequence_ids.push_back(-1);
      continue;
    }
    const Tokenization& text = texts[piece.sequence];
    pair.tokens.insert(pair.tokens.end(), text.tokens.begin(), text.tokens.end());
    pair.ids.insert(pair.ids.end(), text.ids.begin(), text.ids.end());
    pair.unknown.insert(pair.unknown.end(), text.unknown.begin(), text.unknown.end());
    pair.type_ids.insert(pair.type_ids.end(), text.size(), piece.type_id);
    pair.sequence_ids.insert(pair.sequence_ids.end(), text.size(), piece.sequence);
  }
  pair.untruncated_length = pair.size();
  return pair;
}

}  // namespace core
