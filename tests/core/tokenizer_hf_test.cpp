// The HuggingFace tokenizers (BERT WordPiece, GPT-2 and BART byte-level BPE, Marian SentencePiece)
// against the answer key in tests/data/peer (what transformers v4.43.4 itself returned), the rules
// that key's README states, tokenizer.json files, and every loader message.
#include <gtest/gtest.h>

#include <chrono>
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

using Tokens = std::vector<std::string>;
using Ids = std::vector<int>;

const std::filesystem::path data_dir(ATTNSCOPE_TEST_DATA);
const std::filesystem::path peer_dir = data_dir / "peer";

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

struct CaseTokenizers {
  std::shared_ptr<const core::Tokenizer> source;
  std::shared_ptr<const core::Tokenizer> target;
};

CaseTokenizers load_case(const std::filesystem::path& folder) {
  const std::string model_type = read_json(folder / "config.json").at("model_type");
  if (model_type == "bert") return {core::load_bert_tokenizer(folder), nullptr};
  if (model_type == "gpt2") return {nullptr, core::load_gpt2_tokenizer(folder)};
  if (model_type == "bart") {
    const auto bart = core::load_bart_tokenizer(folder);
    return {bart, bart};
  }
  const core::MarianTokenizers marian = core::load_marian_tokenizers(folder);
  return {marian.source, marian.target};
}

class PeerCase : public testing::TestWithParam<std::string> {};

void expect_side_matches(const core::Tokenizer* tokenizer, const nlohmann::json& expected, const std::string& side) {
  if (!expected.contains(side + "_text")) return;
  ASSERT_NE(tokenizer, nullptr) << side;
  const core::Tokenization t = tokenizer->encode(expected.at(side + "_text").get<std::string>());
  EXPECT_EQ(t.tokens, expected.at(side + "_tokens").get<Tokens>()) << side;
  EXPECT_EQ(t.ids, expected.at(side + "_ids").get<Ids>()) << side;
  EXPECT_EQ(t.unknown, std::vector<bool>(t.size(), false)) << side;
  EXPECT_EQ(t.untruncated_length, t.size());
}

TEST_P(PeerCase, TokensAndIdsEqualHuggingFace) {
  const std::filesystem::path folder = peer_dir / GetParam();
  const nlohmann::json expected = read_json(folder / "expected.json");
  const CaseTokenizers tokenizers = load_case(folder);
  expect_side_matches(tokenizers.source.get(), expected, "source");
  expect_side_matches(tokenizers.target.get(), expected, "target");
}

