// The tokenizer.json components one at a time, each in a small file written by the test: where a
// Split behavior puts its matches, Metaspace's prepend schemes, Digits, added tokens' lstrip /
// rstrip / single_word / normalized, BPE's options, the post-processors and decoders, and the
// message for every kind of broken file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tensor/errors.h"
#include "text/tokenizer.h"
#include "text/tokenizer_loader.h"

namespace {

using nlohmann::json;
using Tokens = std::vector<std::string>;
using Ids = std::vector<int>;

// A folder of its own per test, removed afterwards.
class TokenizerJsonFile : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    folder_ = std::filesystem::temp_directory_path() /
              ("attnscope-text-" + std::string(info->test_suite_name()) + "-" + info->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  void write(const std::string& text) const { std::ofstream(folder_ / "tokenizer.json") << text; }
  std::shared_ptr<const core::Tokenizer> load(const json& file) const {
    write(file.dump());
    return core::load_tokenizer_json(folder_);
  }
  void expect_error(const json& file, const std::string& message) const { expect_error_text(file.dump(), message); }
  void expect_error_text(const std::string& text, const std::string& message) const {
    write(text);
    try {
      core::load_tokenizer_json(folder_);
      ADD_FAILURE() << "no error; expected: " << message;
    } catch (const core::LoadError& error) {
      EXPECT_EQ(error.what(), message);
    }
  }

  std::filesystem::path folder_;
};

// A BPE model that takes any piece in its vocabulary whole (ignore_merges) and spells the rest
// character by character, so the tokens show where the pre-tokenizer cut.
json whole_piece_model(const Tokens& pieces) {
  json vocab = json::object();
  for (const std::string& piece : pieces) {
    if (!vocab.contains(piece)) vocab[piece] = static_cast<int>(vocab.size());
  }
  return {{"type", "BPE"}, {"vocab", vocab}, {"merges", json::array()}, {"ignore_merges", true}};
}

Tokens tokens_of(const core::Tokenizer& tokenizer, const std::string& text) {
  return tokenizer.encode(text, false).tokens;
}

TEST_F(TokenizerJsonFile, SplitBehaviorsPlaceTheMatches) {
  const json model = whole_piece_model({"a", "b", "-", "--", "a-", "b-", "-b", "a--", "--b"});
  const auto with = [&](const char* behavior, bool invert = false) {
    return load({{"pre_tokenizer", {{"type", "Split"}, {"pattern", {{"String", "-"}}}, {"behavior", behavior}, {"invert", invert}}},
                 {"model", model}});
  };
  EXPECT_EQ(tokens_of(*with("Removed"), "a-b-"), (Tokens{"a", "b"}));
  EXPECT_EQ(tokens_of(*with("Isolated"), "a-b-"), (Tokens{"a", "-", "b", "-"}));
  EXPECT_EQ(tokens_of(*with("MergedWithPrevious"), "a-b-"), (Tokens{"a-", "b-"}));
  EXPECT_EQ(tokens_of(*with("MergedWithNext"), "a-b-"), (Tokens{"a", "-b", "-"}));
  EXPECT_EQ(tokens_of(*with("Contiguous"), "a--b"), (Tokens{"a", "--", "b"}));
  EXPECT_EQ(tokens_of(*with("Removed", true), "a-b-"), (Tokens{"-", "-"}));
}

TEST_F(TokenizerJsonFile, SplitRegexUsesUnicodeClasses) {
  // Llama 3's digit rule: runs of at most three.
  const auto tokenizer = load({{"pre_tokenizer", {{"type", "Split"}, {"pattern", {{"Regex", "\\p{N}{1,3}"}}}, {"behavior", "Isolated"}}},
                               {"model", whole_piece_model({"123", "45", "x", "٣٤"})}});
  EXPECT_EQ(tokens_of(*tokenizer, "x12345"), (Tokens{"x", "123", "45"}));
  EXPECT_EQ(tokens_of(*tokenizer, "٣٤"), (Tokens{"٣٤"}));  // Arabic-Indic digits are \p{N} too
}

TEST_F(TokenizerJsonFile, MetaspacePrependSchemes) {
  const json model = whole_piece_model({"\u2581hi", "hi", "<s>", "\u2581a\u2581b", "\u2581a", "\u2581b"});
  const json added = json::array({{{"id", 2}, {"content", "<s>"}, {"special", true}}});
  const auto with = [&](const char* scheme, bool split) {
    return load({{"added_tokens", added},
                 {"pre_tokenizer", {{"type", "Metaspace"}, {"replacement", "\u2581"}, {"prepend_scheme", scheme}, {"split", split}}},
                 {"model", model}});
  };
  EXPECT_EQ(tokens_of(*with("always", true), "hi<s>hi"), (Tokens{"\u2581hi", "<s>", "\u2581hi"}));
  EXPECT_EQ(tokens_of(*with("first", true), "hi<s>hi"), (Tokens{"\u2581hi", "<s>", "hi"}));
  EXPECT_EQ(tokens_of(*with("never", true), "hi<s>hi"), (Tokens{"hi", "<s>", "hi"}));
  EXPECT_EQ(tokens_of(*with("always", true), "a b"), (Tokens{"\u2581a", "\u2581b"}));
  EXPECT_EQ(tokens_of(*with("always", false), "a b"), (Tokens{"\u2581a\u2581b"}));
}

TEST_F(TokenizerJsonFile, DigitsAndWhitespaceSplits) {
  const json model = whole_piece_model({"a", "1", "2", "3", "123", "b", "!", "!!", "c", ","});
  const auto with = [&](const json& pre_tokenizer) { return load({{"pre_tokenizer", pre_tokenizer}, {"model", model}}); };
  EXPECT_EQ(tokens_of(*with({{"type", "Digits"}, {"individual_digits", true}}), "a123"), (Tokens{"a", "1", "2", "3"}));
  EXPECT_EQ(tokens_of(*with({{"type", "Digits"}, {"individual_digits", false}}), "a123"), (Tokens{"a", "123"}));
  EXPECT_EQ(tokens_of(*with({{"type", "Whitespace"}}), "a  b!!"), (Tokens{"a", "b", "!!"}));
  EXPECT_EQ(tokens_of(*with({{"type", "WhitespaceSplit"}}), "a\u3000!!"), (Tokens{"a", "!!"}));
  EXPECT_EQ(tokens_of(*with({{"type", "BertPreTokenizer"}}), "b!! c,"), (Tokens{"b", "!", "!", "c", ","}));
  EXPECT_EQ(tokens_of(*with({{"type", "Punctuation"}, {"behavior", "Contiguous"}}), "b!!"), (Tokens{"b", "!!"}));
}

TEST_F(TokenizerJsonFile, AddedTokensStripAndStayWhole) {
  const json model = whole_piece_model({"x", "y", " ", "x ", " y", "x<m>", "<", "m", ">", "<M>"});
  const auto with = [&](json token) {
    token["id"] = 50;
    if (!token.contains("content")) token["content"] = "<m>";
    return load({{"added_tokens", json::array({token})}, {"normalizer", {{"type", "Lowercase"}}}, {"model", model}});
  };
  EXPECT_EQ(tokens_of(*with({}), "x <m> y"), (Tokens{"x ", "<m>", " y"}));
  EXPECT_EQ(tokens_of(*with({{"lstrip", true}}), "x <m> y"), (Tokens{"x", "<m>", " y"}));
  EXPECT_EQ(tokens_of(*with({{"rstrip", true}}), "x <m> y"), (Tokens{"x ", "<m>", "y"}));
  EXPECT_EQ(tokens_of(*with({{"single_word", true}}), "x<m>"), (Tokens{"x<m>"}));
  // Matched in the raw text unless normalized: "<M>" is lower-cased before it can match.
  EXPECT_EQ(tokens_of(*with({{"normalized", false}}), "<M>"), (Tokens{"<", "m", ">"}));
  EXPECT_EQ(tokens_of(*with({{"normalized", true}}), "<M>"), (Tokens{"<m>"}));
  EXPECT_EQ(tokens_of(*with({{"normalized", false}, {"content", "<M>"}}), "<M>"), (Tokens{"<M>"}));
}

TEST_F(TokenizerJsonFile, AddedTokensLongestMatchWins) {
  const json added = json::array({{{"id", 10}, {"content", "<|end|>"}, {"special", true}},
                                   {{"id", 11}, {"content", "<|endoftext|>"}, {"special", true}}});
  const auto tokenizer = load({{"added_tokens", added}, {"model", whole_piece_model({"a"})}});
  EXPECT_EQ(tokenizer->encode("a<|endoftext|>a<|end|>", false).ids, (Ids{0, 11, 0, 10}));
}

TEST_F(TokenizerJsonFile, BpeJoinsSubwordsAndFallsBack) {
  // continuing_subword_prefix: "a" + "##b" joins to "ab"; end_of_word_suffix marks the last symbol.
  const json vocab = {{"<unk>", 0}, {"a", 1}, {"##b", 2}, {"ab", 3}, {"##c</w>", 4}, {"<0x78>", 5}, {"c</w>", 6}};
  const auto with = [&](json options) {
    json model = {{"type", "BPE"}, {"vocab", vocab}, {"merges", json::array({"a ##b"})}, {"unk_token", "<unk>"},
                  {"continuing_subword_prefix", "##"}, {"end_of_word_suffix", "</w>"}};
    if (!options.is_null()) model.update(options);
    return load({{"pre_tokenizer", {{"type", "WhitespaceSplit"}}}, {"model", model}});
  };
  EXPECT_EQ(tokens_of(*with({}), "abc c"), (Tokens{"ab", "##c</w>", "c</w>"}));
  EXPECT_EQ(with({})->encode("azz", false).unknown, (std::vector<bool>{false, true, true}));
  EXPECT_EQ(tokens_of(*with({{"fuse_unk", true}}), "azz"), (Tokens{"a", "<unk>"}));
  // byte_fallback: a character the vocabulary lacks becomes its bytes, when they are all there.
  const auto bytes = load({{"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", json::array()}, {"byte_fallback", true}}}});
  EXPECT_EQ(tokens_of(*bytes, "ax"), (Tokens{"a", "<0x78>"}));
}

