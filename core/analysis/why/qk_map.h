#pragma once
// The query/key map (AttentionViz, Yeh et al. 2023): the queries and keys of one head over a
// corpus, projected together onto the plane that keeps most of their spread (PCA), so that a
// query lands near the keys it scores highly.
//   x_n ∈ ℝ^{d_h}: every query q^{i,h} and every key k^{j,g} of every sentence (g = h's key/value
//                  head; rotary models: after the rotation, the vectors q·k multiplies)
//   μ = (1/N) Σ_n x_n                      C = (1/N) Σ_n (x_n − μ)(x_n − μ)ᵀ   (d_h × d_h)
//   C u_1 = λ_1 u_1, C u_2 = λ_2 u_2       λ_1 ≥ λ_2 the two largest eigenvalues (Eigen's
//                                          SelfAdjointEigenSolver), each u's largest |entry| positive
//   (x, y)_n = ((x_n − μ)·u_1, (x_n − μ)·u_2)
// Queries and keys share one projection, so distances between a query and a key are comparable.
// Normalised (AttentionViz's option): before the PCA the queries and the keys are each centred and
// scaled on their own, so that neither cloud sits apart or dominates the spread:
//   μ_Q = (1/N_Q) Σ_{q ∈ Q} q           s_Q = √((1/N_Q) Σ_{q ∈ Q} ‖q − μ_Q‖²)     q ← (q − μ_Q) / s_Q
//   μ_K, s_K the same over the keys                                        k ← (k − μ_K) / s_K
// (s = 0, every vector the same: centred only). The softmax of a row is unchanged by moving all
// keys (q·μ_K is the same for every key) and the ranking of keys by scaling them, so a query's
// nearest keys keep their meaning.
// docs/methods.md ("Query/key map").

#include <istream>
#include <string>
#include <vector>

#include "analysis/methods/method_options.h"
#include "analysis/why/corpus_sentences.h"
#include "model/model.h"
#include "model/trace.h"

namespace core {

enum class QkPointKind { Query, Key };
const char* to_string(QkPointKind kind);  // "q", "k"

struct QkPoint {
  std::size_t sentence = 0;  // index into QkMap::sentences
  int position = 0;          // the token's position in its sentence (from 0)
  std::string token;         // the vocabulary entry
  QkPointKind kind = QkPointKind::Query;
  double x = 0.0;
  double y = 0.0;
};

struct QkMap {
  HeadRef head;
  std::vector<CorpusSentence> sentences;  // the sentences the points come from (skipped lines not among them)
  std::vector<QkPoint> points;            // each sentence's queries, then its keys
  double explained[2] = {0.0, 0.0};       // λ_1 / Σλ and λ_2 / Σλ: the share of the spread each axis keeps
  bool normalised = false;                // queries and keys centred and scaled separately first
};

struct QkMapOptions {
  long long max_points = 200000;  // more queries and keys than this: core::InputError (memory: max · d_h floats)
  MethodProgress progress;        // reports after each sentence; returning false cancels
  bool normalise = false;         // centre and scale the queries and the keys separately (above)
};

// The map of one head over the corpus sentences; notes as for_each_corpus_pass. Throws
// core::InputError for a head the model does not have, when no sentence could be read, or past
// options.max_points (naming the line); core::Cancelled when cancelled.
QkMap compute_qk_map(const Model& model, const std::vector<CorpusSentence>& sentences, const std::string& corpus_name,
                     const HeadRef& head, const QkMapOptions& options = {}, const ForwardOptions& forward_options = {},
                     const CorpusNote& note = {});

// Columns 0 and 1 of points projected onto the two principal axes of their covariance, as above.
// points: (N, d) with N ≥ 1; explained receives λ_1/Σλ and λ_2/Σλ (0 when every point is the same).
Eigen::MatrixXd principal_plane(const Eigen::MatrixXd& points, double explained[2]);

// The rows of x whose point is of `kind` centred and scaled as above: (x − μ) / s over those rows.
// x: (N, d), one row per point, in the order of points.
void centre_and_scale(Eigen::MatrixXd& x, const std::vector<QkPoint>& points, QkPointKind kind);

}  // namespace core
