// attnscope-cli heads --corpus FILE --per-sentence: the corpus export (docs/corpus-export.md). The
// schema (header, column order, types), the values against the single-sentence `heads` command,
// line numbers in notes and errors, and the output file appearing complete or not at all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "random_model.h"

namespace {

using test::CommandResult;
using test::run_cli;
using test::shell_quoted;

using ::testing::HasSubstr;

const std::filesystem::path models = ATTNSCOPE_MODELS;

const std::vector<std::string> columns = {
    "schema_version", "line",          "kind",           "layer",      "head",
    "class",          "source_tokens", "target_tokens",  "truncated",  "entropy",
    "entropy_normalized", "mean_distance", "mean_distance_normalized", "local_mass", "previous_token",
    "current_token",  "next_token",    "sink",           "confidence", "induction"};
const std::set<std::string> integer_columns = {"schema_version", "line", "layer", "head", "source_tokens",
                                               "target_tokens"};
const std::set<std::string> kinds = {"encoder_self", "decoder_self", "decoder_cross"};
const std::set<std::string> classes = {"local", "global", "positional", "sink", "mixed"};

std::filesystem::path write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

std::vector<nlohmann::ordered_json> parse_lines(const std::string& text) {
  std::vector<nlohmann::ordered_json> rows;
  for (const std::string& line : split(text, '\n')) {
    if (!line.empty()) rows.push_back(nlohmann::ordered_json::parse(line));
  }
  return rows;
}

std::string rows_command(const std::filesystem::path& model, const std::filesystem::path& corpus,
                         const std::string& more) {
  return "heads --model " + shell_quoted(model.string()) + " --corpus " + shell_quoted(corpus.string()) +
         " --per-sentence " + more;
}

bool is_integer(const std::string& text) {
  return !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos;
}

bool is_number(const std::string& text) {
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

TEST(CliHeadRows, CsvHeaderColumnOrderAndTypes) {
  test::TempFolder folder;
  const auto corpus = write_text(folder.path() / "corpus.txt", "the cat sees the small dog .\n\nthe dog likes the cat .\tthe\n");
  const CommandResult result = run_cli(rows_command(models / "translate-en-zh", corpus, "--format csv"));
  ASSERT_EQ(result.status, 0) << result.errors;
  const std::vector<std::string> lines = split(result.output, '\n');
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(split(lines.front(), ','), columns);
  std::set<std::string> lines_seen;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::vector<std::string> fields = split(lines[i], ',');
    ASSERT_EQ(fields.size(), columns.size()) << lines[i];
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& name = columns[c];
      const std::string& field = fields[c];
      if (integer_columns.contains(name)) EXPECT_TRUE(is_integer(field)) << name << ": " << field;
      else if (name == "kind") EXPECT_TRUE(kinds.contains(field)) << field;
      else if (name == "class") EXPECT_TRUE(classes.contains(field)) << field;
      else if (name == "truncated") EXPECT_TRUE(field == "true" || field == "false") << field;
      else EXPECT_TRUE(field.empty() || is_number(field)) << name << ": " << field;
    }
    EXPECT_EQ(fields[0], "1");
    lines_seen.insert(fields[1]);
    // position metrics are absent exactly in cross-attention; induction only in decoder self-attention
    EXPECT_EQ(fields[11].empty(), fields[2] == "decoder_cross") << lines[i];
    EXPECT_EQ(fields[19].empty(), fields[2] != "decoder_self") << lines[i];
  }
  EXPECT_EQ(lines_seen, (std::set<std::string>{"1", "3"}));  // line 2 is blank
  EXPECT_THAT(result.errors, HasSubstr("2 sentence(s) of 3 line(s); 1 blank, 0 skipped, 0 cut"));
}

