#include "cli_head_rows.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "analysis/corpus_head_table.h"
#include "cli_files.h"
#include "cli_model.h"
#include "io/atomic_file.h"
#include "families/load_model.h"
#include "tensor/errors.h"

namespace cli {

namespace {

std::ifstream open_corpus(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw core::InputError(path + ": is a folder; give a text file with one sentence per line");
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw core::InputError(path + ": cannot be read");
  return stream;
}

}  // namespace

int write_head_rows(const std::string& model_folder, const std::string& corpus_path, core::HeadTableFormat format,
                    const core::HeadMetricOptions& metric_options, const core::ForwardOptions& forward_options,
                    const std::optional<std::string>& out_path, std::ostream& out,
                    const core::ReadingOptions& reading) {
  std::ifstream corpus = open_corpus(corpus_path);
  const core::Model model = open_model(model_folder, forward_options.memory_budget);
  std::unique_ptr<core::AtomicOutputStream> file;
  if (out_path) file = std::make_unique<core::AtomicOutputStream>(*out_path);
  std::ostream& rows_out = file ? file->stream() : out;
  core::HeadTableWriter writer(rows_out, format);
  const core::CorpusTableSummary summary =
      core::write_corpus_head_table(model, corpus, corpus_path, writer, metric_options, forward_options,
                                    [](const std::string& message) { std::cerr << "note: " << message << '\n'; },
                                    reading);
  if (summary.sentences == 0) {
    throw core::InputError(corpus_path + ": no line could be read as an input (" + std::to_string(summary.lines) +
                           " line(s): " + std::to_string(summary.blank) + " blank, " + std::to_string(summary.skipped) +
                           " skipped)");
  }
  if (file) file->commit();
  else out.flush();
  std::cerr << "note: " << writer.rows() << " rows for " << summary.sentences << " sentence(s) of " << summary.lines
            << " line(s); " << summary.blank << " blank, " << summary.skipped << " skipped, " << summary.truncated
            << " cut\n";
  return 0;
}

}  // namespace cli