// 11,110 merges share one right symbol ("z"): their (left id, right id) keys differ only in the high
// 32 bits. A table that hashed them as plain integers put them all in one cluster and could not
// grow out of it (std::bad_alloc after a minute on Llama 3's merges); they load and merge.
TEST_F(TokenizerJsonFile, BpeLoadsManyMergesWithOneRightSymbol) {
  json vocab = json::object();
  json merges = json::array();
  const auto add = [&](const std::string& token) { vocab[token] = static_cast<int>(vocab.size()); };
  add("z");
  std::vector<std::string> words = {""};
  std::vector<std::string> lefts;
  for (int length = 1; length <= 4; ++length) {
    std::vector<std::string> longer;
    for (const std::string& word : words) {
      for (char letter = 'a'; letter <= 'j'; ++letter) {
        const std::string next = word + letter;
        add(next);
        // spelled out one letter at a time: "abc" ← "ab" + "c"
        if (length > 1) merges.push_back(word + " " + std::string(1, letter));
        longer.push_back(next);
        lefts.push_back(next);
      }
    }
    words = std::move(longer);
  }
  for (const std::string& left : lefts) {
    add(left + "z");
    merges.push_back(left + " z");
  }
  ASSERT_EQ(merges.size(), 11'100u + 11'110u);
  const auto tokenizer = load({{"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}}}});
  EXPECT_EQ(tokens_of(*tokenizer, "abcz"), (Tokens{"abcz"}));
  EXPECT_EQ(tokens_of(*tokenizer, "abcdz"), (Tokens{"ab", "cdz"}));  // "c d" ranks before "ab c"
  EXPECT_EQ(tokens_of(*tokenizer, "jz"), (Tokens{"jz"}));
  EXPECT_EQ(tokens_of(*tokenizer, "zab"), (Tokens{"z", "ab"}));
}

TEST_F(TokenizerJsonFile, PostProcessorsFrameTheText) {
  const json model = whole_piece_model({"[CLS]", "[SEP]", "a"});
  const auto with = [&](const json& processor) { return load({{"model", model}, {"post_processor", processor}}); };
  EXPECT_EQ(with({{"type", "BertProcessing"}, {"cls", {"[CLS]", 0}}, {"sep", {"[SEP]", 1}}})->encode("a").ids, (Ids{0, 2, 1}));
  EXPECT_EQ(with({{"type", "RobertaProcessing"}, {"cls", {"[CLS]", 0}}, {"sep", {"[SEP]", 1}}})->encode("a").ids, (Ids{0, 2, 1}));
  const json specials = {{"[CLS]", {{"id", "[CLS]"}, {"ids", {0}}, {"tokens", {"[CLS]"}}}},
                         {"[SEP]", {{"id", "[SEP]"}, {"ids", {1}}, {"tokens", {"[SEP]"}}}}};
  const auto template_string = with({{"type", "TemplateProcessing"}, {"single", "[CLS]:0 $A:0 [SEP]:0"}, {"special_tokens", specials}});
  EXPECT_EQ(template_string->encode("a").ids, (Ids{0, 2, 1}));
  EXPECT_EQ(template_string->encode("a", false).ids, (Ids{2}));
  EXPECT_EQ(template_string->trailing_special_tokens(), 1);
  const json sequence = {{"type", "Sequence"},
                         {"processors", {{{"type", "ByteLevel"}},
                                         {{"type", "TemplateProcessing"},
                                          {"single", {{{"SpecialToken", {{"id", "[SEP]"}}}}, {{"Sequence", {{"id", "A"}}}}}},
                                          {"special_tokens", specials}}}}};
  EXPECT_EQ(with(sequence)->encode("a").ids, (Ids{1, 2}));
}

TEST_F(TokenizerJsonFile, DecodersUndoTheEncoding) {
  const json model = whole_piece_model({"\u2581Hello", "\u2581w", "or", "ld", "<0xE6>", "<0x9D>", "<0xB1>", "<s>"});
  const json added = json::array({{{"id", 7}, {"content", "<s>"}, {"special", true}}});
  // Mistral's decoder: ▁ → space, byte pieces back to bytes, joined, one leading space dropped.
  const json decoder = {{"type", "Sequence"},
                        {"decoders", {{{"type", "Replace"}, {"pattern", {{"String", "\u2581"}}}, {"content", " "}},
                                      {{"type", "ByteFallback"}},
                                      {{"type", "Fuse"}},
                                      {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}};
  const auto tokenizer = load({{"model", model}, {"added_tokens", added}, {"decoder", decoder}});
  EXPECT_EQ(tokenizer->decode(Ids{7, 0, 1, 2, 3, 4, 5, 6}), "Hello world\u6771");
  EXPECT_EQ(tokenizer->decode(Ids{0, 4, 5}), "Hello\uFFFD\uFFFD");  // an incomplete character
  const auto metaspace = load({{"model", model}, {"decoder", {{"type", "Metaspace"}, {"prepend_scheme", "always"}}}});
  EXPECT_EQ(metaspace->decode(Ids{0, 1, 2, 3}), "Hello world");
  const auto wordpiece = load({{"model", whole_piece_model({"un", "##aff", "##able", "."})},
                               {"decoder", {{"type", "WordPiece"}, {"prefix", "##"}, {"cleanup", true}}}});
  EXPECT_EQ(wordpiece->decode(Ids{0, 1, 2, 3}), "unaffable.");
}

TEST_F(TokenizerJsonFile, NormalizersInTurn) {
  const json model = whole_piece_model({"\u2581cafe", "\u2581fi", "\u2581x"});
  const json normalizer = {{"type", "Sequence"},
                           {"normalizers", {{{"type", "NFKD"}}, {{"type", "StripAccents"}}, {{"type", "Lowercase"}},
                                            {{"type", "Strip"}, {"strip_left", true}, {"strip_right", true}},
                                            {{"type", "Replace"}, {"pattern", {{"Regex", "\\s+"}}}, {"content", " "}},
                                            {{"type", "Prepend"}, {"prepend", " "}},
                                            {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\u2581"}}}}};
  const auto tokenizer = load({{"normalizer", normalizer},
                               {"pre_tokenizer", {{"type", "Metaspace"}, {"prepend_scheme", "never"}}},
                               {"model", model}});
  EXPECT_EQ(tokens_of(*tokenizer, "  CAFÉ\t\uFB01  x "), (Tokens{"\u2581cafe", "\u2581fi", "\u2581x"}));
  EXPECT_EQ(tokens_of(*tokenizer, ""), Tokens{});
}

// model.vocab and model.merges are read as a stream (text/tokenizer_json_stream.h), the rest as a
// DOM; a file is read as one DOM would read it: a key given twice keeps its last value, and a
// vocabulary that names a token or an id twice is read as the DOM reads it (the last value of a
// token; of two tokens with one id, the later in key order owns the id).
TEST_F(TokenizerJsonFile, StreamedMembersKeepADomsMeaning) {
  const auto ids_of = [&](const std::string& text, const std::string& input) {
    write(text);
    return core::load_tokenizer_json(folder_)->encode(input, false);
  };
  const std::string abc = R"("vocab": {"a": 0, "b": 1, "ab": 2})";
  // the second "model", "vocab" or "merges" counts
  EXPECT_EQ(ids_of(R"({"model": {"type": "BPE", "vocab": {"x": 0}, "merges": []},
                      "model": {"type": "BPE", )" + abc + R"(, "merges": ["a b"]}})", "ab").ids, Ids{2});
  EXPECT_EQ(ids_of(R"({"model": {"type": "BPE", "vocab": {"x": 0}, )" + abc + R"(, "merges": [["a", "b"]]}})", "ab").ids,
            Ids{2});
  EXPECT_EQ(ids_of(R"({"model": {"type": "BPE", )" + abc + R"(, "merges": ["a b"], "merges": []}})", "ab").ids,
            (Ids{0, 1}));
  // a token given twice: its last id; the first id is left without a token
  const core::Tokenization twice = ids_of(R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "a": 2}, "merges": []}})", "ab");
  EXPECT_EQ(twice.ids, (Ids{2, 1}));
  // two tokens with one id: both are found, and the id reads as the later key ("b")
  const core::Tokenization shared = ids_of(R"({"model": {"type": "BPE", "vocab": {"b": 0, "a": 0}, "merges": []}})", "ab");
  EXPECT_EQ(shared.ids, (Ids{0, 0}));
  EXPECT_EQ(shared.tokens, (Tokens{"b", "b"}));
  // merges of other shapes and bad ids still get the DOM reader's messages
  expect_error_text(R"({"model": {"type": "BPE", )" + abc + R"(, "merges": [["a", "b", "c"]]}})",
                    "tokenizer.json: 'model.merges[0]' is not two symbols");
  expect_error_text(R"({"model": {"type": "BPE", "vocab": {"a": "zero"}, "merges": []}})",
                    "tokenizer.json: 'model.vocab[\"a\"]' is the string \"zero\", not an integer from 0 to 16777215");
  expect_error_text(R"({"model": {"type": "BPE", )" + abc + R"(, "merges": ["a c"]}})",
                    "tokenizer.json: 'model.merges[0]' names \"c\", which is not in 'model.vocab'");
}

TEST_F(TokenizerJsonFile, NotJson) {
  expect_error_text("{\"model\": ", "tokenizer.json: not valid JSON: parse error at line 1, column 11: syntax error while "
                                     "parsing value - unexpected end of input; expected '[', '{', or a literal");
}

TEST_F(TokenizerJsonFile, UnknownComponentTypes) {
  const json model = whole_piece_model({"a"});
  expect_error({{"model", model}, {"normalizer", {{"type", "Sequence"}, {"normalizers", {{{"type", "Fancy"}}}}}}},
               "tokenizer.json: 'normalizer.normalizers[0].type' is \"Fancy\", not a normalizer this program knows (NFC, "
               "NFD, NFKC, NFKD, Lowercase, StripAccents, Replace, Prepend, Strip, BertNormalizer, Precompiled, "
               "ByteLevel, Sequence)");
  expect_error({{"model", model}, {"pre_tokenizer", {{"type", "UnicodeScripts"}}}},
               "tokenizer.json: 'pre_tokenizer.type' is \"UnicodeScripts\", not a pre-tokenizer this program knows "
               "(ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit, Punctuation, BertPreTokenizer, "
               "CharDelimiterSplit, Sequence)");
  expect_error({{"model", {{"type", "WordLevel"}, {"vocab", {{"a", 0}}}}}},
               "tokenizer.json: 'model.type' is \"WordLevel\", not a model this program knows (BPE, WordPiece, Unigram)");
  expect_error({{"model", model}, {"post_processor", {{"type", "Fancy"}}}},
               "tokenizer.json: 'post_processor.type' is \"Fancy\", not a post-processor this program knows "
               "(TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)");
  expect_error({{"model", model}, {"decoder", {{"type", "CTC"}}}},
               "tokenizer.json: 'decoder.type' is \"CTC\", not a decoder this program knows (ByteLevel, Metaspace, "
               "WordPiece, ByteFallback, Fuse, Strip, Replace, BPEDecoder, Sequence)");
  expect_error({{"model", model}, {"pre_tokenizer", {{"type", "Split"}, {"pattern", {{"String", "-"}}}, {"behavior", "Sideways"}}}},
               "tokenizer.json: 'pre_tokenizer.behavior' is \"Sideways\"; expected Removed, Isolated, "
               "MergedWithPrevious, MergedWithNext or Contiguous");
}

TEST_F(TokenizerJsonFile, MergeNamingAMissingToken) {
  expect_error({{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 1}}}, {"merges", {"a b"}}}}},
               "tokenizer.json: 'model.merges[0]' names \"ab\", which is not in 'model.vocab'");
  expect_error({{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"ab", 1}}}, {"merges", json::array({json::array({"a", "c"})})}}}},
               "tokenizer.json: 'model.merges[0]' names \"c\", which is not in 'model.vocab'");
  expect_error({{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}}}, {"merges", {"ab"}}}}},
               "tokenizer.json: 'model.merges[0]' is not two symbols");
}

