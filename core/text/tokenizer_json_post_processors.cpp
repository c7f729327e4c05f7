#include "text/tokenizer_json_post_processors.h"

#include <algorithm>
#include <string>
#include <utility>

#include "text/text_pair.h"
#include "text/vocabulary.h"

namespace core {

namespace {


// BertProcessing and RobertaProcessing write a token as ["[CLS]", 101].
int token_id(const JsonPlace& place) {
  if (place.size() != 2) place.fail("is not a [token, id] pair");
  place.at(0).string();
  return static_cast<int>(place.at(1).integer(0, max_token_id));
}

// The ids of a template's special token: special_tokens["<s>"].ids.
std::vector<int> special_ids(const JsonPlace& processor, const std::string& name, const JsonPlace& where) {
  const std::optional<JsonPlace> specials = processor.find("special_tokens");
  const std::optional<JsonPlace> entry = specials ? specials->find(name) : std::nullopt;
  if (!entry) where.fail("names the special token \"" + name + "\", which 'special_tokens' does not list");
  const JsonPlace list = entry->at("ids");
  std::vector<int> ids;
  for (std::size_t i = 0; i < list.size(); ++i) ids.push_back(static_cast<int>(list.at(i).integer(0, max_token_id)));
  return ids;
}

// A "$A", "$B:1", "[SEP]:1" item of a template string: the name and its type id.
std::pair<std::string, int> template_item(std::string item, const JsonPlace& where) {
  int type_id = 0;
  if (const std::size_t colon = item.rfind(':'); colon != std::string::npos && colon > 0) {
    try {
      type_id = std::stoi(item.substr(colon + 1));
    } catch (const std::exception&) {
      where.fail("has \"" + item + "\", whose type id is not a number");
    }
    item.resize(colon);
  }
  return {item, type_id};
}

// "pair": the same two forms as "single", with $A and $B (or {"Sequence": {"id": "B"}}).
std::optional<PairTemplate> parse_pair(const JsonPlace& processor) {
  const std::optional<JsonPlace> pair = processor.find("pair");
  if (!pair) return std::nullopt;
  PairTemplate layout;
  const auto add = [&](const std::string& name, int type_id, bool sequence, const JsonPlace& where) {
    if (sequence) {
      if (name != "A" && name != "B") where.fail("names the sequence \"" + name + "\"; a pair has A and B");
      layout.pieces.push_back({name == "A" ? 0 : 1, 0, type_id});
      return;
    }
    for (const int id : special_ids(processor, name, where)) layout.pieces.push_back({-1, id, type_id});
  };
  if (pair->value().is_string()) {
    const std::string text = pair->string();
    std::size_t begin = 0;
    while (begin < text.size()) {
      std::size_t end = text.find(' ', begin);
      if (end == std::string::npos) end = text.size();
      const std::string item = text.substr(begin, end - begin);
      begin = end + 1;
      if (item.empty()) continue;
      const bool sequence = item.starts_with('$');
      const auto [name, type_id] = template_item(sequence ? item.substr(1) : item, *pair);
      add(name, type_id, sequence, *pair);
    }
  } else {
    for (std::size_t i = 0; i < pair->size(); ++i) {
      const JsonPlace piece = pair->at(i);
      const std::optional<JsonPlace> sequence = piece.find("Sequence");
      const std::optional<JsonPlace> special = sequence ? std::nullopt : piece.find("SpecialToken");
      if (!sequence && !special) piece.fail("is neither {\"SpecialToken\": …} nor {\"Sequence\": …}");
      const JsonPlace& entry = sequence ? *sequence : *special;
      const std::optional<JsonPlace> type = entry.find("type_id");
      add(entry.at("id").string(), type ? static_cast<int>(type->integer(0, 1 << 16)) : 0, sequence.has_value(), entry);
    }
  }
  const auto has = [&](int sequence) {
    return std::any_of(layout.pieces.begin(), layout.pieces.end(), [&](const auto& p) { return p.sequence == sequence; });
  };
  if (!has(0) || !has(1)) pair->fail("lacks $A or $B");
  return layout;
}

// "single": either [{"SpecialToken": {"id": "<s>"}}, {"Sequence": {"id": "A"}}, …] or the
// string form "<s> $A" (also "$A:0", "[CLS]:0").
Framing parse_template(const JsonPlace& processor) {
  const JsonPlace single = processor.at("single");
  Framing framing;
  bool seen_sequence = false;
  const auto add_special = [&](const std::string& name, const JsonPlace& where) {
    std::vector<int> ids = special_ids(processor, name, where);
    std::vector<int>& side = seen_sequence ? framing.suffix : framing.prefix;
    side.insert(side.end(), ids.begin(), ids.end());
  };
  if (single.value().is_string()) {
    const std::string text = single.string();
    std::size_t begin = 0;
    while (begin < text.size()) {
      std::size_t end = text.find(' ', begin);
      if (end == std::string::npos) end = text.size();
      std::string item = text.substr(begin, end - begin);
      begin = end + 1;
      if (item.empty()) continue;
      if (item.starts_with('$')) {
        seen_sequence = true;
        continue;
      }
      if (const std::size_t colon = item.rfind(':'); colon != std::string::npos && colon > 0) item.resize(colon);
      add_special(item, single);
    }
  } else {
    for (std::size_t i = 0; i < single.size(); ++i) {
      const JsonPlace piece = single.at(i);
      if (piece.find("Sequence")) {
        seen_sequence = true;
      } else if (const std::optional<JsonPlace> special = piece.find("SpecialToken")) {
        add_special(special->at("id").string(), *special);
      } else {
        piece.fail("is neither {\"SpecialToken\": …} nor {\"Sequence\": …}");
      }
    }
  }
  if (!seen_sequence) single.fail("has no $A for the text");
  framing.pair = parse_pair(processor);
  return framing;
}

}  // namespace

Framing parse_post_processor(const JsonPlace& place) {
  const JsonPlace type_place = place.at("type");
  const std::string type = type_place.string();
  if (type == "TemplateProcessing") return parse_template(place);
  if (type == "BertProcessing" || type == "RobertaProcessing") {
    Framing framing{{token_id(place.at("cls"))}, {token_id(place.at("sep"))}, std::nullopt};
    framing.pair = make_pair_template(type == "BertProcessing" ? PairStyle::Bert : PairStyle::Roberta, framing.prefix,
                                      framing.suffix);
    return framing;
  }
  if (type == "ByteLevel") return Framing{{}, {}, make_pair_template(PairStyle::Repeat, {}, {})};
  if (type == "Sequence") {
    const JsonPlace list = place.at("processors");
    Framing framing;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Framing outer = parse_post_processor(list.at(i));
      framing.prefix.insert(framing.prefix.begin(), outer.prefix.begin(), outer.prefix.end());
      framing.suffix.insert(framing.suffix.end(), outer.suffix.begin(), outer.suffix.end());
      // the pair layout of the processor that adds special tokens (ByteLevel adds none)
      const bool adds = outer.pair && std::any_of(outer.pair->pieces.begin(), outer.pair->pieces.end(),
                                                  [](const PairTemplate::Piece& p) { return p.sequence < 0; });
      if (!framing.pair || adds) framing.pair = outer.pair;
    }
    return framing;
  }
  type_place.fail("is \"" + type +
                  "\", not a post-processor this program knows (TemplateProcessing, BertProcessing, "
                  "RobertaProcessing, ByteLevel, Sequence)");
}

}  // namespace core