// Every row equals what `heads --text` prints for that line alone (the same doubles, to the bit),
// and the CSV and JSON Lines outputs hold the same numbers.
TEST(CliHeadRows, RowsEqualSingleSentenceHeads) {
  test::TempFolder folder;
  struct Case {
    std::filesystem::path model;
    std::vector<std::pair<std::string, std::string>> sentences;  // text, target
  };
  const std::vector<Case> cases = {
      {models / "translate-en-zh", {{"the cat sees the small dog .", ""}, {"the dog likes the cat .", "the"}}},
      {models / "induction", {{"a b c a b c", ""}, {"c c b", ""}}},
  };
  for (const Case& test_case : cases) {
    std::string text;
    for (const auto& [source, target] : test_case.sentences) text += source + (target.empty() ? "" : "\t" + target) + "\n";
    const auto corpus = write_text(folder.path() / "corpus.txt", text);
    const CommandResult jsonl = run_cli(rows_command(test_case.model, corpus, "--format jsonl"));
    ASSERT_EQ(jsonl.status, 0) << jsonl.errors;
    const std::vector<nlohmann::ordered_json> rows = parse_lines(jsonl.output);
    const CommandResult csv = run_cli(rows_command(test_case.model, corpus, "--format csv"));
    ASSERT_EQ(csv.status, 0) << csv.errors;
    std::vector<std::string> csv_lines = split(csv.output, '\n');
    ASSERT_EQ(csv_lines.back(), "");  // the last row ends with a line end too
    csv_lines.pop_back();
    ASSERT_EQ(csv_lines.size(), rows.size() + 1);

    std::size_t row = 0;
    for (std::size_t s = 0; s < test_case.sentences.size(); ++s) {
      const auto& [source, target] = test_case.sentences[s];
      const CommandResult single =
          run_cli("heads --model " + shell_quoted(test_case.model.string()) + " --text " + shell_quoted(source) +
                  (target.empty() ? "" : " --target " + shell_quoted(target)) + " --format json");
      ASSERT_EQ(single.status, 0) << single.errors;
      for (const nlohmann::ordered_json& head : nlohmann::ordered_json::parse(single.output)) {
        ASSERT_LT(row, rows.size());
        const nlohmann::ordered_json& got = rows[row];
        SCOPED_TRACE(got.dump());
        EXPECT_EQ(got.at("line"), static_cast<int>(s + 1));
        EXPECT_EQ(got.at("kind"), head.at("kind"));
        EXPECT_EQ(got.at("layer"), head.at("layer"));
        EXPECT_EQ(got.at("head"), head.at("head"));
        EXPECT_EQ(got.at("class"), head.at("class"));
        EXPECT_EQ(got.at("truncated"), false);
        for (std::size_t c = 9; c < columns.size(); ++c) {
          const std::string& name = columns[c];
          const nlohmann::ordered_json want = head.contains(name) ? head.at(name) : nlohmann::ordered_json(nullptr);
          EXPECT_EQ(got.at(name), want) << name;
        }
        const std::vector<std::string> fields = split(csv_lines[row + 1], ',');
        ASSERT_EQ(fields.size(), columns.size());
        for (std::size_t c = 9; c < columns.size(); ++c) {
          if (got.at(columns[c]).is_null()) EXPECT_EQ(fields[c], "") << columns[c];
          else EXPECT_EQ(std::strtod(fields[c].c_str(), nullptr), got.at(columns[c]).get<double>()) << columns[c];
        }
        ++row;
      }
    }
    EXPECT_EQ(row, rows.size());
  }
}

TEST(CliHeadRows, JsonLinesParseWithEveryKeyInSchemaOrder) {
  test::TempFolder folder;
  const auto corpus = write_text(folder.path() / "corpus.txt", "the cat sees the small dog .\n");
  const CommandResult result = run_cli(rows_command(models / "translate-en-zh", corpus, "--format jsonl"));
  ASSERT_EQ(result.status, 0) << result.errors;
  const std::vector<nlohmann::ordered_json> rows = parse_lines(result.output);
  ASSERT_EQ(rows.size(), 2u * 4u + 2u * 4u * 2u);  // 2 encoder layers, 2 decoder layers with two kinds, 4 heads
  for (const nlohmann::ordered_json& row : rows) {
    std::vector<std::string> keys;
    for (const auto& item : row.items()) keys.push_back(item.key());
    EXPECT_EQ(keys, columns);
    EXPECT_EQ(row.at("schema_version"), 1);
    EXPECT_TRUE(row.at("line").is_number_integer());
    EXPECT_TRUE(row.at("source_tokens").is_number_integer());
    EXPECT_GT(row.at("target_tokens").get<int>(), 0);  // the model's own greedy output
    EXPECT_TRUE(row.at("truncated").is_boolean());
    EXPECT_TRUE(row.at("entropy").is_number());
  }
}