TEST_F(TokenizerJsonFile, RegexThatDoesNotCompile) {
  expect_error({{"model", whole_piece_model({"a"})},
                {"pre_tokenizer", {{"type", "Split"}, {"pattern", {{"Regex", "(\\p{L}+"}}}, {"behavior", "Isolated"}}}},
               "tokenizer.json: 'pre_tokenizer.pattern.Regex' does not compile: missing closing parenthesis at offset 7");
}

TEST_F(TokenizerJsonFile, OtherBrokenKeys) {
  expect_error({{"normalizer", nullptr}}, "tokenizer.json: 'model' is missing");
  expect_error({{"model", {{"type", "WordPiece"}, {"vocab", {{"a", 0}}}}}},
               "tokenizer.json: 'model' names the unknown token \"[UNK]\", which is not in 'model.vocab'");
  expect_error({{"model", {{"type", "BPE"}, {"vocab", {{"a", -1}}}, {"merges", json::array()}}}},
               "tokenizer.json: 'model.vocab[\"a\"]' is -1, not an integer from 0 to 16777215");
  expect_error({{"model", whole_piece_model({"a"})},
                {"post_processor", {{"type", "TemplateProcessing"}, {"single", "<s> $A"}, {"special_tokens", json::object()}}}},
               "tokenizer.json: 'post_processor.single' names the special token \"<s>\", which 'special_tokens' does "
               "not list");
  expect_error({{"model", {{"type", "Unigram"}, {"vocab", json::array({json::array({"a", "high"})})}}}},
               "tokenizer.json: 'model.vocab[0][1]' is the string \"high\", not a number");
}

