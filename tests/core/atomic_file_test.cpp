// core::write_file_atomically and AtomicFile (io/atomic_file.h), the one way every writer saves:
// a complete new file or the old one untouched, never a half-written file or a leftover temporary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "families/model_writer.h"
#include "io/atomic_file.h"
#include "io/safetensors.h"
#include "random_model.h"

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
namespace fs = std::filesystem;

std::string read(const fs::path& file) {
  std::ifstream stream(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicFile, WritesANewFileAndReplacesAnOldOneLeavingNoTemporary) {
  test::TempFolder temp;
  const fs::path file = temp.path() / "notes.csv";
  core::write_file_atomically(file, "a,b\n1,2\n");
  EXPECT_EQ(read(file), "a,b\n1,2\n");
  core::write_file_atomically(file, "new");
  EXPECT_EQ(read(file), "new");
  core::write_file_atomically(file, "");
  EXPECT_EQ(read(file), "");
  EXPECT_EQ(names_in(temp.path()), std::vector<std::string>{"notes.csv"});
}

// `--out /dev/null`, a FIFO or `--out >(gzip > x.gz)`: written straight into, never replaced. Renaming
// a temporary over such a path made /dev/null a plain file when attnscope-cli ran as root.
TEST(AtomicFile, APipeIsWrittenIntoAndStaysAPipe) {
  test::TempFolder temp;
  const fs::path fifo = temp.path() / "rows.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = read(fifo); });  // opening the read end unblocks the writer's open
  core::write_file_atomically(fifo, "a,b\n1,2\n");
  reader.join();
  EXPECT_EQ(received, "a,b\n1,2\n");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(names_in(temp.path()), std::vector<std::string>{"rows.fifo"});
}

// A link to a file: the file is replaced, and the link still points at it.
TEST(AtomicFile, ASymbolicLinkStaysALinkToTheNewFile) {
  test::TempFolder temp;
  fs::create_directory(temp.path() / "data");
  const fs::path real = temp.path() / "data" / "heads.csv";
  core::write_file_atomically(real, "old");
  const fs::path link = temp.path() / "heads.csv";
  fs::create_symlink(fs::path("data") / "heads.csv", link);
  core::write_file_atomically(link, "new");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(read(real), "new");
  EXPECT_EQ(names_in(temp.path() / "data"), std::vector<std::string>{"heads.csv"});
}

TEST(AtomicFile, AFileNotCommittedLeavesTheOldOneAndNoTemporary) {
  test::TempFolder temp;
  const fs::path file = temp.path() / "session.json";
  core::write_file_atomically(file, "old");
  {
    core::AtomicFile partial(file);
    const std::string half = "{\"version\": 1, \"sta";
    partial.write(std::as_bytes(std::span<const char>(half)));
    // an exception on the way: the object goes away without commit()
  }
  EXPECT_EQ(read(file), "old");
  EXPECT_EQ(names_in(temp.path()), std::vector<std::string>{"session.json"});
}

TEST(AtomicFile, AMissingFolderIsAMessageNamingTheFile) {
  test::TempFolder temp;
  const fs::path file = temp.path() / "no-such-folder" / "out.json";
  EXPECT_THAT([&] { core::write_file_atomically(file, "x"); },
              ::testing::ThrowsMessage<core::WriteError>(
                  ::testing::AllOf(StartsWith(file.string() + ": cannot create "), HasSubstr("No such file or directory"))));
}

// Fails at the last step (the rename), after every byte was written: the old entry stays and the
// temporary file is removed. Works as root too, unlike a read-only folder.
TEST(AtomicFile, AFailedRenameKeepsWhatWasThereAndRemovesTheTemporary) {
  test::TempFolder temp;
  const fs::path target = temp.path() / "lesson.json";
  fs::create_directories(target / "keep");
  EXPECT_THAT([&] { core::write_file_atomically(target, "new lesson"); },
              ::testing::ThrowsMessage<core::WriteError>(
                  ::testing::AllOf(StartsWith(target.string() + ": cannot rename "), HasSubstr("into place"))));
  EXPECT_TRUE(fs::is_directory(target / "keep"));
  EXPECT_EQ(names_in(temp.path()), std::vector<std::string>{"lesson.json"});
}

TEST(AtomicFile, AReadOnlyFolderIsAMessageAndTheOldFileStays) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "read-only";
  fs::create_directories(folder);
  const fs::path file = folder / "settings.conf";
  core::write_file_atomically(file, "theme=dark\n");
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
  const bool writable = ::access(folder.c_str(), W_OK) == 0;  // root writes anyway
  if (!writable) {
    EXPECT_THAT([&] { core::write_file_atomically(file, "theme=light\n"); },
                ::testing::ThrowsMessage<core::WriteError>(
                    ::testing::AllOf(StartsWith(file.string() + ": cannot create "), HasSubstr("Permission denied"))));
    EXPECT_EQ(read(file), "theme=dark\n");
    EXPECT_EQ(names_in(folder), std::vector<std::string>{"settings.conf"});
  }
  fs::permissions(folder, fs::perms::owner_all);
  if (writable) GTEST_SKIP() << "running as root: a read-only folder is still writable (the rename test covers failure)";
}

// The writers that go through it: a model (training checkpoints, model_writer) and safetensors.
TEST(AtomicFile, ModelWriterFailsWithoutTouchingTheSavedModel) {
  test::TempFolder temp;
  const core::ModelConfig config = test::small_config(core::Architecture::EncoderDecoder);
  const fs::path folder = test::write_random_model(temp.path() / "model", config);
  const std::string weights = read(folder / "model.safetensors");
  const std::string vocab = read(folder / "source_vocab.txt");
  // config.json is written last; a folder in its place makes that write fail
  fs::remove(folder / "config.json");
  fs::create_directories(folder / "config.json" / "keep");
  EXPECT_THROW(test::write_random_model(folder, config, 8), core::WriteError);
  EXPECT_TRUE(fs::is_directory(folder / "config.json" / "keep"));
  for (const auto& name : names_in(folder)) EXPECT_THAT(name, ::testing::Not(HasSubstr(".tmp."))) << "temporary left";
  // the files written before the failure are whole: the new model's, each complete
  EXPECT_EQ(read(folder / "source_vocab.txt"), vocab);
  EXPECT_EQ(read(folder / "model.safetensors").size(), weights.size());
}

}  // namespace
