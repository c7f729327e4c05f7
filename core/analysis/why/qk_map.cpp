#include "analysis/why/qk_map.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "analysis/why/qk_view.h"
#include "tensor/errors.h"

namespace core {

const char* to_string(QkPointKind kind) { return kind == QkPointKind::Query ? "q" : "k"; }

Eigen::MatrixXd principal_plane(const Eigen::MatrixXd& points, double explained[2]) {
  const Eigen::Index n = points.rows();
  const Eigen::Index d = points.cols();
  // μ = (1/N) Σ_n x_n
  const Eigen::RowVectorXd mu = points.colwise().mean();
  const Eigen::MatrixXd centred = points.rowwise() - mu;
  // C = (1/N) Σ_n (x_n − μ)(x_n − μ)ᵀ
  const Eigen::MatrixXd covariance = (centred.transpose() * centred) / static_cast<double>(n);
  // eigenvalues in increasing order: the last two columns are u_2 and u_1
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
  const Eigen::VectorXd lambda = solver.eigenvalues();
  const double total = lambda.cwiseMax(0.0).sum();
  Eigen::MatrixXd plane = Eigen::MatrixXd::Zero(n, 2);
  explained[0] = explained[1] = 0.0;
  for (Eigen::Index axis = 0; axis < 2 && axis < d; ++axis) {
    Eigen::VectorXd u = solver.eigenvectors().col(d - 1 - axis);
    // an eigenvector's sign is arbitrary: make its largest |entry| positive so the map is reproducible
    Eigen::Index largest = 0;
    u.cwiseAbs().maxCoeff(&largest);
    if (u(largest) < 0.0) u = -u;
    // (x, y)_n = (x_n − μ) · u
    plane.col(axis).noalias() = centred * u;
    explained[axis] = total > 0.0 ? std::max(lambda(d - 1 - axis), 0.0) / total : 0.0;
  }
  return plane;
}

void centre_and_scale(Eigen::MatrixXd& x, const std::vector<QkPoint>& points, QkPointKind kind) {
  std::vector<Eigen::Index> rows;
  for (std::size_t n = 0; n < points.size(); ++n) {
    if (points[n].kind == kind) rows.push_back(static_cast<Eigen::Index>(n));
  }
  if (rows.empty()) return;
  const double count = static_cast<double>(rows.size());
  // μ = (1/N) Σ x
  Eigen::RowVectorXd mu = Eigen::RowVectorXd::Zero(x.cols());
  for (const Eigen::Index r : rows) mu += x.row(r);
  mu /= count;
  // s = √((1/N) Σ ‖x − μ‖²)
  double spread = 0.0;
  for (const Eigen::Index r : rows) spread += (x.row(r) - mu).squaredNorm();
  const double s = std::sqrt(spread / count);
  // x ← (x − μ) / s   (centred only when every vector is the same)
  for (const Eigen::Index r : rows) {
    x.row(r) -= mu;
    if (s > 0.0) x.row(r) /= s;
  }
}

QkMap compute_qk_map(const Model& model, const std::vector<CorpusSentence>& sentences, const std::string& corpus_name,
                     const HeadRef& head, const QkMapOptions& options, const ForwardOptions& forward_options,
                     const CorpusNote& note) {
  check_head(model.spec(), head);
  const AttentionSpec& spec = model.spec().attention(head.kind, head.layer);
  const Eigen::Index d_h = spec.head_dim;
  const Eigen::Index g = spec.kv_head_of(head.head);
  QkMap map;
  map.head = head;
  std::vector<Eigen::VectorXd> vectors;  // x_n, in the order of map.points
  const auto visit = [&](const CorpusPass& pass) {
    const Recorder& record = pass.result.record;
    // the vectors q·k multiplies: rotated when the pass rotated them
    const RowMatrix* q = record.find(head.kind, head.layer, "q_rotated");
    const RowMatrix* k = record.find(head.kind, head.layer, "k_rotated");
    if (q == nullptr || k == nullptr) {
      q = record.find(head.kind, head.layer, "q");
      k = record.find(head.kind, head.layer, "k");
    }
    const long long count = static_cast<long long>(vectors.size() + q->rows() + k->rows());
    if (count > options.max_points) {
      throw InputError(corpus_name + ":" + std::to_string(pass.sentence->line) + ": the map would hold more than " +
                       std::to_string(options.max_points) + " queries and keys; use a shorter corpus");
    }
    const std::size_t sentence = map.sentences.size();
    map.sentences.push_back(*pass.sentence);
    const Tokenization& query_side = query_tokens(pass.input, head.kind);
    const Tokenization& key_side = key_tokens(pass.input, head.kind);
    for (Eigen::Index i = 0; i < q->rows(); ++i) {
      map.points.push_back({sentence, static_cast<int>(i), query_side.tokens[static_cast<std::size_t>(i)],
                            QkPointKind::Query, 0.0, 0.0});
      vectors.push_back(q->row(i).segment(head.head * d_h, d_h).transpose().cast<double>());
    }
    for (Eigen::Index j = 0; j < k->rows(); ++j) {
      map.points.push_back({sentence, static_cast<int>(j), key_side.tokens[static_cast<std::size_t>(j)],
                            QkPointKind::Key, 0.0, 0.0});
      vectors.push_back(k->row(j).segment(g * d_h, d_h).transpose().cast<double>());
    }
  };
  for_each_corpus_pass(model, sentences, corpus_name, {{head.kind, head.layer}}, forward_options, options.progress,
                       "query/key map", visit, note);
  if (map.points.empty()) throw InputError(corpus_name + ": the model could read none of its sentences");
  Eigen::MatrixXd x(static_cast<Eigen::Index>(vectors.size()), d_h);
  for (std::size_t n = 0; n < vectors.size(); ++n) x.row(static_cast<Eigen::Index>(n)) = vectors[n].transpose();
  if (options.normalise) {
    centre_and_scale(x, map.points, QkPointKind::Query);
    centre_and_scale(x, map.points, QkPointKind::Key);
    map.normalised = true;
  }
  const Eigen::MatrixXd plane = principal_plane(x, map.explained);
  for (std::size_t n = 0; n < map.points.size(); ++n) {
    map.points[n].x = plane(static_cast<Eigen::Index>(n), 0);
    map.points[n].y = plane(static_cast<Eigen::Index>(n), 1);
  }
  return map;
}

}  // namespace core
