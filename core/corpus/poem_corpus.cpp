#include "corpus/poem_corpus.h"

#include "io/atomic_file.h"

namespace core {

std::vector<std::string> poem_corpus_lines(const std::vector<FortunePoem>& poems, const ChineseConverter* converter) {
  std::vector<std::string> corpus;
  corpus.reserve(poems.size());
  for (const FortunePoem& poem : poems) {
    std::string text;
    for (const std::string& line : poem.lines) text += line;
    corpus.push_back(converter != nullptr ? converter->convert(text) : text);
  }
  return corpus;
}

void write_corpus_file(const std::filesystem::path& path, const std::vector<std::string>& lines) {
  AtomicOutputStream out(path);
  for (const std::string& line : lines) out.stream() << line << '\n';
  out.commit();
}

}  // namespace core
