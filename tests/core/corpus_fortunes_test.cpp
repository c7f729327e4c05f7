// The poem corpus step: Debian's fortunes files (fortunes-zh) read into poems without colour codes
// and headers, converted to Traditional Chinese by OpenCC (s2t, s2tw; never s2twp's vocabulary).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "corpus/chinese_converter.h"
#include "corpus/fortunes_file.h"
#include "corpus/poem_corpus.h"
#include "tensor/errors.h"

namespace {

const std::filesystem::path data = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "corpus";

template <typename Function>
std::string error_of(Function function) {
  try {
    function();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(FortunesFile, StripsColourCodes) {
  EXPECT_EQ(core::strip_terminal_codes("\x1b[32m《送别》\x1b[m"), "《送别》");
  EXPECT_EQ(core::strip_terminal_codes("a\x1b[1;33mb\x1b[0mc"), "abc");
  // an ESC that does not start a sequence stays
  EXPECT_EQ(core::strip_terminal_codes("a\x1b" "b"), "a\x1b" "b");
}

TEST(FortunesFile, SplitsPoemsAndDropsHeaders) {
  const std::vector<core::FortunePoem> poems = core::read_fortunes_file(data / "tang-sample.fortunes");
  ASSERT_EQ(poems.size(), 4u);
  EXPECT_EQ(poems[0].title, "送杜少府之任蜀州");
  EXPECT_EQ(poems[0].author, "王勃");
  EXPECT_EQ(poems[0].first_line, 1);
  ASSERT_EQ(poems[0].lines.size(), 4u);
  EXPECT_EQ(poems[0].lines[2], "海内存知己，天涯若比邻。");
  EXPECT_EQ(poems[1].title, "感遇・其二");
  EXPECT_EQ(poems[1].lines.size(), 5u);
  // a blank line inside an entry is skipped
  EXPECT_EQ(poems[2].lines.size(), 2u);
  // song100's headers (题目:《…》, 作者:…) and spaces around a line
  EXPECT_EQ(poems[3].title, "梦李白");
  EXPECT_EQ(poems[3].author, "杜甫");
  ASSERT_EQ(poems[3].lines.size(), 1u);
  EXPECT_EQ(poems[3].lines[0], "江南瘴疠地，逐客无消息。");
  for (const core::FortunePoem& poem : poems) {
    for (const std::string& line : poem.lines) {
      EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
      EXPECT_EQ(line.find("作者"), std::string::npos) << line;
      EXPECT_EQ(line.find("《"), std::string::npos) << line;
    }
  }
}

TEST(FortunesFile, CorpusLinesJoinEachPoemsVerse) {
  const std::vector<std::string> lines =
      core::poem_corpus_lines(core::read_fortunes_file(data / "tang-sample.fortunes"), nullptr);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2], "长歌吟松风，曲尽河星稀。我醉君复乐，陶然共忘机。");
}

TEST(FortunesFile, NotAFortunesFileIsNamed) {
  const std::string message = error_of([] { core::read_fortunes_file(data / "not-fortunes.txt"); });
  EXPECT_NE(message.find("not-fortunes.txt"), std::string::npos) << message;
  EXPECT_NE(message.find("not a fortunes file"), std::string::npos) << message;
}

TEST(FortunesFile, InvalidUtf8NamesTheLine) {
  const std::string message = error_of([] { core::read_fortunes_file(data / "invalid-utf8.fortunes"); });
  EXPECT_NE(message.find("invalid-utf8.fortunes: line 3 is not valid UTF-8"), std::string::npos) << message;
}

TEST(FortunesFile, MissingFileAndHeadersOnlyAreNamed) {
  const std::string missing = error_of([] { core::read_fortunes_file(data / "no-such.fortunes"); });
  EXPECT_NE(missing.find("no-such.fortunes: cannot open"), std::string::npos) << missing;
  const std::string headers = error_of([] { core::parse_fortunes("《送别》\n作者：王维\n%\n", "headers.fortunes"); });
  EXPECT_NE(headers.find("headers.fortunes: the fortunes file has no entry with verse"), std::string::npos) << headers;
}

TEST(ChineseConverter, S2tConvertsCharactersAndKeepsClassicalWords) {
  const core::ChineseConverter s2t(core::ChineseConversion::S2T);
  const std::vector<std::string> lines =
      core::poem_corpus_lines(core::read_fortunes_file(data / "tang-sample.fortunes"), &s2t);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "城闕輔三秦，風煙望五津。與君離別意，同是宦遊人。海內存知己，天涯若比鄰。無爲在岐路，兒女共沾巾。");
  // 乐 → 樂
  EXPECT_EQ(lines[2], "長歌吟松風，曲盡河星稀。我醉君復樂，陶然共忘機。");
  // s2twp would write 迴圈 ("loop") for 循環 and 訊息 for 消息
  EXPECT_NE(lines[1].find("循環不可尋"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[1].find("迴圈"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[3], "江南瘴癘地，逐客無消息。");
}

TEST(ChineseConverter, S2twWritesTaiwanGlyphs) {
  const core::ChineseConverter s2tw(core::ChineseConversion::S2TW);
  EXPECT_EQ(s2tw.convert("无为在岐路，儿女共沾巾。"), "無為在岐路，兒女共沾巾。");
  EXPECT_EQ(s2tw.convert("运命唯所遇，循环不可寻。"), "運命唯所遇，循環不可尋。");
  EXPECT_EQ(s2tw.convert("逐客无消息"), "逐客無消息");
  EXPECT_EQ(s2tw.config_file(), "s2tw.json");
}

TEST(ChineseConverter, OnlyS2tAndS2twAreOffered) {
  EXPECT_EQ(core::chinese_conversion_from_name("s2t"), core::ChineseConversion::S2T);
  EXPECT_EQ(core::chinese_conversion_from_name("s2tw"), core::ChineseConversion::S2TW);
  const std::string message = error_of([] { core::chinese_conversion_from_name("s2twp"); });
  EXPECT_NE(message.find("\"s2twp\""), std::string::npos) << message;
  EXPECT_NE(message.find("use s2t or s2tw"), std::string::npos) << message;
}

TEST(ChineseConverter, MissingConfigurationIsNamed) {
  EXPECT_THROW(core::ChineseConverter("no-such-config.json"), core::LoadError);
  const std::string message = error_of([] { core::ChineseConverter("no-such-config.json"); });
  EXPECT_NE(message.find("OpenCC configuration 'no-such-config.json' cannot be opened"), std::string::npos) << message;
  EXPECT_NE(message.find("libopencc-data"), std::string::npos) << message;
}

TEST(PoemCorpus, WritesOnePoemPerLine) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "attnscope-poem-corpus-test";
  std::filesystem::create_directories(folder);
  const std::filesystem::path file = folder / "poems.txt";
  core::write_corpus_file(file, {"海內存知己，天涯若比鄰。", "無為在岐路，兒女共沾巾。"});
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "海內存知己，天涯若比鄰。\n無為在岐路，兒女共沾巾。\n");
  std::filesystem::remove_all(folder);
}

}  // namespace