// The schema table of docs/corpus-export.md is the contract DuckDB, Spark or pandas users read: its
// columns, in its order, are the header the command writes, and its heading's version is the rows'.
TEST(CliHeadRows, DocumentedSchemaIsTheHeaderWritten) {
  const std::filesystem::path doc = models.parent_path() / "docs" / "corpus-export.md";
  const std::string text = read_text(doc);
  ASSERT_FALSE(text.empty()) << doc;
  const std::string heading = "## The schema (version ";
  const std::size_t at = text.find(heading);
  ASSERT_NE(at, std::string::npos) << doc << " has no '" << heading << "…)' section";
  const std::string version = text.substr(at + heading.size(), text.find(')', at) - at - heading.size());
  // the table's rows, "| `name` | type | meaning |", up to the first line that is not one
  std::vector<std::string> documented;
  std::istringstream lines(text.substr(at));
  std::string line;
  bool in_table = false;
  while (std::getline(lines, line)) {
    if (line.rfind("| `", 0) == 0) {
      in_table = true;
      const std::size_t end = line.find('`', 3);
      ASSERT_NE(end, std::string::npos) << line;
      documented.push_back(line.substr(3, end - 3));
    } else if (in_table && line.rfind('|', 0) != 0) {
      break;
    }
  }

  test::TempFolder folder;
  const auto corpus = write_text(folder.path() / "corpus.txt", "the cat sees the small dog .\n");
  const CommandResult csv = run_cli(rows_command(models / "translate-en-zh", corpus, "--format csv"));
  ASSERT_EQ(csv.status, 0) << csv.errors;
  const std::vector<std::string> rows = split(csv.output, '\n');
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(split(rows.front(), ','), documented) << "docs/corpus-export.md's schema table and the CSV header differ";
  EXPECT_EQ(split(rows[1], ',').front(), version) << "the schema's version in docs/corpus-export.md";
}

TEST(CliHeadRows, CutAndSkippedLinesAreNamedByLineNumber) {
  test::TempFolder folder;
  const auto model = test::write_random_model(folder.path() / "m", test::small_config(core::Architecture::EncoderOnly));
  std::string long_sentence;
  for (int i = 0; i < 6; ++i) long_sentence += "the cat sat on the mat ";
  const std::string huge_line(std::size_t{1} << 21, 'a');  // 2 MiB: over the 1 MiB line limit
  const auto corpus =
      write_text(folder.path() / "corpus.txt", "the cat sat\n\n" + long_sentence + "\n" + huge_line + "\na dog .\n");
  const CommandResult result = run_cli(rows_command(model, corpus, "--format jsonl"));
  ASSERT_EQ(result.status, 0) << result.errors;
  // 36 words and the end token the tokenizer adds
  EXPECT_THAT(result.errors, HasSubstr("corpus.txt:3: cut to the model's maximum of 16 tokens (the line has 37)"));
  EXPECT_THAT(result.errors, HasSubstr("corpus.txt:4: skipped: longer than 1048576 bytes"));
  EXPECT_THAT(result.errors, HasSubstr("3 sentence(s) of 5 line(s); 1 blank, 1 skipped, 1 cut"));
  std::map<int, bool> truncated_by_line;
  for (const nlohmann::ordered_json& row : parse_lines(result.output)) {
    truncated_by_line[row.at("line").get<int>()] = row.at("truncated").get<bool>();
    if (row.at("line") == 3) {
      EXPECT_EQ(row.at("source_tokens"), 16);
    }
  }
  EXPECT_EQ(truncated_by_line, (std::map<int, bool>{{1, false}, {3, true}, {5, false}}));
}

TEST(CliHeadRows, LineTheModelRejectsIsSkippedByNumber) {
  // GPT-2 adds no special tokens, so a line with nothing before its tab is an empty text.
  test::TempFolder folder;
  const auto corpus = write_text(folder.path() / "corpus.txt", "Hello world\n\tonly a target\nagain\n");
  const std::filesystem::path gpt2 = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer" / "gpt2-tiny-short";
  const CommandResult result = run_cli(rows_command(gpt2, corpus, "--format jsonl"));
  ASSERT_EQ(result.status, 0) << result.errors;
  EXPECT_THAT(result.errors, HasSubstr("corpus.txt:2: skipped: the text is empty"));
  EXPECT_THAT(result.errors, HasSubstr("2 sentence(s) of 3 line(s); 0 blank, 1 skipped, 0 cut"));
  std::set<int> lines;
  for (const nlohmann::ordered_json& row : parse_lines(result.output)) lines.insert(row.at("line").get<int>());
  EXPECT_EQ(lines, (std::set<int>{1, 3}));
}

