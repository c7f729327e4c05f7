#include "corpus/chinese_converter.h"

#include <opencc.h>

#include <cstdint>

#include "tensor/errors.h"

namespace core {

struct ChineseConverter::Handle {
  opencc_t opencc = nullptr;
  ~Handle() {
    if (opencc != nullptr) opencc_close(opencc);
  }
};

namespace {

// opencc_open reports failure as (opencc_t) −1, not as a null pointer.
bool opened(opencc_t opencc) {
  return opencc != nullptr && opencc != reinterpret_cast<opencc_t>(static_cast<std::intptr_t>(-1));
}

// OpenCC frees what opencc_convert_utf8 returns with its own function.
struct OpenccString {
  char* text = nullptr;
  ~OpenccString() {
    if (text != nullptr) opencc_convert_utf8_free(text);
  }
};

}  // namespace

ChineseConversion chinese_conversion_from_name(std::string_view name) {
  if (name == "s2t") return ChineseConversion::S2T;
  if (name == "s2tw") return ChineseConversion::S2TW;
  throw InputError("unknown Chinese conversion \"" + std::string(name) +
                   "\"; use s2t or s2tw (s2twp is left out: its Taiwanese vocabulary swaps garble classical verse)");
}

std::string opencc_config_file(ChineseConversion conversion) {
  return conversion == ChineseConversion::S2T ? "s2t.json" : "s2tw.json";
}

ChineseConverter::ChineseConverter(ChineseConversion conversion) : ChineseConverter(opencc_config_file(conversion)) {}

ChineseConverter::ChineseConverter(const std::string& config_file)
    : handle_(std::make_unique<Handle>()), config_file_(config_file) {
  handle_->opencc = opencc_open(config_file.c_str());
  if (!opened(handle_->opencc)) {
    handle_->opencc = nullptr;
    const char* reason = opencc_error();
    throw LoadError("OpenCC configuration '" + config_file + "' cannot be opened (" +
                    (reason != nullptr ? std::string(reason) : std::string("no reason given")) +
                    "); the configurations come with Debian's libopencc-data package (/usr/share/opencc)");
  }
}

ChineseConverter::~ChineseConverter() = default;
ChineseConverter::ChineseConverter(ChineseConverter&&) noexcept = default;
ChineseConverter& ChineseConverter::operator=(ChineseConverter&&) noexcept = default;

std::string ChineseConverter::convert(std::string_view text) const {
  const std::string input(text);
  const OpenccString output{opencc_convert_utf8(handle_->opencc, input.c_str(), input.size())};
  if (output.text == nullptr) {
    const char* reason = opencc_error();
    throw InputError("OpenCC (" + config_file_ + ") could not convert the text" +
                     (reason != nullptr ? std::string(": ") + reason : std::string()));
  }
  return output.text;
}

}  // namespace core
