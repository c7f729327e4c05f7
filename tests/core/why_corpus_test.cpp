// The corpus tools of "why a head attends" (core/analysis/why/): reading a corpus, the query/key
// map (PCA of one head's queries and keys, checked against power iteration written here) and
// corpus search (checked against a brute-force scan of every sentence's α̂), with the bad input
// each gets: an empty corpus, a line longer than the model, an unknown token, a cancel.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <tuple>
#include <sstream>

#include "analysis/why/corpus_search.h"
#include "analysis/why/qk_map.h"
#include "families/load_model.h"
#include "model/prepare_inputs.h"
#include "random_model.h"
#include "tensor/errors.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path data = ATTNSCOPE_TEST_DATA;
const fs::path llama = data / "hf-cases/llama-tiny-gqa";

const char* const corpus_text =
    "The keeper wrote a letter every winter.\n"
    "\n"
    "A letter came back in the spring.\n"
    "The winter was long and the keeper was alone.\n";

std::vector<core::CorpusSentence> corpus_sentences(const std::string& text, std::vector<std::string>* notes = nullptr) {
  std::istringstream in(text);
  return core::read_corpus_sentences(in, "corpus.txt", [&](const std::string& note) {
    if (notes != nullptr) notes->push_back(note);
  });
}

std::string input_error(const std::function<void()>& work) {
  try {
    work();
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(CorpusSentences, ReadsLinesWithTheirNumbersAndTargets) {
  const std::vector<core::CorpusSentence> sentences = corpus_sentences("one\n\n  \ntwo\tdeux\r\nthree");
  ASSERT_EQ(sentences.size(), 3u);
  EXPECT_EQ(sentences[0].line, 1);
  EXPECT_EQ(sentences[0].text, "one");
  EXPECT_EQ(sentences[1].line, 4);
  EXPECT_EQ(sentences[1].text, "two");
  EXPECT_EQ(sentences[1].target, "deux");
  EXPECT_EQ(sentences[2].line, 5);
}

TEST(CorpusSentences, AnEmptyCorpusIsAnErrorNamingTheFile) {
  EXPECT_EQ(input_error([] { corpus_sentences(""); }), "corpus.txt: no sentences: the file is empty");
  EXPECT_EQ(input_error([] { corpus_sentences("\n  \n\t\n"); }), "corpus.txt: no sentences: none of its 3 lines holds text");
}

TEST(CorpusSentences, ALineLongerThanTheModelIsCutWithANoteNamingIt) {
  const test::TempFolder folder;
  const core::Model model =
      core::load_model(test::write_random_model(folder.path(), test::small_config(core::Architecture::DecoderOnly)));
  std::string long_line;
  for (int n = 0; n < 30; ++n) long_line += "the cat ";
  std::vector<std::string> notes;
  const std::vector<core::CorpusSentence> sentences = corpus_sentences("the cat sat\n" + long_line + "\n");
  std::vector<int> lengths;
  core::for_each_corpus_pass(model, sentences, "corpus.txt", {}, {}, {}, "test",
                             [&](const core::CorpusPass& pass) {
                               lengths.push_back(static_cast<int>(pass.input.target.size()));
                             },
                             [&](const std::string& note) { notes.push_back(note); });
  ASSERT_EQ(lengths.size(), 2u);
  EXPECT_EQ(lengths[1], model.spec().max_positions);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_THAT(notes[0], HasSubstr("corpus.txt:2: cut to the model's maximum of 16 tokens (the line has"));
}

// ---- the query/key map ------------------------------------------------------------------------

TEST(QkMap, PrincipalPlaneOfPointsOnALine) {
  // points on the line through 0 along (1, 2, 0): one axis keeps everything
  Eigen::MatrixXd points(4, 3);
  points << 1, 2, 0, -1, -2, 0, 2, 4, 0, -2, -4, 0;
  double explained[2];
  const Eigen::MatrixXd plane = core::principal_plane(points, explained);
  const double root5 = std::sqrt(5.0);
  const double want[4] = {root5, -root5, 2 * root5, -2 * root5};
  for (int n = 0; n < 4; ++n) {
    EXPECT_NEAR(plane(n, 0), want[n], 1e-12) << n;
    EXPECT_NEAR(plane(n, 1), 0.0, 1e-12) << n;
  }
  EXPECT_NEAR(explained[0], 1.0, 1e-12);
  EXPECT_NEAR(explained[1], 0.0, 1e-12);
}

// The top eigenvector of a symmetric positive semi-definite matrix by power iteration, with the
// largest |entry| made positive (the map's sign rule).
std::vector<double> top_eigenvector(const std::vector<std::vector<double>>& c) {
  const std::size_t d = c.size();
  std::vector<double> u(d, 1.0);
  for (std::size_t s = 0; s < d; ++s) u[s] += 0.01 * static_cast<double>(s);  // not orthogonal to the answer
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::vector<double> next(d, 0.0);
    for (std::size_t r = 0; r < d; ++r) {
      for (std::size_t s = 0; s < d; ++s) next[r] += c[r][s] * u[s];
    }
    double length = 0.0;
    for (const double x : next) length += x * x;
    length = std::sqrt(length);
    for (std::size_t r = 0; r < d; ++r) u[r] = next[r] / length;
  }
  std::size_t largest = 0;
  for (std::size_t r = 0; r < d; ++r) if (std::abs(u[r]) > std::abs(u[largest])) largest = r;
  if (u[largest] < 0) for (double& x : u) x = -x;
  return u;
}

// The map of llama-tiny-gqa's decoder layer 1 head 3 over corpus_text against a float64 reference
// written here: the vectors from each sentence's own recorded pass, normalised (when asked) by
// loops, then μ, C and the axes by power iteration.
void expect_map_matches_reference(bool normalise) {
  const core::Model model = core::load_model(llama);
  const std::vector<core::CorpusSentence> sentences = corpus_sentences(corpus_text);
  const core::HeadRef head{core::AttentionKind::DecoderSelf, 1, 3};  // reads key/value head 1 (GQA)
  core::QkMapOptions options;
  options.normalise = normalise;
  const core::QkMap map = core::compute_qk_map(model, sentences, "corpus.txt", head, options);
  EXPECT_EQ(map.normalised, normalise);
  ASSERT_EQ(map.sentences.size(), 3u);

  // the vectors, gathered here from a recorded pass of each sentence (rotated: what q·k multiplies)
  std::vector<std::vector<double>> x;
  std::vector<bool> is_query;
  std::size_t p = 0;
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const core::ModelInput input = core::prepare_inputs(model, sentences[s].text);
    core::ForwardOptions options;
    options.record = {{head.kind, head.layer}};
    const core::ForwardResult pass = core::forward(model, input.source.ids, input.target.ids, options);
    const core::RowMatrix& q = *pass.record.find(head.kind, head.layer, "q_rotated");
    const core::RowMatrix& k = *pass.record.find(head.kind, head.layer, "k_rotated");
    for (const auto& [rows, column, kind] : {std::tuple{&q, 3 * 10, core::QkPointKind::Query},
                                             std::tuple{&k, 1 * 10, core::QkPointKind::Key}}) {
      for (Eigen::Index t = 0; t < rows->rows(); ++t, ++p) {
        ASSERT_LT(p, map.points.size());
        EXPECT_EQ(map.points[p].sentence, s);
        EXPECT_EQ(map.points[p].position, t);
        EXPECT_EQ(map.points[p].kind, kind);
        EXPECT_EQ(map.points[p].token, input.target.tokens[static_cast<std::size_t>(t)]);
        std::vector<double> v(10);
        for (int d = 0; d < 10; ++d) v[static_cast<std::size_t>(d)] = (*rows)(t, column + d);
        x.push_back(v);
        is_query.push_back(kind == core::QkPointKind::Query);
      }
    }
  }
  ASSERT_EQ(p, map.points.size());
  if (normalise) {
    // each kind on its own: v ← (v − μ) / s, s = √(mean ‖v − μ‖²)
    for (const bool queries : {true, false}) {
      std::vector<double> centre(10, 0.0);
      double count = 0.0;
      for (std::size_t m = 0; m < x.size(); ++m) {
        if (is_query[m] != queries) continue;
        for (std::size_t d = 0; d < 10; ++d) centre[d] += x[m][d];
        count += 1.0;
      }
      for (double& c : centre) c /= count;
      double spread = 0.0;
      for (std::size_t m = 0; m < x.size(); ++m) {
        if (is_query[m] != queries) continue;
        for (std::size_t d = 0; d < 10; ++d) spread += (x[m][d] - centre[d]) * (x[m][d] - centre[d]);
      }
      const double scale = std::sqrt(spread / count);
      ASSERT_GT(scale, 0.0);
      for (std::size_t m = 0; m < x.size(); ++m) {
        if (is_query[m] != queries) continue;
        for (std::size_t d = 0; d < 10; ++d) x[m][d] = (x[m][d] - centre[d]) / scale;
      }
    }
  }
  // μ, C, then u_1 by power iteration and u_2 after deflating λ_1 u_1 u_1ᵀ
  const std::size_t n = x.size();
  std::vector<double> mu(10, 0.0);
  for (const auto& v : x) for (std::size_t d = 0; d < 10; ++d) mu[d] += v[d] / static_cast<double>(n);
  std::vector<std::vector<double>> c(10, std::vector<double>(10, 0.0));
  for (const auto& v : x) {
    for (std::size_t r = 0; r < 10; ++r) {
      for (std::size_t s = 0; s < 10; ++s) c[r][s] += (v[r] - mu[r]) * (v[s] - mu[s]) / static_cast<double>(n);
    }
  }
  double trace = 0.0;
  for (std::size_t r = 0; r < 10; ++r) trace += c[r][r];
  std::vector<std::vector<double>> axes;
  for (int axis = 0; axis < 2; ++axis) {
    const std::vector<double> u = top_eigenvector(c);
    double lambda = 0.0;
    for (std::size_t r = 0; r < 10; ++r) for (std::size_t s = 0; s < 10; ++s) lambda += u[r] * c[r][s] * u[s];
    EXPECT_NEAR(map.explained[axis], lambda / trace, 1e-6) << "axis " << axis;
    for (std::size_t r = 0; r < 10; ++r) for (std::size_t s = 0; s < 10; ++s) c[r][s] -= lambda * u[r] * u[s];
    axes.push_back(u);
  }
  EXPECT_GT(map.explained[0], map.explained[1]);
  for (std::size_t m = 0; m < n; ++m) {
    double want_x = 0.0;
    double want_y = 0.0;
    for (std::size_t d = 0; d < 10; ++d) {
      want_x += (x[m][d] - mu[d]) * axes[0][d];
      want_y += (x[m][d] - mu[d]) * axes[1][d];
    }
    EXPECT_NEAR(map.points[m].x, want_x, 1e-4 * (1.0 + std::abs(want_x))) << "point " << m;
    EXPECT_NEAR(map.points[m].y, want_y, 1e-4 * (1.0 + std::abs(want_y))) << "point " << m;
  }
}

