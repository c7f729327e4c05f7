#pragma once
// The trainer's poem corpus: one poem per line, its verse lines joined with their punctuation
// (海內存知己，天涯若比鄰。…), converted to Traditional Chinese. Written by
// `attnscope-cli corpus --from-fortunes FILE --s2t|--s2tw --out poems.txt`, read by the char-lm
// task (`attnscope-cli train --task char-lm --corpus poems.txt`).

#include <filesystem>
#include <string>
#include <vector>

#include "corpus/chinese_converter.h"
#include "corpus/fortunes_file.h"

namespace core {

// One line per poem: lines joined without separators (each already ends in its punctuation),
// converted by converter when it is not null.
std::vector<std::string> poem_corpus_lines(const std::vector<FortunePoem>& poems, const ChineseConverter* converter);

// Writes the lines, each ending in "\n", atomically (core/io/atomic_file.h); throws WriteError.
void write_corpus_file(const std::filesystem::path& path, const std::vector<std::string>& lines);

}  // namespace core
