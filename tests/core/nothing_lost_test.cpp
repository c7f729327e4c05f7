// Nothing lost: a save that fails half-way (the file-size limit stands in for a full disk) leaves
// the file that was there byte for byte, leaves no temporary, and says which file and why. One
// test per kind of writer in core and the command line: whole files (CSV, JSON, npy), streamed
// files (corpus exports), models and training checkpoints, and the CLI's --out and --out-dir.
// The GUI's writers (sessions, lessons, figures, attention exports, settings) are in
// tests/ui/tst_nothing_lost.cpp.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "corpus/poem_corpus.h"
#include "families/load_model.h"
#include "file_size_limit.h"
#include "io/atomic_file.h"
#include "random_model.h"

namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string read(const fs::path& file) {
  std::ifstream stream(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

void write(const fs::path& file, const std::string& bytes) { std::ofstream(file, std::ios::binary) << bytes; }

// Names in folder that look like a writer's temporary (".name.tmp.<pid>.<n>") or a half-built
// npy folder ("DIR.partial").
std::vector<std::string> leftovers(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tmp.") != std::string::npos || name.find(".partial") != std::string::npos) names.push_back(name);
  }
  return names;
}

std::string quoted(const fs::path& path) { return test::shell_quoted(path.string()); }

const fs::path models = ATTNSCOPE_MODELS;

// Whole files: the CLI's JSON and CSV, each npy array, the GUI's exports (ui::writeFileAtomically).
TEST(NothingLost, AWholeFileCutShortKeepsTheOldOne) {
  test::TempFolder temp;
  const fs::path file = temp.path() / "attention.csv";
  write(file, "query,key,weight\nthe,cat,0.5\n");
  const std::string replacement(8192, 'x');
  {
    test::FileSizeLimit limit(1000);
    ASSERT_TRUE(limit.active());
    try {
      core::write_file_atomically(file, replacement);
      FAIL() << "a write past the file-size limit succeeded";
    } catch (const core::WriteError& error) {
      EXPECT_THAT(error.what(), HasSubstr(file.string() + ": cannot write "));
      EXPECT_THAT(error.what(), HasSubstr("File too large"));
    }
  }
  EXPECT_EQ(read(file), "query,key,weight\nthe,cat,0.5\n");
  EXPECT_THAT(leftovers(temp.path()), ::testing::IsEmpty());
}

// Streamed files (AtomicOutputStream): corpus exports, dumps written as they are produced. The
// text is larger than the stream's 64 KiB block, so the failure comes in the middle of the stream.
TEST(NothingLost, AStreamedCorpusCutShortKeepsTheOldOne) {
  test::TempFolder temp;
  const fs::path file = temp.path() / "poems.txt";
  write(file, "床前明月光\n疑是地上霜\n");
  const std::vector<std::string> lines(20000, "舉頭望明月，低頭思故鄉");  // about 660 KB
  {
    test::FileSizeLimit limit(100000);
    ASSERT_TRUE(limit.active());
    try {
      core::write_corpus_file(file, lines);
      FAIL() << "a write past the file-size limit succeeded";
    } catch (const core::WriteError& error) {
      EXPECT_THAT(error.what(), HasSubstr(file.string() + ": "));
      EXPECT_THAT(error.what(), ::testing::AnyOf(HasSubstr("File too large"), HasSubstr("nothing was replaced")));
    }
  }
  EXPECT_EQ(read(file), "床前明月光\n疑是地上霜\n");
  EXPECT_THAT(leftovers(temp.path()), ::testing::IsEmpty());
}

// Models and training checkpoints (save_native_model, write_safetensors): the saved model still
// loads, its weights byte for byte.
TEST(NothingLost, AModelSaveCutShortKeepsTheSavedModel) {
  test::TempFolder temp;
  const core::ModelConfig config = test::small_config(core::Architecture::EncoderDecoder);
  const fs::path folder = test::write_random_model(temp.path() / "model", config);
  const std::string weights = read(folder / "model.safetensors");
  ASSERT_GT(weights.size(), 4096u);
  {
    test::FileSizeLimit limit(weights.size() / 2);
    ASSERT_TRUE(limit.active());
    EXPECT_THROW(test::write_random_model(folder, config, 8), core::WriteError);
  }
  EXPECT_EQ(read(folder / "model.safetensors"), weights);
  EXPECT_NO_THROW(core::load_model(folder));
  EXPECT_THAT(leftovers(temp.path()), ::testing::IsEmpty());
}

// attnscope-cli dump --out: exit status 1, one error line naming the file, the old file whole.
TEST(NothingLost, CliDumpOutCutShortKeepsTheOldFile) {
  test::TempFolder temp;
  const fs::path file = temp.path() / "dump.json";
  write(file, "{\"kept\": true}\n");
  const test::CommandResult result = test::run_cli_with_environment(
      test::file_size_limit_prefix(), "dump --model " + quoted(models / "induction") + " --text 'a b c a b c' --out " + quoted(file));
  EXPECT_EQ(result.status, 1) << result.all();
  EXPECT_THAT(result.errors, HasSubstr("attnscope-cli: error: " + file.string() + ": "));
  EXPECT_THAT(result.errors, HasSubstr("File too large"));
  EXPECT_EQ(read(file), "{\"kept\": true}\n");
  EXPECT_THAT(leftovers(temp.path()), ::testing::IsEmpty());
}

// attnscope-cli heads --out (CSV/JSON tables, corpus tables too): the same.
TEST(NothingLost, CliHeadsOutCutShortKeepsTheOldFile) {
  test::TempFolder temp;
  const fs::path file = temp.path() / "heads.csv";
  write(file, "layer,head\n");
  const test::CommandResult result =
      test::run_cli_with_environment(test::file_size_limit_prefix(), "heads --model " + quoted(models / "translate-en-zh") +
                                                                         " --text 'the cat sat on the mat' --out " + quoted(file));
  EXPECT_EQ(result.status, 1) << result.all();
  EXPECT_THAT(result.errors, HasSubstr(file.string()));
  EXPECT_THAT(result.errors, HasSubstr("File too large"));
  EXPECT_EQ(read(file), "layer,head\n");
  EXPECT_THAT(leftovers(temp.path()), ::testing::IsEmpty());
}

// attnscope-cli dump --format npy --out-dir: the folder is built as DIR.partial and renamed; cut
// short, neither DIR nor DIR.partial is left, and the folder's other files stay.
TEST(NothingLost, CliNpyFolderCutShortLeavesNoHalfFolder) {
  test::TempFolder temp;
  write(temp.path() / "notes.txt", "mine\n");
  const fs::path folder = temp.path() / "arrays";
  const test::CommandResult result = test::run_cli_with_environment(
      test::file_size_limit_prefix(),
      "dump --model " + quoted(models / "translate-en-zh") + " --text 'the cat sat on the mat' --format npy --out-dir " + quoted(folder));
  EXPECT_EQ(result.status, 1) << result.all();
  EXPECT_THAT(result.errors, HasSubstr("attnscope-cli: error: "));
  EXPECT_THAT(result.errors, HasSubstr("File too large"));
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_EQ(read(temp.path() / "notes.txt"), "mine\n");
  EXPECT_THAT(leftovers(temp.path()), ::testing::IsEmpty());
}

}  // namespace
