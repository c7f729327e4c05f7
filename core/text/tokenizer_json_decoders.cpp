#include "text/tokenizer_json_decoders.h"

#include <optional>
#include <utility>

#include "text/byte_level.h"
#include "text/tokenizer_json_pattern.h"
#include "text/unicode.h"

namespace core {

namespace {

class ByteLevel : public Decoder {
 public:
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    std::string bytes;
    for (const std::string& token : tokens) {
      // A token with a character outside the alphabet (an added token) is kept as it is.
      std::string spelt;
      bool in_alphabet = true;
      for (char32_t c : decode_utf8(token)) {
        const std::optional<unsigned char> byte = byte_level_byte(c);
        if (!byte) {
          in_alphabet = false;
          break;
        }
        spelt.push_back(static_cast<char>(*byte));
      }
      bytes += in_alphabet ? spelt : token;
    }
    return {sanitize_utf8(bytes)};
  }
};

class Metaspace : public Decoder {
 public:
  Metaspace(std::string replacement, bool strip_first) : replacement_(std::move(replacement)), strip_first_(strip_first) {}
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      replace_all(tokens[i], replacement_, " ");
      if (i == 0 && strip_first_ && tokens[i].starts_with(' ')) tokens[i].erase(0, 1);
    }
    return tokens;
  }

 private:
  std::string replacement_;
  bool strip_first_;
};

class WordPiece : public Decoder {
 public:
  WordPiece(std::string prefix, bool cleanup) : prefix_(std::move(prefix)), cleanup_(cleanup) {}
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string& token = tokens[i];
      if (i != 0) {
        if (!prefix_.empty() && token.starts_with(prefix_)) {
          token.erase(0, prefix_.size());
        } else {
          token.insert(token.begin(), ' ');
        }
      }
      if (cleanup_) {
        for (const auto& [from, to] : {std::pair{" .", "."},
                                       {" ?", "?"},
                                       {" !", "!"},
                                       {" ,", ","},
                                       {" ' ", "'"},
                                       {" n't", "n't"},
                                       {" 'm", "'m"},
                                       {" do not", " don't"},
                                       {" 's", "'s"},
                                       {" 've", "'ve"},
                                       {" 're", "'re"}}) {
          replace_all(token, from, to);
        }
      }
    }
    return tokens;
  }

 private:
  std::string prefix_;
  bool cleanup_;
};

// "<0x0A>" → 0x0A, anything else → nothing.
std::optional<unsigned char> fallback_byte(const std::string& token) {
  if (token.size() != 6 || !token.starts_with("<0x") || token.back() != '>') return std::nullopt;
  unsigned value = 0;
  for (char c : token.substr(3, 2)) {
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<unsigned>(c - '0');
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<unsigned>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  return static_cast<unsigned char>(value);
}

class ByteFallback : public Decoder {
 public:
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    std::vector<std::string> out;
    std::string bytes;
    std::size_t byte_tokens = 0;
    const auto flush = [&] {
      if (byte_tokens == 0) return;
      if (sanitize_utf8(bytes) == bytes) {
        out.push_back(bytes);
      } else {
        for (std::size_t i = 0; i < byte_tokens; ++i) out.push_back("\uFFFD");
      }
      bytes.clear();
      byte_tokens = 0;
    };
    for (std::string& token : tokens) {
      if (const std::optional<unsigned char> byte = fallback_byte(token)) {
        bytes.push_back(static_cast<char>(*byte));
        ++byte_tokens;
      } else {
        flush();
        out.push_back(std::move(token));
      }
    }
    flush();
    return out;
  }
};

class Fuse : public Decoder {
 public:
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    std::string joined;
    for (const std::string& token : tokens) joined += token;
    return {joined};
  }
};

