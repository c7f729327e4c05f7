#pragma once
// The "pattern" of tokenizer.json's Split, Replace normalizer and Replace decoder:
// {"String": " "} matches the text literally, {"Regex": "\\s+"} is a regular expression.

#include "text/json_place.h"
#include "text/unicode_regex.h"

namespace core {

// Throws LoadError naming the place when it is neither form or the regex does not compile.
UnicodeRegex parse_pattern(const JsonPlace& place);

}  // namespace core