TEST(QkMap, ProjectsEveryQueryAndKeyOntoTheTwoPrincipalAxes) { expect_map_matches_reference(false); }

TEST(QkMap, NormalisedCentresAndScalesQueriesAndKeysSeparatelyFirst) {
  expect_map_matches_reference(true);
  // the clouds' own centres and sizes are gone: each kind's points average to 0 on both axes
  const core::Model model = core::load_model(llama);
  core::QkMapOptions options;
  options.normalise = true;
  const core::QkMap map = core::compute_qk_map(model, corpus_sentences(corpus_text), "corpus.txt",
                                               {core::AttentionKind::DecoderSelf, 1, 3}, options);
  for (const core::QkPointKind kind : {core::QkPointKind::Query, core::QkPointKind::Key}) {
    double x = 0.0;
    double y = 0.0;
    for (const core::QkPoint& point : map.points) {
      if (point.kind != kind) continue;
      x += point.x;
      y += point.y;
    }
    EXPECT_NEAR(x / static_cast<double>(map.points.size()), 0.0, 1e-9) << core::to_string(kind);
    EXPECT_NEAR(y / static_cast<double>(map.points.size()), 0.0, 1e-9) << core::to_string(kind);
  }
}

TEST(QkMap, CancelStopsTheWork) {
  const core::Model model = core::load_model(llama);
  core::QkMapOptions options;
  int reports = 0;
  options.progress = [&](double) { return ++reports < 2; };
  EXPECT_THROW(core::compute_qk_map(model, corpus_sentences(corpus_text), "corpus.txt",
                                    {core::AttentionKind::DecoderSelf, 0, 0}, options),
               core::Cancelled);
  EXPECT_EQ(reports, 2);
}