class Strip : public Decoder {
 public:
  Strip(char32_t content, std::size_t start, std::size_t stop) : content_(content), start_(start), stop_(stop) {}
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    for (std::string& token : tokens) {
      std::u32string code_points = decode_utf8(token);
      std::size_t begin = 0;
      while (begin < start_ && begin < code_points.size() && code_points[begin] == content_) ++begin;
      std::size_t end = code_points.size();
      while (code_points.size() - end < stop_ && end > begin && code_points[end - 1] == content_) --end;
      token = encode_utf8(std::u32string_view(code_points).substr(begin, end - begin));
    }
    return tokens;
  }

 private:
  char32_t content_;
  std::size_t start_;
  std::size_t stop_;
};

class Replace : public Decoder {
 public:
  Replace(UnicodeRegex pattern, std::string content) : pattern_(std::move(pattern)), content_(std::move(content)) {}
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    for (std::string& token : tokens) token = pattern_.replace_all(token, content_);
    return tokens;
  }

 private:
  UnicodeRegex pattern_;
  std::string content_;
};

// Subword-nmt style: the end-of-word suffix becomes a space, except after the last token.
class BpeDecoder : public Decoder {
 public:
  explicit BpeDecoder(std::string suffix) : suffix_(std::move(suffix)) {}
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) replace_all(tokens[i], suffix_, i + 1 == tokens.size() ? "" : " ");
    return tokens;
  }

 private:
  std::string suffix_;
};

class Sequence : public Decoder {
 public:
  explicit Sequence(std::vector<std::unique_ptr<const Decoder>> steps) : steps_(std::move(steps)) {}
  std::vector<std::string> decode_chain(std::vector<std::string> tokens) const override {
    for (const auto& step : steps_) tokens = step->decode_chain(std::move(tokens));
    return tokens;
  }

 private:
  std::vector<std::unique_ptr<const Decoder>> steps_;
};

std::unique_ptr<const Decoder> parse_metaspace(const JsonPlace& place) {
  bool strip_first = place.boolean_or("add_prefix_space", true);
  if (const std::optional<JsonPlace> scheme = place.find("prepend_scheme")) strip_first = scheme->string() != "never";
  return std::make_unique<Metaspace>(place.string_or("replacement", "\u2581"), strip_first);
}

std::unique_ptr<const Decoder> parse_strip(const JsonPlace& place) {
  const JsonPlace content_place = place.at("content");
  const std::u32string content = decode_utf8(content_place.string());
  if (content.size() != 1) content_place.fail("is not one character");
  const auto count = [&](const char* key) {
    return static_cast<std::size_t>(place.find(key) ? place.at(key).integer(0, 1 << 20) : 0);
  };
  return std::make_unique<Strip>(content[0], count("start"), count("stop"));
}

}  // namespace

std::unique_ptr<const Decoder> parse_decoder(const JsonPlace& place) {
  const JsonPlace type_place = place.at("type");
  const std::string type = type_place.string();
  if (type == "ByteLevel") return std::make_unique<ByteLevel>();
  if (type == "Metaspace") return parse_metaspace(place);
  if (type == "WordPiece") return std::make_unique<WordPiece>(place.string_or("prefix", "##"), place.boolean_or("cleanup", true));
  if (type == "ByteFallback") return std::make_unique<ByteFallback>();
  if (type == "Fuse") return std::make_unique<Fuse>();
  if (type == "Strip") return parse_strip(place);
  if (type == "Replace") return std::make_unique<Replace>(parse_pattern(place.at("pattern")), place.at("content").string());
  if (type == "BPEDecoder") return std::make_unique<BpeDecoder>(place.string_or("suffix", "</w>"));
  if (type == "Sequence") {
    const JsonPlace list = place.at("decoders");
    std::vector<std::unique_ptr<const Decoder>> steps;
    for (std::size_t i = 0; i < list.size(); ++i) steps.push_back(parse_decoder(list.at(i)));
    return std::make_unique<Sequence>(std::move(steps));
  }
  type_place.fail("is \"" + type +
                  "\", not a decoder this program knows (ByteLevel, Metaspace, WordPiece, ByteFallback, Fuse, Strip, "
                  "Replace, BPEDecoder, Sequence)");
}

}  // namespace core
