// The corpus export's pieces without the command line: the line reader (line numbers, line ends,
// overlong lines) and the row writer (column order, absent values, number text).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <streambuf>

#include "analysis/corpus_lines.h"
#include "analysis/head_table.h"
#include "tensor/errors.h"

namespace {

using core::CorpusLineReader;

TEST(CorpusLineReader, NumbersLinesAndAcceptsBothLineEnds) {
  std::istringstream in("first\r\nsecond\n\nlast without end");
  CorpusLineReader reader(in);
  std::string line;
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::Line);
  EXPECT_EQ(line, "first");
  EXPECT_EQ(reader.line_number(), 1);
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::Line);
  EXPECT_EQ(line, "second");
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::Line);
  EXPECT_EQ(line, "");
  EXPECT_EQ(reader.line_number(), 3);
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::Line);
  EXPECT_EQ(line, "last without end");
  EXPECT_EQ(reader.line_number(), 4);
  EXPECT_EQ(reader.next(line), CorpusLineReader::Status::End);
  EXPECT_EQ(reader.next(line), CorpusLineReader::Status::End);
}

TEST(CorpusLineReader, OverlongLineIsSkippedAndTheNextOneRead) {
  std::istringstream in("short\n0123456789abc\nafter\n");
  CorpusLineReader reader(in, 10);
  std::string line;
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::Line);
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::TooLong);
  EXPECT_EQ(reader.line_number(), 2);
  EXPECT_TRUE(line.empty());
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::Line);
  EXPECT_EQ(line, "after");
  EXPECT_EQ(reader.line_number(), 3);
  // exactly the limit is still a line
  std::istringstream exact("0123456789\n");
  CorpusLineReader exact_reader(exact, 10);
  EXPECT_EQ(exact_reader.next(line), CorpusLineReader::Status::Line);
  EXPECT_EQ(line, "0123456789");
}

// A stream whose reading fails after its first line, as a disk error would.
class FailingBuffer : public std::streambuf {
 protected:
  int_type underflow() override {
    if (m_given) throw std::runtime_error("device error");
    m_given = true;
    setg(m_text, m_text, m_text + 6);
    return traits_type::to_int_type(m_text[0]);
  }

 private:
  char m_text[7] = "first\n";
  bool m_given = false;
};

TEST(CorpusLineReader, NamedReaderNamesTheCorpusInItsMessages) {
  std::istringstream in("short\n0123456789abc\n");
  CorpusLineReader reader(in, "corpus.txt", 10);
  std::string line;
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::Line);
  ASSERT_EQ(reader.next(line), CorpusLineReader::Status::TooLong);
  EXPECT_EQ(reader.too_long_note(), "corpus.txt:2: skipped: longer than 10 bytes");

  FailingBuffer buffer;
  std::istream failing(&buffer);
  CorpusLineReader failing_reader(failing, "corpus.txt");
  ASSERT_EQ(failing_reader.next(line), CorpusLineReader::Status::Line);
  EXPECT_EQ(line, "first");
  try {
    failing_reader.next(line);
    FAIL() << "a failing stream was read as if it had ended";
  } catch (const core::InputError& error) {
    EXPECT_STREQ(error.what(), "corpus.txt: reading failed after line 1: device error");
  }
}

TEST(CorpusLineReader, EmptyInputHasNoLine) {
  std::istringstream in("");
  CorpusLineReader reader(in);
  std::string line;
  EXPECT_EQ(reader.next(line), CorpusLineReader::Status::End);
  EXPECT_EQ(reader.line_number(), 0);
}