INSTANTIATE_TEST_SUITE_P(Peer, PeerCase,
                         testing::Values("bert-tiny-short", "bert-tiny-basemodel", "gpt2-tiny-short",
                                         "gpt2-tiny-basemodel", "marian-tiny-short", "marian-tiny-swish",
                                         "bart-tiny-short"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

std::shared_ptr<const core::Tokenizer> bert() {
  static const auto tokenizer = core::load_bert_tokenizer(peer_dir / "bert-tiny-short");
  return tokenizer;
}

std::shared_ptr<const core::Tokenizer> gpt2() {
  static const auto tokenizer = core::load_gpt2_tokenizer(peer_dir / "gpt2-tiny-short");
  return tokenizer;
}

std::shared_ptr<const core::Tokenizer> bart() {
  static const auto tokenizer = core::load_bart_tokenizer(peer_dir / "bart-tiny-short");
  return tokenizer;
}

const core::MarianTokenizers& marian() {
  static const core::MarianTokenizers tokenizers = core::load_marian_tokenizers(peer_dir / "marian-tiny-short");
  return tokenizers;
}

Tokens tokens(const core::Tokenizer& tokenizer, std::string_view text) {
  return tokenizer.encode(text).tokens;
}

TEST(BertTokenizer, LowerCasesAndStripsAccents) {
  EXPECT_EQ(tokens(*bert(), "Café"), (Tokens{"[CLS]", "cafe", "[SEP]"}));
  EXPECT_EQ(tokens(*bert(), "CAFE\u0301"), (Tokens{"[CLS]", "cafe", "[SEP]"}));
}

TEST(BertTokenizer, WordWithAnUnmatchedPartIsOneUnk) {
  const core::Tokenization t = bert()->encode("straße");
  EXPECT_EQ(t.tokens, (Tokens{"[CLS]", "[UNK]", "[SEP]"}));
  EXPECT_EQ(t.ids, (Ids{2, 1, 3}));
  EXPECT_EQ(t.unknown, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(tokens(*bert(), "the — dog"), (Tokens{"[CLS]", "the", "[UNK]", "dog", "[SEP]"}));
}

TEST(BertTokenizer, SplitsCjkCharacters) {
  EXPECT_EQ(tokens(*bert(), "天涯若比鄰"), (Tokens{"[CLS]", "天", "涯", "若", "比", "鄰", "[SEP]"}));
  EXPECT_EQ(tokens(*bert(), "cat天dog"), (Tokens{"[CLS]", "cat", "天", "dog", "[SEP]"}));
}

TEST(BertTokenizer, SplitsOffPunctuation) {
  EXPECT_EQ(tokens(*bert(), "The dog, the cat!"), (Tokens{"[CLS]", "the", "dog", ",", "the", "cat", "!", "[SEP]"}));
  EXPECT_EQ(tokens(*bert(), "don't"), (Tokens{"[CLS]", "don", "'", "t", "[SEP]"}));
}

TEST(BertTokenizer, WordPieceIsGreedyLongestMatchFirst) {
  EXPECT_EQ(tokens(*bert(), "looking"), (Tokens{"[CLS]", "look", "##ing", "[SEP]"}));
  EXPECT_EQ(tokens(*bert(), "books"), (Tokens{"[CLS]", "books", "[SEP]"}));
}

TEST(BertTokenizer, WordsLongerThan100CharactersAreUnk) {
  EXPECT_EQ(bert()->encode(std::string(100, 'a')).size(), 102u);  // a ##a … ##a
  EXPECT_EQ(tokens(*bert(), std::string(101, 'a')), (Tokens{"[CLS]", "[UNK]", "[SEP]"}));
}

TEST(BertTokenizer, DropsControlCharactersAndInvalidBytes) {
  EXPECT_EQ(tokens(*bert(), "the\x01 dog\u200D \xff\xfe cat\u00a0"), (Tokens{"[CLS]", "the", "dog", "cat", "[SEP]"}));
}

TEST(BertTokenizer, TypedSpecialTokensStayWhole) {
  const core::Tokenization t = bert()->encode("The [MASK] sleeps.");
  EXPECT_EQ(t.tokens, (Tokens{"[CLS]", "the", "[MASK]", "sleeps", ".", "[SEP]"}));
  EXPECT_EQ(t.ids[2], 4);
  EXPECT_FALSE(t.unknown[2]);
}

TEST(BertTokenizer, EmptyText) {
  EXPECT_EQ(tokens(*bert(), ""), (Tokens{"[CLS]", "[SEP]"}));
}

TEST(BertTokenizer, DecodeGluesContinuationsAndPunctuation) {
  EXPECT_EQ(bert()->decode(bert()->encode("The dog, looking at the sea.").ids), "the dog, looking at the sea.");
  EXPECT_EQ(bert()->trailing_special_tokens(), 1);
  EXPECT_EQ(bert()->vocab_size(), 296);
}

TEST(BertTokenizer, HundredThousandCharacters) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "dog ";
  EXPECT_EQ(bert()->encode(text).size(), 20002u);
}

TEST(Gpt2Tokenizer, AddsNoSpecialTokens) {
  EXPECT_TRUE(gpt2()->encode("").tokens.empty());
  EXPECT_EQ(gpt2()->trailing_special_tokens(), 0);
  EXPECT_EQ(tokens(*gpt2(), " the"), (Tokens{"Ġthe"}));
}

TEST(Gpt2Tokenizer, SpacesBecomeG) {
  EXPECT_EQ(tokens(*gpt2(), " the dog"), (Tokens{"Ġthe", "Ġdog"}));
  EXPECT_EQ(tokens(*gpt2(), " the  dog"), (Tokens{"Ġthe", "Ġ", "Ġdog"}));
  EXPECT_EQ(tokens(*gpt2(), " dog\n\n the"), (Tokens{"Ġdog", "Ċ", "Ċ", "Ġthe"}));
}

TEST(Gpt2Tokenizer, ContractionsAndNumbersArePiecesOfTheirOwn) {
  // "'s" is its own piece (the tiny vocabulary has no "'s", so it splits again); " 12" is one.
  EXPECT_EQ(tokens(*gpt2(), " dog's 12"), (Tokens{"Ġdog", "'", "s", "Ġ12"}));
}

TEST(Gpt2Tokenizer, NonAsciiTextIsSpelledInBytes) {
  // é is C3 A9, spelled Ã ©, which this vocabulary merges.
  const core::Tokenization t = gpt2()->encode("é");
  EXPECT_EQ(t.tokens, (Tokens{"Ã©"}));
  EXPECT_EQ(t.unknown, (std::vector<bool>{false}));
  EXPECT_EQ(tokens(*gpt2(), "天"), (Tokens{"å", "¤", "©"}));
}

TEST(Gpt2Tokenizer, DecodeUndoesTheByteMapping) {
  for (const std::string text : {"The quick brown fox.", "Hello  world\n\n\tnew line ",
                                 "Café 天涯 \U0001F468\u200D\U0001F469", "12,345.67 don't", "שלום עולם"}) {
    const core::Tokenization t = gpt2()->encode(text);
    EXPECT_EQ(gpt2()->decode(t.ids), text);
    EXPECT_EQ(t.unknown, std::vector<bool>(t.size(), false)) << text;
  }
  EXPECT_EQ(gpt2()->decode(gpt2()
                               ->encode("a\xff"
                                        "b")
                               .ids),
            "a\uFFFDb");
  // Generated text ends in <|endoftext|>; decoding stops showing it.
  EXPECT_EQ(gpt2()->decode(Ids{594, 648}), " dog");
}

TEST(Gpt2Tokenizer, DecodeReplacesBytesCutMidCharacter) {
  const core::Tokenization t = gpt2()->encode("天");  // E5 A4 A9, one token per byte
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(gpt2()->decode(Ids{t.ids[0], t.ids[1]}), "\uFFFD");
}

TEST(Gpt2Tokenizer, TypedEndOfTextStaysWhole) {
  const core::Tokenization t = gpt2()->encode(" dog<|endoftext|> the");
  EXPECT_EQ(t.tokens, (Tokens{"Ġdog", "<|endoftext|>", "Ġthe"}));
  EXPECT_EQ(t.ids[1], 648);
}

TEST(Gpt2Tokenizer, HundredThousandCharacters) {
  const std::string text(100000, 'z');
  const auto start = std::chrono::steady_clock::now();
  const core::Tokenization t = gpt2()->encode(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(gpt2()->decode(t.ids), text);
}

TEST(BartTokenizer, WrapsSourceAndTargetInStartAndEnd) {
  const core::Tokenization t = bart()->encode(" the dog");
  EXPECT_EQ(t.tokens, (Tokens{"<s>", "Ġthe", "Ġdog", "</s>"}));
  EXPECT_EQ(t.ids.front(), 0);
  EXPECT_EQ(t.ids.back(), 2);
  EXPECT_EQ(bart()->trailing_special_tokens(), 1);
  EXPECT_EQ(tokens(*bart(), ""), (Tokens{"<s>", "</s>"}));
}

TEST(BartTokenizer, MaskSwallowsTheSpaceBeforeIt) {
  // <mask> has lstrip: " the <mask>" gives Ġthe, <mask>, not Ġthe, Ġ, <mask>.
  const core::Tokenization t = bart()->encode(" the <mask> dog");
  EXPECT_EQ(t.tokens, (Tokens{"<s>", "Ġthe", "<mask>", "Ġdog", "</s>"}));
  EXPECT_EQ(t.ids[2], 652);
}

TEST(BartTokenizer, DecodeLeavesOutStartEndAndPadding) {
  const nlohmann::json expected = read_json(peer_dir / "bart-tiny-short" / "expected.json");
  const Ids ids = expected.at("target_ids").get<Ids>();
  EXPECT_EQ(bart()->decode(ids), expected.at("target_text").get<std::string>());
  EXPECT_EQ(bart()->decode(Ids{0, 598, 2, 1, 1}), " dog");
}

TEST(MarianTokenizer, NormalisesCompatibilityCharacters) {
  EXPECT_EQ(tokens(*marian().source, "１２"), (Tokens{"▁1", "2", "</s>"}));
  EXPECT_EQ(tokens(*marian().source, "  the    dog  "), tokens(*marian().source, "the dog"));
}

TEST(MarianTokenizer, UnknownRunIsOneUnk) {
  const core::Tokenization t = marian().source->encode("天涯");
  EXPECT_EQ(t.tokens, (Tokens{"▁", "<unk>", "</s>"}));
  EXPECT_EQ(t.ids, (Ids{2, 1, 0}));
  EXPECT_EQ(t.unknown, (std::vector<bool>{false, true, false}));
}

TEST(MarianTokenizer, SourceAndTargetUseTheirOwnModels) {
  EXPECT_EQ(tokens(*marian().source, "Le"), (Tokens{"▁", "L", "e", "</s>"}));
  EXPECT_EQ(tokens(*marian().target, "Le"), (Tokens{"▁Le", "</s>"}));
  EXPECT_EQ(marian().target->trailing_special_tokens(), 1);
  EXPECT_EQ(marian().source->vocab_size(), 419);
}

TEST(MarianTokenizer, EmptyTextIsOnlyEnd) {
  EXPECT_EQ(tokens(*marian().source, ""), (Tokens{"</s>"}));
  // nmt_nfkc drops control characters and reads U+FFFD (here from an invalid byte) as a space.
  EXPECT_EQ(tokens(*marian().source, "\x01\xff"), (Tokens{"</s>"}));
  EXPECT_EQ(tokens(*marian().source,
                   "a\xff"
                   "b"),
            tokens(*marian().source, "a b"));
}

TEST(MarianTokenizer, LeadingLanguageCodeIsOneToken) {
  Tokens expected{"<unk>"};  // this vocabulary has no ">>fr<<"
  const Tokens rest = tokens(*marian().source, "the dog");
  expected.insert(expected.end(), rest.begin(), rest.end());
  EXPECT_EQ(tokens(*marian().source, ">>fr<< the dog"), expected);
}

TEST(MarianTokenizer, TypedEndStaysWhole) {
  EXPECT_EQ(tokens(*marian().source, "the</s>"), (Tokens{"▁the", "</s>", "</s>"}));
}

TEST(MarianTokenizer, DecodeReadsWordStartsAsSpaces) {
  const nlohmann::json expected = read_json(peer_dir / "marian-tiny-short" / "expected.json");
  EXPECT_EQ(marian().target->decode(expected.at("target_ids").get<Ids>()),
            expected.at("target_text").get<std::string>());
  EXPECT_EQ(marian().source->decode(Ids{3, 112, 0, 418}), "the dog");
}

TEST(MarianTokenizer, HundredThousandCharacters) {
  std::string text;
  for (int i = 0; i < 25000; ++i) text += "dog ";
  EXPECT_EQ(marian().source->encode(text).size(), 25001u);
}

// tokenizer.json files written from the same vocabularies must tokenize exactly like vocab.txt or
// vocab.json + merges.txt.
class TokenizerJson : public testing::TestWithParam<std::string> {};

TEST_P(TokenizerJson, TokenizesLikeTheVocabularyFiles) {
  const std::string name = GetParam();
  const std::function<std::shared_ptr<const core::Tokenizer>(const std::filesystem::path&)> load =
      name.starts_with("bert")   ? core::load_bert_tokenizer
      : name.starts_with("gpt2") ? core::load_gpt2_tokenizer
                                 : core::load_bart_tokenizer;
  const auto from_files = load(peer_dir / name);
  const auto from_json = load(data_dir / "tokenizer-json" / name);
  EXPECT_EQ(from_json->vocab_size(), from_files->vocab_size());
  for (const std::string text :
       {"The quick brown fox jumps over the lazy dog.", "Le renard brun rapide saute par-dessus le chien paresseux.",
        "Café straße 天涯若比鄰 — don't!", "Hello  world\n\nnew [MASK] <mask> <|endoftext|>", "", "\xff\xfe bytes"}) {
    const core::Tokenization want = from_files->encode(text);
    const core::Tokenization got = from_json->encode(text);
    EXPECT_EQ(got.tokens, want.tokens) << text;
    EXPECT_EQ(got.ids, want.ids) << text;
    EXPECT_EQ(got.unknown, want.unknown) << text;
    EXPECT_EQ(from_json->decode(got.ids), from_files->decode(want.ids)) << text;
  }
}

INSTANTIATE_TEST_SUITE_P(HuggingFace, TokenizerJson,
                         testing::Values("bert-tiny-short", "gpt2-tiny-short", "bart-tiny-short"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param.substr(0, info.param.find('-'));
                         });

void expect_load_error(const std::function<void()>& load, const std::string& message) {
  try {
    load();
    ADD_FAILURE() << "no error; expected: " << message;
  } catch (const core::LoadError& error) {
    EXPECT_EQ(error.what(), message);
  }
}

std::filesystem::path broken(const std::string& name) {
  return data_dir / "tokenizer-broken" / name;
}

TEST(TokenizerLoader, VocabJsonNotJson) {
  expect_load_error([] { core::load_gpt2_tokenizer(broken("vocab-json-not-json")); },
                    "vocab.json: not valid JSON: parse error at line 2, column 1: syntax error while parsing object "
                    "key - unexpected end of input; expected string literal");
}

TEST(TokenizerLoader, VocabJsonBadId) {
  expect_load_error([] { core::load_gpt2_tokenizer(broken("vocab-json-bad-id")); },
                    "vocab.json: id of 'b' is not an integer from 0 to 16777215, got -1");
}

TEST(TokenizerLoader, MergesLineMalformed) {
  expect_load_error([] { core::load_gpt2_tokenizer(broken("merges-line-malformed")); },
                    "merges.txt: line 3 is not two symbols");
}

TEST(TokenizerLoader, MergesMissing) {
  expect_load_error([] { core::load_bart_tokenizer(broken("merges-missing")); }, "merges.txt: missing");
}

TEST(TokenizerLoader, NoVocabularyFiles) {
  expect_load_error([] { core::load_bert_tokenizer(broken("no-vocab-files")); },
                    "vocab.txt: missing, and there is no tokenizer.json instead");
  expect_load_error([] { core::load_gpt2_tokenizer(broken("no-vocab-files")); },
                    "vocab.json: missing, and there is no tokenizer.json instead");
  expect_load_error([] { core::load_marian_tokenizers(broken("no-vocab-files")); }, "source.spm: missing");
}

TEST(TokenizerLoader, ByteSymbolMissingWithoutUnk) {
  expect_load_error([] { core::load_gpt2_tokenizer(broken("bpe-byte-missing")); },
                    "vocab.json: has no entry for byte 0 ('\u0100') and no unknown token to stand in for it");
}

TEST(TokenizerLoader, BartWithoutStartToken) {
  expect_load_error([] { core::load_bart_tokenizer(broken("bart-no-start-token")); }, "vocab.json: has no '<s>' entry");
}

TEST(TokenizerLoader, BertWithoutCls) {
  expect_load_error([] { core::load_bert_tokenizer(broken("bert-no-cls")); }, "vocab.txt: has no '[CLS]' entry");
}

TEST(TokenizerLoader, ConfigWithWrongType) {
  expect_load_error([] { core::load_bert_tokenizer(broken("bert-config-bad-lowercase")); },
                    "tokenizer_config.json: 'do_lower_case' is not true or false, got \"yes\"");
}

TEST(TokenizerLoader, TokenizerJsonOfAnotherModelType) {
  expect_load_error([] { core::load_bert_tokenizer(broken("tokenizer-json-wrong-type")); },
                    "tokenizer.json: 'model.type' is \"Unigram\"; expected \"WordPiece\"");
}

TEST(TokenizerLoader, TokenizerJsonMergeMalformed) {
  expect_load_error([] { core::load_gpt2_tokenizer(broken("tokenizer-json-bad-merge")); },
                    "tokenizer.json: 'model.merges' entry 1 is not two symbols");
}

TEST(TokenizerLoader, NotASentencePieceModel) {
  expect_load_error([] { core::load_marian_tokenizers(broken("marian-bad-spm")); },
                    "source.spm: not a SentencePiece model");
}

TEST(TokenizerLoader, MarianTargetModelMissing) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "attnscope-marian-no-target";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  for (const char* file : {"source.spm", "vocab.json", "tokenizer_config.json"}) {
    std::filesystem::copy_file(peer_dir / "marian-tiny-short" / file, folder / file);
  }
  expect_load_error([&] { core::load_marian_tokenizers(folder); }, "target.spm: missing");
  std::filesystem::remove_all(folder);
}

}  // namespace
