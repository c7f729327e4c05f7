#pragma once
// A corpus read one line at a time, so a file of any size needs memory for one line only: UTF-8
// text, one sentence per line, "\n" or "\r\n" line ends, lines numbered from 1.

#include <cstddef>
#include <istream>
#include <string>

namespace core {

class CorpusLineReader {
 public:
  // Longer lines are skipped rather than read: no model reads a megabyte of text as one input.
  static constexpr std::size_t default_max_line_bytes = std::size_t{1} << 20;

  enum class Status { Line, TooLong, End };

  explicit CorpusLineReader(std::istream& in, std::size_t max_line_bytes = default_max_line_bytes);
  // corpus_name (the file) starts the reader's messages: "corpus.txt: reading failed after line 3: …".
  CorpusLineReader(std::istream& in, std::string corpus_name, std::size_t max_line_bytes = default_max_line_bytes);

  // Reads the next line into line (without its line end). TooLong: the line had more than
  // max_line_bytes bytes; line is left empty and the reader is at the next line. End: no line left.
  // Throws InputError, naming the corpus, when the stream fails other than at its end.
  Status next(std::string& line);

  // The number of the line next() returned last (1 for the first).
  long long line_number() const { return m_line_number; }
  std::size_t max_line_bytes() const { return m_max_line_bytes; }
  // The note for the line next() returned TooLong for: "corpus.txt:4: skipped: longer than 1048576 bytes".
  std::string too_long_note() const;

 private:
  std::istream& m_in;
  std::string m_corpus_name;
  std::size_t m_max_line_bytes;
  long long m_line_number = 0;
};

}  // namespace core
