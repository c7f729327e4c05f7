// char-lm: the character-level language model task over a corpus (one document per line), its
// held-out split, its windows, and the held-out next-character accuracy and perplexity.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include "cli_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "random_model.h"
#include "tensor/errors.h"
#include "text/unicode.h"
#include "training/tasks_char_lm.h"
#include "training/tasks_eval.h"
#include "training/training_trainer.h"

namespace {

template <typename Function>
std::string error_of(Function function) {
  try {
    function();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "(no error)";
}

// Twenty short, distinct "poems" (each sentence opens with a character of its own):
// X a b c d，e f g h i。X j k！ — two sentence starts each.
std::vector<std::string> small_corpus() {
  const std::u32string characters = U"山水花月風雲江天春秋日夜人歸鳥飛";
  std::vector<std::string> documents;
  for (int d = 0; d < 20; ++d) {
    const char32_t own = static_cast<char32_t>(U'甲' + d);
    std::u32string text(1, own);
    for (int i = 0; i < 4; ++i) text += characters[static_cast<std::size_t>((d + i) % 16)];
    text += U'，';
    for (int i = 0; i < 5; ++i) text += characters[static_cast<std::size_t>((d + 2 * i + 1) % 16)];
    text += U'。';
    text += own;
    for (int i = 0; i < 2; ++i) text += characters[static_cast<std::size_t>((d * 3 + i) % 16)];
    text += U'！';
    documents.push_back(core::encode_utf8(text));
  }
  return documents;
}

TEST(CharLm, HeldOutDocumentsAreATenthAndFixedBySeed) {
  const std::vector<int> held_out = core::held_out_documents(313, core::default_corpus_split_seed);
  EXPECT_EQ(held_out.size(), 31u);
  EXPECT_EQ(held_out, core::held_out_documents(313, core::default_corpus_split_seed));
  EXPECT_NE(held_out, core::held_out_documents(313, 7));
  EXPECT_TRUE(std::is_sorted(held_out.begin(), held_out.end()));
  EXPECT_EQ(std::set<int>(held_out.begin(), held_out.end()).size(), held_out.size());
  EXPECT_GE(held_out.front(), 0);
  EXPECT_LT(held_out.back(), 313);
  // at least one, even for a tiny corpus
  EXPECT_EQ(core::held_out_documents(3, 1).size(), 1u);
  EXPECT_EQ(core::held_out_documents(20, 1).size(), 2u);
}

TEST(CharLm, EvaluationWindowsCoverTheDocumentAndEndSentences) {
  const std::u32string poem = U"海內存知己，天涯若比鄰。無為在岐路，兒女共沾巾。";  // 24 characters
  const std::vector<std::pair<int, int>> windows = core::evaluation_windows(poem, 16);
  // 16 characters would cut the second couplet: the first window ends after 。 (12)
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_EQ(windows[0], (std::pair<int, int>{0, 12}));
  EXPECT_EQ(windows[1], (std::pair<int, int>{12, 24}));
  // no sentence end within the window: cut at the window's size
  const std::vector<std::pair<int, int>> plain = core::evaluation_windows(U"一二三四五六七", 3);
  EXPECT_EQ(plain, (std::vector<std::pair<int, int>>{{0, 3}, {3, 6}, {6, 7}}));
}

TEST(CharLm, VocabularyIsTheSpecialTokensAndEveryCharacter) {
  const std::unique_ptr<core::Task> task = core::make_char_lm_task({"天涯 若比鄰。", "海內存知己，"}, "two.txt");
  EXPECT_EQ(task->name(), "char-lm");
  EXPECT_EQ(task->architecture(), core::Architecture::DecoderOnly);
  const core::NativeVocabulary vocabulary = task->vocabulary();
  EXPECT_EQ(vocabulary.kind, "char");
  // <pad> <unk> <s> </s>, then the 12 characters by code point (the space is no token)
  ASSERT_EQ(vocabulary.target.size(), 4u + 12u);
  EXPECT_EQ(vocabulary.target[2], "<s>");
  EXPECT_TRUE(std::is_sorted(vocabulary.target.begin() + 4, vocabulary.target.end(), [](const std::string& a, const std::string& b) {
    return core::decode_utf8(a) < core::decode_utf8(b);
  }));
  EXPECT_EQ(task->max_positions(), core::default_window_characters + 2);
}

TEST(CharLm, TrainingWindowsComeFromTrainingDocumentsOnly) {
  const std::vector<std::string> documents = small_corpus();
  const std::unique_ptr<core::Task> task = core::make_char_lm_task(documents, "small.txt", 5, 8);
  const std::vector<int> held_out = core::held_out_documents(20, 5);
  ASSERT_EQ(held_out.size(), 2u);
  std::set<std::string> held_out_texts;
  for (const int d : held_out) held_out_texts.insert(documents[static_cast<std::size_t>(d)]);

  // held-out examples: the held-out documents' windows, in order, and nothing else
  const std::vector<core::TaskExample> examples = task->held_out_examples(100);
  std::string joined;
  for (const core::TaskExample& example : examples) joined += example.target;
  std::string want;
  for (const int d : held_out) want += documents[static_cast<std::size_t>(d)];
  EXPECT_EQ(joined, want);
  EXPECT_EQ(task->held_out_examples(1).size(), 1u);

  std::mt19937_64 generator(3);
  for (int n = 0; n < 300; ++n) {
    const core::TaskExample example = task->training_example(generator);
    const std::u32string window = core::decode_utf8(example.target);
    ASSERT_GE(window.size(), 1u);
    ASSERT_LE(window.size(), 8u);
    EXPECT_EQ(example.source, "");
    EXPECT_EQ(example.scored_from, 0);
    bool in_training = false;
    for (std::size_t d = 0; d < documents.size(); ++d) {
      const std::size_t at = documents[d].find(example.target);
      if (at == std::string::npos || held_out_texts.contains(documents[d])) continue;
      // a window starts a document or a sentence
      const std::u32string before = core::decode_utf8(documents[d].substr(0, at));
      if (!before.empty() && before.back() != U'。' && before.back() != U'！') continue;
      in_training = true;
      // scored to </s> exactly when the window ends the document
      const bool ends = at + example.target.size() == documents[d].size();
      if (ends) {
        EXPECT_EQ(example.scored_until, -1);
      } else {
        EXPECT_EQ(example.scored_until, static_cast<int>(window.size()));
      }
    }
    EXPECT_TRUE(in_training) << example.target;
  }
}

TEST(CharLm, BadCorporaAreNamed) {
  test::TempFolder folder;
  const std::string missing = error_of([&] { core::make_char_lm_task(folder.path() / "none.txt"); });
  EXPECT_NE(missing.find("none.txt: cannot open the corpus"), std::string::npos) << missing;

  const std::filesystem::path one = folder.path() / "one.txt";
  std::ofstream(one) << "海內存知己，天涯若比鄰。\n\n   \n";
  const std::string single = error_of([&] { core::make_char_lm_task(one); });
  EXPECT_NE(single.find("one.txt: the corpus has 1 document(s) with text"), std::string::npos) << single;

  const std::filesystem::path bad = folder.path() / "bad.txt";
  std::ofstream(bad) << "海內存知己，\n天涯\xff若比鄰。\n";
  const std::string invalid = error_of([&] { core::make_char_lm_task(bad); });
  EXPECT_NE(invalid.find("bad.txt: line 2 is not valid UTF-8"), std::string::npos) << invalid;

  // by name alone the task cannot be made: it needs its corpus
  const std::string by_name = error_of([] { core::make_task("char-lm"); });
  EXPECT_NE(by_name.find("--corpus FILE"), std::string::npos) << by_name;
}

TEST(Perplexity, IsExpOfTheMeanNegativeLogLikelihood) {
  // logits (0, ln 3): p = (1/4, 3/4)
  core::RowVector logits(2);
  logits << 0.0f, static_cast<float>(std::log(3.0));
  EXPECT_NEAR(core::next_token_nll(logits, 0), std::log(4.0), 1e-6);
  EXPECT_NEAR(core::next_token_nll(logits, 1), std::log(4.0 / 3.0), 1e-6);
  // the two tokens together: exp((ln 4 + ln 4/3) / 2) = sqrt(16/3)
  EXPECT_NEAR(core::perplexity(std::log(4.0) + std::log(4.0 / 3.0), 2), std::sqrt(16.0 / 3.0), 1e-9);
  // a uniform model over V tokens has perplexity V; a sure and right one 1
  EXPECT_NEAR(core::perplexity(5 * std::log(7.0), 5), 7.0, 1e-9);
  EXPECT_DOUBLE_EQ(core::perplexity(0.0, 3), 1.0);
  // large logits do not overflow
  core::RowVector large(2);
  large << 1000.0f, 1000.0f;
  EXPECT_NEAR(core::next_token_nll(large, 1), std::log(2.0), 1e-6);
  EXPECT_THROW(core::next_token_nll(logits, 2), core::InputError);
  EXPECT_THROW(core::perplexity(1.0, 0), core::InputError);
}

TEST(CharLm, EvaluationMatchesTheModelsOwnPrefixPredictions) {
  test::TempFolder folder;
  const std::shared_ptr<core::Task> task = core::make_char_lm_task(small_corpus(), "small.txt", 5, 8);
  core::TrainingOptions options = task->defaults();
  options.d_model = 16;
  options.d_ff = 32;
  options.heads = 2;
  options.steps = 20;
  options.batch_size = 8;
  options.adam.warmup_steps = 10;
  core::Trainer trainer(task, options);
  trainer.run({});
  const core::Model model = trainer.snapshot(folder.path() / "model");

  const core::EvaluationResult result = core::evaluate(model, *task, 100);
  const std::vector<core::TaskExample> examples = task->held_out_examples(100);
  EXPECT_EQ(result.examples, static_cast<int>(examples.size()));
  // the same numbers from one forward pass per prefix, as generation reads them
  double nll_sum = 0.0;
  int right = 0;
  int scored = 0;
  for (const core::TaskExample& example : examples) {
    std::vector<int> ids = core::tokenize_input(model, core::InputSide::Target, example.target).ids;
    ids.push_back(model.spec().eos_token_id);
    const int until = example.scored_until < 0 ? static_cast<int>(ids.size()) - 1 : example.scored_until;
    for (int p = example.scored_from; p < until; ++p) {
      const core::ForwardResult pass = core::forward(model, {}, std::span<const int>(ids.data(), static_cast<std::size_t>(p) + 1));
      const int want = ids[static_cast<std::size_t>(p) + 1];
      Eigen::Index best = 0;
      pass.last_logits.maxCoeff(&best);
      right += best == want ? 1 : 0;
      nll_sum += core::next_token_nll(pass.last_logits, want);
      ++scored;
    }
  }
  ASSERT_GT(scored, 0);
  EXPECT_NEAR(result.token_accuracy, static_cast<double>(right) / scored, 1e-12);
  EXPECT_NEAR(result.mean_nll, nll_sum / scored, 1e-4);
  EXPECT_NEAR(result.perplexity, std::exp(nll_sum / scored), 1e-3 * result.perplexity);
  EXPECT_TRUE(std::isfinite(result.perplexity));
  EXPECT_GT(result.perplexity, 1.0);
}

TEST(CharLmCli, CorpusThenTrainThenEval) {
  test::TempFolder folder;
  const std::string fixture = std::string(ATTNSCOPE_TEST_DATA) + "/corpus/tang-sample.fortunes";
  const std::string poems = (folder.path() / "poems.txt").string();
  const test::CommandResult corpus = test::run_cli("corpus --from-fortunes '" + fixture + "' --s2t --out '" + poems + "'");
  ASSERT_EQ(corpus.status, 0) << corpus.output;
  EXPECT_NE(corpus.output.find("wrote 4 poems"), std::string::npos) << corpus.output;
  std::ifstream in(poems);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "城闕輔三秦，風煙望五津。與君離別意，同是宦遊人。海內存知己，天涯若比鄰。無爲在岐路，兒女共沾巾。");

  const std::string out = (folder.path() / "model").string();
  const test::CommandResult train = test::run_cli("train --task char-lm --corpus '" + poems + "' --out '" + out +
                                                  "' --steps 4 --d-model 16 --d-ff 32 --batch 4 --log-every 2");
  ASSERT_EQ(train.status, 0) << train.output;
  EXPECT_NE(train.output.find("task char-lm: decoder"), std::string::npos) << train.output;
  EXPECT_NE(train.output.find("next-character accuracy: "), std::string::npos) << train.output;
  EXPECT_NE(train.output.find("perplexity: "), std::string::npos) << train.output;

  const test::CommandResult eval =
      test::run_cli("eval --model '" + out + "' --task char-lm --corpus '" + poems + "' --heads");
  ASSERT_EQ(eval.status, 0) << eval.output;
  EXPECT_NE(eval.output.find("held-out examples:"), std::string::npos) << eval.output;
  EXPECT_NE(eval.output.find("previous-line  next-column"), std::string::npos) << eval.output;
}

TEST(CharLmCli, MistakesAreNamed) {
  test::TempFolder folder;
  const std::string fixture = std::string(ATTNSCOPE_TEST_DATA) + "/corpus/tang-sample.fortunes";
  const test::CommandResult no_choice =
      test::run_cli("corpus --from-fortunes '" + fixture + "' --out '" + (folder.path() / "x.txt").string() + "'");
  EXPECT_EQ(no_choice.status, 2);
  EXPECT_NE(no_choice.all().find("choose one of --s2t"), std::string::npos) << no_choice.all();
  const std::string not_fortunes = std::string(ATTNSCOPE_TEST_DATA) + "/corpus/not-fortunes.txt";
  const test::CommandResult wrong =
      test::run_cli("corpus --from-fortunes '" + not_fortunes + "' --s2tw --out '" + (folder.path() / "x.txt").string() + "'");
  EXPECT_EQ(wrong.status, 1);
  EXPECT_NE(wrong.all().find("not a fortunes file"), std::string::npos) << wrong.all();
  EXPECT_FALSE(std::filesystem::exists(folder.path() / "x.txt"));
  const test::CommandResult no_corpus = test::run_cli("train --task char-lm --out '" + folder.path().string() + "/m'");
  EXPECT_EQ(no_corpus.status, 2);
  EXPECT_NE(no_corpus.all().find("--corpus FILE"), std::string::npos) << no_corpus.all();
  const test::CommandResult other_task =
      test::run_cli("train --task reverse --corpus '" + fixture + "' --out '" + folder.path().string() + "/m'");
  EXPECT_EQ(other_task.status, 2);
  EXPECT_NE(other_task.all().find("--corpus is for the char-lm task"), std::string::npos) << other_task.all();
}

}  // namespace
