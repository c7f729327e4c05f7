#include "text/tokenizer_json_stream.h"

#include "text/json_place.h"

namespace core {

namespace {

using json = nlohmann::json;

// nlohmann's SAX events → the document. Returning false from an event stops the parse: the file
// holds something the streamed form cannot (read_tokenizer_json_document then reads a whole DOM).
class StreamingReader {
 public:
  explicit StreamingReader(TokenizerJsonDocument& document) : document_(document) {}

  bool null() { return mode_ == Mode::Dom && place(json(nullptr)); }
  bool boolean(bool value) { return mode_ == Mode::Dom && place(json(value)); }
  bool number_integer(json::number_integer_t value) {
    if (mode_ == Mode::Vocab) return vocab_entry(value);
    return mode_ == Mode::Dom && place(json(value));
  }
  bool number_unsigned(json::number_unsigned_t value) {
    if (mode_ == Mode::Vocab) return value <= static_cast<json::number_unsigned_t>(max_token_id) &&
                                      vocab_entry(static_cast<json::number_integer_t>(value));
    return mode_ == Mode::Dom && place(json(value));
  }
  bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
    return mode_ == Mode::Dom && place(json(value));
  }
  bool binary(json::binary_t& value) { return mode_ == Mode::Dom && place(json(std::move(value))); }

  bool string(json::string_t& value) {
    switch (mode_) {
      case Mode::Dom: return place(json(std::move(value)));
      case Mode::Vocab: return false;  // an id that is not a number: the DOM reader names it
      case Mode::Merges: {
        // "left right": split at the first space, both sides non-empty (as the DOM reader requires)
        const std::size_t space = value.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == value.size()) return false;
        document_.model.merges->emplace_back(value.substr(0, space), value.substr(space + 1));
        return true;
      }
      case Mode::MergePair:
        if (pair_.size() == 2) return false;
        pair_.push_back(std::move(value));
        return true;
    }
    return false;
  }

  bool key(json::string_t& key) {
    if (mode_ == Mode::Vocab) {
      token_ = std::move(key);
      return true;
    }
    // a key in an object of the DOM (the streamed members are in Vocab or Merges mode, never here)
    json& object = *stack_.back();
    if (stack_.size() == 1 && key == "model") {
      // a "model" given again replaces the earlier one whatever it is, as in a DOM: until an object
      // starts under this key there is no model to stream into (a list here is not one)
      model_ = nullptr;
      document_.model.vocab.reset();
      document_.model.merges.reset();
    }
    if (&object == model_ && (key == "vocab" || key == "merges")) {
      // given again: the last one counts, as in a DOM; forget what an earlier one streamed
      if (key == "vocab") document_.model.vocab.reset();
      else document_.model.merges.reset();
    }
    pending_ = &object[key];
    pending_key_ = std::move(key);
    return true;
  }

  bool start_object(std::size_t /*elements*/) {
    if (mode_ != Mode::Dom) return false;  // a value the streamed members cannot hold
    if (in_model() && pending_key_ == "vocab") {
      *pending_ = json::object();
      document_.model.vocab.emplace();
      mode_ = Mode::Vocab;
      return true;
    }
    const bool model = stack_.size() == 1 && stack_.back()->is_object() && pending_key_ == "model";
    json* made = place(json::object());
    if (model) model_ = made;
    stack_.push_back(made);
    return true;
  }

  bool end_object() {
    if (mode_ == Mode::Vocab) {
      mode_ = Mode::Dom;
      return true;
    }
    stack_.pop_back();
    return true;
  }

  bool start_array(std::size_t /*elements*/) {
    switch (mode_) {
      case Mode::Dom:
        if (in_model() && pending_key_ == "merges") {
          *pending_ = json::array();
          document_.model.merges.emplace();
          mode_ = Mode::Merges;
          return true;
        }
        stack_.push_back(place(json::array()));
        return true;
      case Mode::Merges:
        pair_.clear();
        mode_ = Mode::MergePair;
        return true;
      case Mode::Vocab:
      case Mode::MergePair: return false;
    }
    return false;
  }

  bool end_array() {
    switch (mode_) {
      case Mode::Dom: stack_.pop_back(); return true;
      case Mode::Merges: mode_ = Mode::Dom; return true;
      case Mode::MergePair:
        if (pair_.size() != 2) return false;
        document_.model.merges->emplace_back(std::move(pair_[0]), std::move(pair_[1]));
        mode_ = Mode::Merges;
        return true;
      case Mode::Vocab: return false;
    }
    return false;
  }

  // nlohmann's parse error as it is (the caller words it as read_json_file does)
  template <class Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/, const Exception& error) {
    throw error;
  }

 private:
  enum class Mode { Dom, Vocab, Merges, MergePair };

  // The next value goes into the innermost open object or list of the DOM, or is the root.
  json* place(json value) {
    if (stack_.empty()) {
      document_.root = std::move(value);
      return &document_.root;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(value));
      return &top.back();
    }
    *pending_ = std::move(value);
    return pending_;
  }

  // Directly inside the "model" object, where its vocab and merges are (model_ is only ever an
  // object: key() forgets it when "model" is given again, so pending_key_ is this object's last key).
  bool in_model() const { return model_ != nullptr && !stack_.empty() && stack_.back() == model_; }

  bool vocab_entry(json::number_integer_t id) {
    return id >= 0 && id <= max_token_id && document_.model.vocab->add_new(std::move(token_), static_cast<int>(id));
  }

  TokenizerJsonDocument& document_;
  Mode mode_ = Mode::Dom;
  std::vector<json*> stack_;  // the DOM's open objects and lists, innermost last
  json* pending_ = nullptr;   // where the value after the last key goes
  std::string pending_key_;
  const json* model_ = nullptr;  // the root's "model" object, while its value is one
  std::string token_;            // the vocab key whose id comes next
  std::vector<std::string> pair_;
};

}  // namespace

TokenizerJsonDocument parse_tokenizer_json_document(const std::string& file_name, const std::string& text,
                                                    TokenizerJsonReading reading) {
  TokenizerJsonDocument document;
  if (reading == TokenizerJsonReading::Streamed) {
    try {
      StreamingReader reader(document);
      if (json::sax_parse(text, &reader)) return document;
    } catch (const json::exception& error) {
      // parse_error, or out_of_range for a number past a double ("1e400")
      throw not_valid_json(file_name, error);
    }
  }
  // Something only a DOM holds exactly: read the whole file as one.
  document = TokenizerJsonDocument{};
  document.root = parse_json_text(file_name, text);
  return document;
}

TokenizerJsonDocument read_tokenizer_json_document(const std::string& file_name, const std::string& path,
                                                   TokenizerJsonReading reading) {
  return parse_tokenizer_json_document(file_name, read_json_text(file_name, path), reading);
}

}  // namespace core
