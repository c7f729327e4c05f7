#include "training/tasks_char_lm.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <set>

#include "analysis/corpus_lines.h"
#include "tensor/errors.h"
#include "text/unicode.h"
#include "training/tasks_builtin.h"

namespace core {

namespace {

bool is_sentence_end(char32_t c) { return c == U'。' || c == U'？' || c == U'！' || c == U'；'; }

// A document's characters as the char tokenizer sees them: whitespace is not a token.
std::u32string characters_of(const std::string& document) {
  std::u32string characters;
  for (const char32_t c : decode_utf8(document)) {
    if (!is_unicode_whitespace(c)) characters.push_back(c);
  }
  return characters;
}

class CharLmTask : public Task {
 public:
  CharLmTask(std::vector<std::string> documents, const std::string& corpus_name, std::uint64_t split_seed,
             int window_characters)
      : window_(window_characters) {
    if (window_ < 2) throw InputError("char-lm: the window must hold at least 2 characters");
    for (const std::string& document : documents) {
      std::u32string characters = characters_of(document);
      if (!characters.empty()) documents_.push_back(std::move(characters));
    }
    if (documents_.size() < 2) {
      throw InputError(corpus_name + ": the corpus has " + std::to_string(documents_.size()) +
                       " document(s) with text; char-lm needs at least 2 (one line each), one to train on and one to hold out");
    }
    const std::vector<int> held_out = held_out_documents(static_cast<int>(documents_.size()), split_seed);
    const std::set<int> held_out_set(held_out.begin(), held_out.end());
    for (int d = 0; d < static_cast<int>(documents_.size()); ++d) {
      (held_out_set.contains(d) ? held_out_ : training_).push_back(d);
    }
    // Every sentence start of the training documents, as (document, offset): the windows start there.
    for (const int d : training_) {
      const std::u32string& text = documents_[static_cast<std::size_t>(d)];
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 0 || is_sentence_end(text[i - 1])) starts_.emplace_back(d, static_cast<int>(i));
      }
    }
    std::set<char32_t> seen;
    for (const std::u32string& text : documents_) seen.insert(text.begin(), text.end());
    characters_.assign(seen.begin(), seen.end());
  }

  std::string name() const override { return "char-lm"; }
  Architecture architecture() const override { return Architecture::DecoderOnly; }
  NativeVocabulary vocabulary() const override {
    std::vector<std::string> tokens = special_vocabulary();
    for (const char32_t c : characters_) tokens.push_back(encode_utf8(c));
    return NativeVocabulary{"char", false, tokens, tokens};
  }
  // <s> + the window + the predicted </s>
  int max_positions() const override { return window_ + 2; }
  // Sized for a corpus of a few hundred poems on two cores (models/tang-poems/README.md).
  TrainingOptions defaults() const override {
    TrainingOptions options = task_options(64, 256, 250, 300);
    options.dropout = 0.1;
    options.label_smoothing = 0.1;
    return options;
  }

  // A window of a training document from a random sentence start.
  TaskExample training_example(std::mt19937_64& generator) const override { return sample(generator); }

  // The held-out documents cut into evaluation_windows, in order; the first count of them.
  std::vector<TaskExample> held_out_examples(int count) const override {
    std::vector<TaskExample> examples;
    for (const int d : held_out_) {
      const std::u32string& text = documents_[static_cast<std::size_t>(d)];
      for (const auto& [begin, end] : evaluation_windows(text, window_)) {
        if (static_cast<int>(examples.size()) >= count) return examples;
        examples.push_back(window(text, begin, end));
      }
    }
    return examples;
  }

 protected:
  TaskExample sample(std::mt19937_64& generator) const override {
    std::uniform_int_distribution<std::size_t> pick(0, starts_.size() - 1);
    const auto [d, begin] = starts_[pick(generator)];
    const std::u32string& text = documents_[static_cast<std::size_t>(d)];
    const int end = std::min(static_cast<int>(text.size()), begin + window_);
    return window(text, begin, end);
  }

 private:
  // Characters [begin, end) of text after <s>: decoder row p reads x_p (row 0 reads <s>) and
  // predicts x_{p+1}; the </s> row counts only when the window ends the document.
  static TaskExample window(const std::u32string& text, int begin, int end) {
    const std::u32string characters = text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
    const bool reaches_end = end == static_cast<int>(text.size());
    return TaskExample{"", encode_utf8(characters), 0, reaches_end ? -1 : end - begin};
  }

  int window_;
  std::vector<std::u32string> documents_;
  std::vector<int> training_;
  std::vector<int> held_out_;
  std::vector<std::pair<int, int>> starts_;
  std::vector<char32_t> characters_;
};

}  // namespace

std::vector<int> held_out_documents(int document_count, std::uint64_t split_seed) {
  std::vector<int> order(static_cast<std::size_t>(std::max(document_count, 0)));
  std::iota(order.begin(), order.end(), 0);
  // A Fisher–Yates shuffle written out, so the split is the same with every standard library
  // (std::shuffle's algorithm is not specified).
  std::mt19937_64 generator(split_seed);
  for (std::size_t i = order.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(generator() % i);
    std::swap(order[i - 1], order[j]);
  }
  const std::size_t count = std::min(order.size(), std::max<std::size_t>(1, std::lround(document_count / 10.0)));
  std::vector<int> held_out(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count));
  std::sort(held_out.begin(), held_out.end());
  return held_out;
}

std::vector<std::pair<int, int>> evaluation_windows(const std::u32string& document, int window_characters) {
  std::vector<std::pair<int, int>> windows;
  const int length = static_cast<int>(document.size());
  for (int begin = 0; begin < length;) {
    int end = std::min(length, begin + window_characters);
    if (end < length) {
      // end after the last sentence end that fits, so the next window starts a sentence
      for (int i = end; i > begin + 1; --i) {
        if (is_sentence_end(document[static_cast<std::size_t>(i - 1)])) {
          end = i;
          break;
        }
      }
    }
    windows.emplace_back(begin, end);
    begin = end;
  }
  return windows;
}

std::unique_ptr<Task> make_char_lm_task(std::vector<std::string> documents, const std::string& corpus_name,
                                        std::uint64_t split_seed, int window_characters) {
  return std::make_unique<CharLmTask>(std::move(documents), corpus_name, split_seed, window_characters);
}

std::unique_ptr<Task> make_char_lm_task(const std::filesystem::path& corpus, std::uint64_t split_seed,
                                        int window_characters) {
  std::ifstream in(corpus, std::ios::binary);
  if (!in) throw InputError(corpus.string() + ": cannot open the corpus (one document per line, UTF-8)");
  CorpusLineReader reader(in);
  std::vector<std::string> documents;
  std::string line;
  for (CorpusLineReader::Status status = reader.next(line); status != CorpusLineReader::Status::End;
       status = reader.next(line)) {
    if (status == CorpusLineReader::Status::TooLong) {
      throw InputError(corpus.string() + ": line " + std::to_string(reader.line_number()) + " is longer than " +
                       std::to_string(reader.max_line_bytes()) + " bytes");
    }
    if (sanitize_utf8(line) != line) {
      throw InputError(corpus.string() + ": line " + std::to_string(reader.line_number()) + " is not valid UTF-8");
    }
    documents.push_back(line);
  }
  return make_char_lm_task(std::move(documents), corpus.string(), split_seed, window_characters);
}

}  // namespace core
