#include "text/tokenizer_json_pattern.h"

#include <stdexcept>

namespace core {

UnicodeRegex parse_pattern(const JsonPlace& place) {
  if (const std::optional<JsonPlace> literal = place.find("String")) {
    return UnicodeRegex::literal(literal->string());
  }
  if (const std::optional<JsonPlace> regex = place.find("Regex")) {
    try {
      return UnicodeRegex(regex->string());
    } catch (const std::invalid_argument& error) {
      regex->fail(std::string("does not compile: ") + error.what());
    }
  }
  place.fail("is neither {\"String\": …} nor {\"Regex\": …}");
}

}  // namespace core
