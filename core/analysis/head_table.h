#pragma once
// Head metrics as rows of a flat table that other engines read (DuckDB, Spark, pandas): one row
// per sentence × attention kind × layer × head, as CSV or JSON Lines, the columns always in the
// same order with the same names and types. docs/corpus-export.md is the schema; a change to it
// raises head_table_schema_version, which every row carries.

#include <ostream>
#include <string>
#include <vector>

#include "analysis/head_analysis.h"

namespace core {

inline constexpr int head_table_schema_version = 1;

enum class HeadTableFormat { Csv, JsonLines };

// What a row says about the sentence its head was measured on.
struct HeadTableSentence {
  long long line = 0;     // 1-based line number in the corpus file
  int source_tokens = 0;  // the encoder's tokens after any cut (0 for a decoder-only model)
  int target_tokens = 0;  // the decoder's tokens after any cut (0 for an encoder-only model)
  bool truncated = false; // either side was cut to the model's maximum length
};

// The column names, in the order of every row.
const std::vector<std::string>& head_table_columns();

// Writes rows to out. CSV starts with the header line, written with the first row so that a
// corpus with no usable sentence writes nothing. Absent values (position metrics of
// cross-attention, induction outside decoder self-attention, anything not finite) are an empty
// CSV field and JSON null. Numbers are the shortest text that reads back as the same double.
class HeadTableWriter {
 public:
  HeadTableWriter(std::ostream& out, HeadTableFormat format, const HeadThresholds& thresholds = {});

  // One row per head of report, kinds in the report's order, then layers, then heads.
  void write(const HeadTableSentence& sentence, const HeadReport& report);

  long long rows() const { return m_rows; }

 private:
  void write_csv_header();

  std::ostream& m_out;
  HeadTableFormat m_format;
  HeadThresholds m_thresholds;
  long long m_rows = 0;
};

}  // namespace core