// Every shipped tokenizer.json survives bytes that are not UTF-8 and odd Unicode.
TEST(TokenizerJsonRobustness, InvalidUtf8NeverThrows) {
  const std::filesystem::path data_dir(ATTNSCOPE_TEST_DATA);
  for (const char* name : {"gpt2", "mistral", "qwen2_5"}) {
    const auto tokenizer = core::load_tokenizer_json(data_dir / "tokenizers" / name);
    for (const std::string& text : {std::string("\xff\xfe\xc3"), std::string("a\0b", 3), std::string("\xed\xa0\x80 surrogate"),
                                   std::string(3000, ' '), std::string("\xf4\x90\x80\x80")}) {
      const core::Tokenization t = tokenizer->encode(text);
      EXPECT_EQ(t.tokens.size(), t.ids.size()) << name;
      EXPECT_EQ(t.unknown.size(), t.ids.size()) << name;
      EXPECT_NO_THROW(tokenizer->decode(t.ids)) << name;
    }
  }
}

// Byte-level tokenizers read back exactly what was encoded.
TEST(TokenizerJsonRobustness, ByteLevelDecodeRoundTrips) {
  const std::filesystem::path data_dir(ATTNSCOPE_TEST_DATA);
  std::ifstream stream(data_dir / "tokenizers" / "texts.json");
  const std::vector<std::string> texts = json::parse(stream).get<std::vector<std::string>>();
  for (const char* name : {"gpt2", "llama3", "mistral_nemo"}) {  // qwen2_5 NFCs the text first
    const auto tokenizer = core::load_tokenizer_json(data_dir / "tokenizers" / name);
    for (const std::string& text : texts) {
      if (text.find('<') != std::string::npos || text.find('[') != std::string::npos) continue;  // special tokens
      EXPECT_EQ(tokenizer->decode(tokenizer->encode(text).ids), text) << name;
    }
  }
}

}  // namespace