// A report of one encoder self-attention layer with two heads: one with every metric, one a
// cross-attention-like head without position metrics and with a value that is not finite.
core::HeadReport two_head_report() {
  core::KindHeads kind;
  kind.kind = core::AttentionKind::DecoderSelf;
  kind.layers = 1;
  kind.heads = 2;
  core::HeadMetrics full;
  full.entropy = 0.1;
  full.entropy_normalized = 1.0 / 3.0;
  full.mean_distance = 2.5;
  full.mean_distance_normalized = 0.75;
  full.local_mass = 0.5;
  full.previous_token = 0.9;
  full.current_token = 0.05;
  full.next_token = 0.0;
  full.sink = 0.01;
  full.confidence = 0.95;
  full.induction = 0.25;
  core::HeadMetrics sparse;
  sparse.entropy = std::numeric_limits<double>::quiet_NaN();
  sparse.entropy_normalized = 0.5;
  sparse.sink = 1e-20;
  sparse.confidence = 1.0;
  kind.metrics = {full, sparse};
  core::HeadReport report;
  report.kinds.push_back(kind);
  report.inputs = 1;
  return report;
}

TEST(HeadTableWriter, CsvHeaderOnceThenOneRowPerHead) {
  std::ostringstream out;
  core::HeadTableWriter writer(out, core::HeadTableFormat::Csv);
  writer.write({.line = 7, .source_tokens = 0, .target_tokens = 5, .truncated = true}, two_head_report());
  writer.write({.line = 9, .source_tokens = 0, .target_tokens = 3, .truncated = false}, two_head_report());
  EXPECT_EQ(writer.rows(), 4);
  EXPECT_EQ(out.str(),
            "schema_version,line,kind,layer,head,class,source_tokens,target_tokens,truncated,entropy,"
            "entropy_normalized,mean_distance,mean_distance_normalized,local_mass,previous_token,current_token,"
            "next_token,sink,confidence,induction\n"
            "1,7,decoder_self,0,0,positional,0,5,true,0.1,0.3333333333333333,2.5,0.75,0.5,0.9,0.05,0,0.01,0.95,0.25\n"
            "1,7,decoder_self,0,1,mixed,0,5,true,,0.5,,,,,,,1e-20,1,\n"
            "1,9,decoder_self,0,0,positional,0,3,false,0.1,0.3333333333333333,2.5,0.75,0.5,0.9,0.05,0,0.01,0.95,0.25\n"
            "1,9,decoder_self,0,1,mixed,0,3,false,,0.5,,,,,,,1e-20,1,\n");
}

TEST(HeadTableWriter, JsonLinesNullForAbsentValues) {
  std::ostringstream out;
  core::HeadTableWriter writer(out, core::HeadTableFormat::JsonLines);
  writer.write({.line = 2, .source_tokens = 4, .target_tokens = 0, .truncated = false}, two_head_report());
  EXPECT_EQ(out.str(),
            "{\"schema_version\":1,\"line\":2,\"kind\":\"decoder_self\",\"layer\":0,\"head\":0,\"class\":\"positional\","
            "\"source_tokens\":4,\"target_tokens\":0,\"truncated\":false,\"entropy\":0.1,"
            "\"entropy_normalized\":0.3333333333333333,\"mean_distance\":2.5,\"mean_distance_normalized\":0.75,"
            "\"local_mass\":0.5,\"previous_token\":0.9,\"current_token\":0.05,\"next_token\":0,\"sink\":0.01,"
            "\"confidence\":0.95,\"induction\":0.25}\n"
            "{\"schema_version\":1,\"line\":2,\"kind\":\"decoder_self\",\"layer\":0,\"head\":1,\"class\":\"mixed\","
            "\"source_tokens\":4,\"target_tokens\":0,\"truncated\":false,\"entropy\":null,\"entropy_normalized\":0.5,"
            "\"mean_distance\":null,\"mean_distance_normalized\":null,\"local_mass\":null,\"previous_token\":null,"
            "\"current_token\":null,\"next_token\":null,\"sink\":1e-20,\"confidence\":1,\"induction\":null}\n");
}

TEST(HeadTableWriter, NoRowsWriteNothing) {
  std::ostringstream out;
  core::HeadTableWriter writer(out, core::HeadTableFormat::Csv);
  writer.write({.line = 1}, core::HeadReport{});
  EXPECT_EQ(writer.rows(), 0);
  EXPECT_EQ(out.str(), "");
}

}  // namespace
