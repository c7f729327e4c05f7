#include "python_reading.h"

#include "tensor/errors.h"

namespace attnscope_python {

core::ReadingOptions reading_options(const ReadingArguments& arguments) {
  core::ReadingOptions reading;
  reading.words = arguments.words;
  reading.hide_special = arguments.hide_special;
  if (arguments.hide_token) {
    if (const std::string* one = std::get_if<std::string>(&*arguments.hide_token))
      reading.hide_tokens.push_back(*one);
    else
      reading.hide_tokens = std::get<std::vector<std::string>>(*arguments.hide_token);
    for (const std::string& token : reading.hide_tokens) {
      if (token.empty()) throw core::InputError("hide_token needs a token, not an empty string");
    }
  }
  if (arguments.pair_filter) {
    const std::string& filter = *arguments.pair_filter;
    const auto text = [](char c) { return c == 'A' ? 0 : c == 'B' ? 1 : -1; };
    if (filter.size() != 2 || text(filter[0]) < 0 || text(filter[1]) < 0) {
      throw core::InputError("pair_filter takes 'AA', 'AB', 'BA' or 'BB' (the queries' text, then the keys'), not '" +
                             filter + "'");
    }
    reading.query_segment = text(filter[0]);
    reading.key_segment = text(filter[1]);
  }
  return reading;
}

std::string pair_filter_name(const core::ReadingOptions& reading) {
  if (reading.query_segment < 0 && reading.key_segment < 0) return {};
  const auto text = [](int segment) { return segment < 0 ? std::string("·") : std::string(1, static_cast<char>('A' + segment)); };
  return text(reading.query_segment) + text(reading.key_segment);
}

}  // namespace attnscope_python