// --out works for every heads format, not only the per-sentence rows.
TEST(CliHeadRows, OutFileHoldsWhatStandardOutputShows) {
  test::TempFolder folder;
  const std::string heads = "heads --model " + shell_quoted((models / "induction").string()) + " --text 'a b c a b c'";
  for (const std::string format : {"table", "csv", "json"}) {
    const std::filesystem::path out = folder.path() / ("heads." + format);
    const CommandResult written = run_cli(heads + " --format " + format + " --out " + shell_quoted(out.string()));
    ASSERT_EQ(written.status, 0) << written.errors;
    EXPECT_EQ(written.output, "");
    const CommandResult printed = run_cli(heads + " --format " + format);
    EXPECT_EQ(read_text(out), printed.output) << format;
  }
}

// The names in folder: an atomic write leaves no temporary file beside its target.
std::set<std::string> names_in(const std::filesystem::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) names.insert(entry.path().filename().string());
  return names;
}

TEST(CliHeadRows, OutFileAppearsCompleteOrNotAtAll) {
  test::TempFolder folder;
  const auto corpus = write_text(folder.path() / "corpus.txt", "the cat sees the small dog .\n");
  const std::filesystem::path out = folder.path() / "rows.csv";
  const CommandResult written = run_cli(rows_command(models / "translate-en-zh", corpus, "--out " + shell_quoted(out.string())));
  ASSERT_EQ(written.status, 0) << written.errors;
  EXPECT_EQ(written.output, "");
  const CommandResult printed = run_cli(rows_command(models / "translate-en-zh", corpus, ""));
  EXPECT_EQ(read_text(out), printed.output);
  EXPECT_EQ(names_in(folder.path()), (std::set<std::string>{"corpus.txt", "rows.csv"}));

  // A corpus without a usable line: an error naming it, and the earlier file left as it was.
  const auto blank = write_text(folder.path() / "blank.txt", "\n  \n\t\n");
  const CommandResult failed = run_cli(rows_command(models / "translate-en-zh", blank, "--out " + shell_quoted(out.string())));
  EXPECT_EQ(failed.status, 1);
  EXPECT_THAT(failed.errors, HasSubstr("blank.txt: no line could be read as an input (3 line(s): 3 blank, 0 skipped)"));
  EXPECT_EQ(read_text(out), printed.output);
  EXPECT_EQ(names_in(folder.path()), (std::set<std::string>{"blank.txt", "corpus.txt", "rows.csv"}));

  const auto empty = write_text(folder.path() / "empty.txt", "");
  const CommandResult nothing = run_cli(rows_command(models / "translate-en-zh", empty, "--format jsonl"));
  EXPECT_EQ(nothing.status, 1);
  EXPECT_EQ(nothing.output, "");
  EXPECT_THAT(nothing.errors, HasSubstr("empty.txt: no line could be read as an input (0 line(s)"));
}

TEST(CliHeadRows, BadInputGetsAMessage) {
  test::TempFolder folder;
  const std::filesystem::path model = models / "induction";
  const CommandResult missing = run_cli(rows_command(model, folder.path() / "none.txt", ""));
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.errors, HasSubstr("none.txt: cannot be read"));
  const CommandResult folder_given = run_cli(rows_command(model, folder.path(), ""));
  EXPECT_EQ(folder_given.status, 1);
  EXPECT_THAT(folder_given.errors, HasSubstr("is a folder; give a text file with one sentence per line"));
  const auto corpus = write_text(folder.path() / "corpus.txt", "a b\n");
  const CommandResult no_folder =
      run_cli(rows_command(model, corpus, "--out " + shell_quoted((folder.path() / "no" / "rows.csv").string())));
  EXPECT_EQ(no_folder.status, 1);
  EXPECT_THAT(no_folder.errors, HasSubstr("rows.csv: cannot create "));

  const std::string heads = "heads --model " + shell_quoted(model.string());
  const CommandResult table = run_cli(rows_command(model, corpus, "--format table"));
  EXPECT_EQ(table.status, 2);
  EXPECT_THAT(table.errors, HasSubstr("--per-sentence writes csv or jsonl, not \"table\""));
  const CommandResult text = run_cli(heads + " --text 'a b' --per-sentence");
  EXPECT_EQ(text.status, 2);
  EXPECT_THAT(text.errors, HasSubstr("--per-sentence goes with --corpus FILE"));
  const CommandResult jsonl = run_cli(heads + " --text 'a b' --format jsonl");
  EXPECT_EQ(jsonl.status, 2);
  EXPECT_THAT(jsonl.errors, HasSubstr("add --per-sentence"));
}

}  // namespace
