#include "analysis/corpus_lines.h"

#include <streambuf>
#include <utility>

#include "tensor/errors.h"

namespace core {

CorpusLineReader::CorpusLineReader(std::istream& in, std::size_t max_line_bytes)
    : m_in(in), m_max_line_bytes(max_line_bytes) {}

CorpusLineReader::CorpusLineReader(std::istream& in, std::string corpus_name, std::size_t max_line_bytes)
    : m_in(in), m_corpus_name(std::move(corpus_name)), m_max_line_bytes(max_line_bytes) {}

std::string CorpusLineReader::too_long_note() const {
  return m_corpus_name + ":" + std::to_string(m_line_number) + ": skipped: longer than " +
         std::to_string(m_max_line_bytes) + " bytes";
}

CorpusLineReader::Status CorpusLineReader::next(std::string& line) {
  line.clear();
  std::streambuf* const buffer = m_in.rdbuf();
  if (buffer == nullptr || !m_in.good()) return Status::End;
  using traits = std::streambuf::traits_type;
  bool any = false;
  bool too_long = false;
  int c = traits::eof();
  try {
    while ((c = buffer->sbumpc()) != traits::eof()) {
      any = true;
      if (c == '\n') break;
      if (too_long) continue;  // the rest of an overlong line is read past, never stored
      if (line.size() == m_max_line_bytes) {
        too_long = true;
        line.clear();
        continue;
      }
      line.push_back(traits::to_char_type(c));
    }
  } catch (const std::exception& error) {
    const std::string prefix = m_corpus_name.empty() ? std::string() : m_corpus_name + ": ";
    throw InputError(prefix + "reading failed after line " + std::to_string(m_line_number) + ": " + error.what());
  }
  if (c == traits::eof()) m_in.setstate(std::ios::eofbit);
  if (!any) return Status::End;
  ++m_line_number;
  if (too_long) return Status::TooLong;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return Status::Line;
}

}  // namespace core