TEST(QkMap, TooManyPointsNamesTheLine) {
  const core::Model model = core::load_model(llama);
  core::QkMapOptions options;
  options.max_points = 40;
  EXPECT_THAT(input_error([&] {
                core::compute_qk_map(model, corpus_sentences(corpus_text), "corpus.txt",
                                     {core::AttentionKind::DecoderSelf, 0, 0}, options);
              }),
              HasSubstr("corpus.txt:3: the map would hold more than 40 queries and keys"));
}

// ---- corpus search ---------------------------------------------------------------------------

struct Expected {
  std::size_t sentence;
  int query;
  int key;
  float weight;
};

// Every hit of the rule, by a scan of each sentence's α̂, ranked as the search ranks.
std::vector<Expected> brute_force(const core::Model& model, const std::vector<core::CorpusSentence>& sentences,
                                  const core::HeadRef& head, const std::vector<int>& ids, core::SearchMode mode) {
  const auto is_token = [&](int id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  std::vector<Expected> all;
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const core::ModelInput input = core::prepare_inputs(model, sentences[s].text);
    const core::RowMatrix a =
        core::forward(model, input.source.ids, input.target.ids).trace.attention(head.kind, head.layer, head.head);
    const std::vector<int>& tokens = input.target.ids;
    for (int i = 0; i < a.rows(); ++i) {
      int top = 0;
      for (int j = 1; j < a.cols(); ++j) if (a(i, j) > a(i, top)) top = j;
      if (mode == core::SearchMode::From && is_token(tokens[static_cast<std::size_t>(i)])) all.push_back({s, i, top, a(i, top)});
      if (mode == core::SearchMode::TopKey && is_token(tokens[static_cast<std::size_t>(top)])) all.push_back({s, i, top, a(i, top)});
      for (int j = 0; j < a.cols(); ++j) {
        if (mode == core::SearchMode::To && is_token(tokens[static_cast<std::size_t>(j)]) && a(i, j) > 0.0f) {
          all.push_back({s, i, j, a(i, j)});
        }
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Expected& a, const Expected& b) { return a.weight > b.weight; });
  return all;
}

class SearchModes : public ::testing::TestWithParam<core::SearchMode> {};

TEST_P(SearchModes, ListsTheStrongestHitsOfEverySentence) {
  const core::Model model = core::load_model(llama);
  const std::vector<core::CorpusSentence> sentences = corpus_sentences(corpus_text);
  const core::HeadRef head{core::AttentionKind::DecoderSelf, 1, 2};
  core::SearchOptions options;
  options.mode = GetParam();
  options.limit = 3;
  // "er" ends "keeper", "letter" and "winter" in this model's small vocabulary
  const core::CorpusSearch search = core::search_corpus(model, sentences, "corpus.txt", head, "er", options);
  ASSERT_FALSE(search.ids.empty());
  for (const int id : search.ids) EXPECT_THAT(model.target_tokenizer().token(id), HasSubstr("er"));
  const std::vector<Expected> want = brute_force(model, sentences, head, search.ids, GetParam());
  ASSERT_FALSE(want.empty()) << "the corpus has no hit for this rule";
  EXPECT_EQ(search.matches, static_cast<long long>(want.size()));
  ASSERT_EQ(search.hits.size(), std::min<std::size_t>(3, want.size()));
  for (std::size_t r = 0; r < search.hits.size(); ++r) {
    SCOPED_TRACE("rank " + std::to_string(r + 1));
    EXPECT_EQ(search.hits[r].sentence, want[r].sentence);
    EXPECT_EQ(search.hits[r].query, want[r].query);
    EXPECT_EQ(search.hits[r].key, want[r].key);
    EXPECT_FLOAT_EQ(static_cast<float>(search.hits[r].weight), want[r].weight);
    const core::ModelInput input = core::prepare_inputs(model, search.sentences[search.hits[r].sentence].text);
    EXPECT_EQ(search.hits[r].query_token, input.target.tokens[static_cast<std::size_t>(want[r].query)]);
    EXPECT_EQ(search.hits[r].key_token, input.target.tokens[static_cast<std::size_t>(want[r].key)]);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, SearchModes,
                         ::testing::Values(core::SearchMode::From, core::SearchMode::To, core::SearchMode::TopKey));

TEST(CorpusSearch, SeveralHeadsRankEveryHeadsHitsTogether) {
  const core::Model model = core::load_model(llama);
  const std::vector<core::CorpusSentence> sentences = corpus_sentences(corpus_text);
  const std::vector<core::HeadRef> heads = core::heads_of_layer(model.spec(), core::AttentionKind::DecoderSelf, 1);
  ASSERT_EQ(heads.size(), 4u);
  core::SearchOptions options;
  options.mode = core::SearchMode::To;
  options.limit = 5;
  const core::CorpusSearch search = core::search_corpus(model, sentences, "corpus.txt", heads, "er", options);
  EXPECT_EQ(search.heads, heads);
  // every head's hits by the brute-force scan, ranked together (ties: sentence, head, query, key)
  struct Want {
    Expected hit;
    int head;
  };
  std::vector<Want> want;
  for (const core::HeadRef& head : heads) {
    for (const Expected& hit : brute_force(model, sentences, head, search.ids, core::SearchMode::To)) {
      want.push_back({hit, head.head});
    }
  }
  std::sort(want.begin(), want.end(), [](const Want& a, const Want& b) {
    if (a.hit.weight != b.hit.weight) return a.hit.weight > b.hit.weight;
    return std::tie(a.hit.sentence, a.head, a.hit.query, a.hit.key) < std::tie(b.hit.sentence, b.head, b.hit.query, b.hit.key);
  });
  EXPECT_EQ(search.matches, static_cast<long long>(want.size()));
  ASSERT_EQ(search.hits.size(), 5u);
  std::set<int> heads_listed;
  for (std::size_t r = 0; r < search.hits.size(); ++r) {
    SCOPED_TRACE("rank " + std::to_string(r + 1));
    EXPECT_EQ(search.hits[r].head, (core::HeadRef{core::AttentionKind::DecoderSelf, 1, want[r].head}));
    EXPECT_EQ(search.hits[r].sentence, want[r].hit.sentence);
    EXPECT_EQ(search.hits[r].query, want[r].hit.query);
    EXPECT_EQ(search.hits[r].key, want[r].hit.key);
    EXPECT_FLOAT_EQ(static_cast<float>(search.hits[r].weight), want[r].hit.weight);
    heads_listed.insert(search.hits[r].head.head);
  }
  // one head's search is the same search restricted to that head
  const core::CorpusSearch one = core::search_corpus(model, sentences, "corpus.txt", heads[2], "er", options);
  EXPECT_EQ(one.heads, std::vector<core::HeadRef>{heads[2]});
  for (const core::SearchHit& hit : one.hits) EXPECT_EQ(hit.head, heads[2]);
}

TEST(CorpusSearch, ASetOfHeadsMustBeOneKindWithoutRepeats) {
  const core::Model marian = core::load_model(data / "peer/marian-tiny-short");
  const std::vector<core::CorpusSentence> sentences = corpus_sentences("a b\n");
  EXPECT_EQ(input_error([&] {
              core::search_corpus(marian, sentences, "corpus.txt",
                                  std::vector<core::HeadRef>{{core::AttentionKind::EncoderSelf, 0, 0},
                                                             {core::AttentionKind::DecoderCross, 0, 0}},
                                  "a");
            }),
            "the heads to search are of one attention kind: encoder_self and decoder_cross were given");
  const core::Model model = core::load_model(llama);
  const core::HeadRef head{core::AttentionKind::DecoderSelf, 0, 1};
  EXPECT_EQ(input_error([&] { core::search_corpus(model, sentences, "corpus.txt", std::vector{head, head}, "er"); }),
            "layer 0 head 1 is given twice");
  EXPECT_EQ(input_error([&] { core::search_corpus(model, sentences, "corpus.txt", std::vector<core::HeadRef>{}, "er"); }),
            "choose at least one head to search");
  EXPECT_THAT(input_error([&] { core::heads_of_layer(model.spec(), core::AttentionKind::DecoderSelf, 7); }),
              HasSubstr("decoder_self layer 7 does not exist"));
}

TEST(CorpusSearch, AnUnknownTokenNamesItAndHowItTokenises) {
  const core::Model model = core::load_model(llama);
  const std::string message = input_error([&] {
    core::search_corpus(model, corpus_sentences(corpus_text), "corpus.txt", {core::AttentionKind::DecoderSelf, 0, 0},
                        "keeperwinterletter");
  });
  EXPECT_THAT(message, HasSubstr("token \"keeperwinterletter\" is not one token of this model: it tokenises as \""));
  EXPECT_THAT(message, HasSubstr("; search for one of those"));
}

TEST(CorpusSearch, MatchesTheReadableFormOfASubwordToken) {
  const core::Model model = core::load_model(llama);
  // "The" finds the vocabulary entry "▁The" (the word after a space)
  const std::vector<int> ids = core::search_token_ids(model.target_tokenizer(), "The");
  const std::vector<int> marked = core::search_token_ids(model.target_tokenizer(), "\u2581The");
  ASSERT_EQ(marked.size(), 1u);
  EXPECT_EQ(model.target_tokenizer().token(marked[0]), "\u2581The");
  EXPECT_THAT(ids, ::testing::Contains(marked[0]));
}

TEST(CorpusSearch, ALimitBelowOneAndABadHeadAreRefused) {
  const core::Model model = core::load_model(llama);
  core::SearchOptions options;
  options.limit = 0;
  EXPECT_EQ(input_error([&] {
              core::search_corpus(model, corpus_sentences(corpus_text), "corpus.txt",
                                  {core::AttentionKind::DecoderSelf, 0, 0}, "er", options);
            }),
            "the number of hits to list must be at least 1, not 0");
  EXPECT_EQ(input_error([&] {
              core::search_corpus(model, corpus_sentences(corpus_text), "corpus.txt",
                                  {core::AttentionKind::DecoderCross, 0, 0}, "er");
            }),
            "the model has no decoder_cross attention");
}

}  // namespace
