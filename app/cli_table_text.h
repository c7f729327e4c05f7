#pragma once
// Cells of the command line's aligned tables (`lens`, `ablate`, `diff`): a token shown on one
// line, and text padded to a column's width in characters.

#include <cstddef>
#include <string>

namespace cli {

// A token as one table cell: spaces shown as ␣, line breaks, tabs and other control characters
// escaped, so a row never breaks and a space-only token stays visible.
std::string printable(const std::string& token);

// text followed by spaces up to width characters (UTF-8 code points, not bytes: "▁The" is 4),
// and at least one space.
std::string padded(const std::string& text, std::size_t width);

}  // namespace cli
