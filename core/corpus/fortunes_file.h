#pragma once
// Debian's fortunes files of classical Chinese verse (package fortunes-zh:
// /usr/share/games/fortunes/tang300, song100): entries separated by lines holding only "%", each
// a title line, an author line, then the poem one line per couplet half or couplet, coloured for
// a terminal with ANSI escape codes:
//
//   ESC[32m《送杜少府之任蜀州》ESC[m        (tang300; song100 writes 题目:《…》)
//   ESC[33m作者：王勃ESC[m                  (song100: 作者:…)
//   城阙辅三秦，风烟望五津。
//   …
//   %
//
// read_fortunes_file strips the colour codes and the two header lines and keeps the verse.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct FortunePoem {
  std::string title;               // without 《》, empty when the entry has no title line
  std::string author;              // after 作者：, empty when the entry has none
  std::vector<std::string> lines;  // the verse, one file line each, colour codes and outer spaces removed
  long long first_line = 0;        // the entry's first line in the file (from 1), for messages
};

// Removes ANSI escape sequences ESC [ parameters letter (ESC[32m, ESC[m, ESC[1;33m).
std::string strip_terminal_codes(std::string_view text);

// Parses the text of a fortunes file; file names it in messages. Throws InputError naming the
// file (and the line) when the text is not valid UTF-8, holds no "%" separator line (not a
// fortunes file), or has no entry with verse.
std::vector<FortunePoem> parse_fortunes(std::string_view text, const std::string& file);
// Reads and parses the file; throws InputError when it cannot be read.
std::vector<FortunePoem> read_fortunes_file(const std::filesystem::path& path);

}  // namespace core
