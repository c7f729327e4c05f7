#pragma once
// Float64 references for the explanation methods (docs/methods.md), written as plain loops over a
// checkpoint's weights and the rows a forward pass recorded, so they share no arithmetic with
// core/analysis/methods/. α̂ itself is taken from the pass: hf_reference_test.cpp checks it against
// HuggingFace for every family.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.h"
#include "model/trace.h"
#include "nn/recorder.h"

namespace test {

using Grid = std::vector<std::vector<double>>;  // [row][column]

inline Grid to_grid(const core::RowMatrix& m) {
  Grid g(static_cast<std::size_t>(m.rows()), std::vector<double>(static_cast<std::size_t>(m.cols())));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) g[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = m(i, j);
  }
  return g;
}

inline core::RowMatrix to_matrix(const Grid& g) {
  core::RowMatrix m(static_cast<Eigen::Index>(g.size()), g.empty() ? 0 : static_cast<Eigen::Index>(g[0].size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = static_cast<float>(g[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
  }
  return m;
}

inline const core::AttentionWeights& reference_attention_weights(const core::Model& model, core::AttentionKind kind,
                                                                  int layer) {
  const core::ModelWeights& w = model.weights();
  const std::size_t l = static_cast<std::size_t>(layer);
  if (kind == core::AttentionKind::EncoderSelf) return w.encoder.blocks[l].self_attention;
  if (kind == core::AttentionKind::DecoderSelf) return w.decoder.blocks[l].self_attention;
  return w.decoder.blocks[l].cross_attention;
}

// One attention layer recomputed from its recorded input rows (attn_in_kv) and its weights:
//   v[j][r] = Σ_c W^v[r][c] x[j][c] + b^v[r]
//   output(i, without) = Σ_o W^O[o][·] (Σ_h Σ_{j ≠ without} α̂^h[i][j] v^{g(h)}[j]) + b^O
struct ReferenceLayer {
  int heads = 0;
  int head_dim = 0;
  int group = 1;        // query heads per key/value head
  Grid w_o;             // [d_model][heads · head_dim]
  std::vector<double> b_o;
  Grid v;               // [key][kv_heads · head_dim]
  std::vector<Grid> alpha_hat;  // [head][query][key]

  std::size_t keys() const { return v.size(); }
  std::size_t queries() const { return alpha_hat[0].size(); }
  std::size_t d_model() const { return w_o.size(); }

  // f^h(x_j)[o] = Σ_r W^O[o][h·d_k + r] v[j][g·d_k + r]
  std::vector<double> f(int h, std::size_t j) const {
    const int g = h / group;
    std::vector<double> out(d_model(), 0.0);
    for (std::size_t o = 0; o < d_model(); ++o) {
      for (int r = 0; r < head_dim; ++r) out[o] += w_o[o][static_cast<std::size_t>(h * head_dim + r)] * v[j][static_cast<std::size_t>(g * head_dim + r)];
    }
    return out;
  }

  // The attention block's output b^i, with key `without`'s value vector zeroed (−1: none zeroed).
  std::vector<double> output(std::size_t i, long without = -1) const {
    std::vector<double> concatenated(static_cast<std::size_t>(heads * head_dim), 0.0);
    for (int h = 0; h < heads; ++h) {
      const int g = h / group;
      for (std::size_t j = 0; j < keys(); ++j) {
        if (static_cast<long>(j) == without) continue;  // v^j = 0
        for (int r = 0; r < head_dim; ++r) {
          concatenated[static_cast<std::size_t>(h * head_dim + r)] +=
              alpha_hat[static_cast<std::size_t>(h)][i][j] * v[j][static_cast<std::size_t>(g * head_dim + r)];
        }
      }
    }
    std::vector<double> b = b_o;
    for (std::size_t o = 0; o < d_model(); ++o) {
      for (std::size_t c = 0; c < concatenated.size(); ++c) b[o] += w_o[o][c] * concatenated[c];
    }
    return b;
  }
};

// α̂ comes from the record, or from trace when given (value zeroing's pass records no α̂).
inline ReferenceLayer reference_layer(const core::Model& model, const core::Recorder& record, core::AttentionKind kind,
                                      int layer, const core::AttentionTrace* trace = nullptr) {
  const core::AttentionSpec& spec = model.spec().attention(kind, layer);
  const core::AttentionWeights& w = reference_attention_weights(model, kind, layer);
  ReferenceLayer ref;
  ref.heads = spec.heads;
  ref.head_dim = spec.head_dim;
  ref.group = spec.heads / spec.kv_heads;
  ref.w_o = to_grid(w.w_o.weight.to_f32());
  ref.b_o.assign(ref.w_o.size(), 0.0);
  if (!w.w_o.bias.empty()) {
    for (std::size_t o = 0; o < ref.b_o.size(); ++o) ref.b_o[o] = w.w_o.bias.data[o];
  }
  const Grid x = to_grid(*record.find(kind, layer, "attn_in_kv"));
  const Grid w_v = to_grid(w.w_v.weight.to_f32());
  ref.v.assign(x.size(), std::vector<double>(w_v.size(), 0.0));
  for (std::size_t j = 0; j < x.size(); ++j) {
    for (std::size_t r = 0; r < w_v.size(); ++r) {
      double sum = w.w_v.bias.empty() ? 0.0 : w.w_v.bias.data[r];
      for (std::size_t c = 0; c < x[j].size(); ++c) sum += w_v[r][c] * x[j][c];
      ref.v[j][r] = sum;
    }
  }
  if (trace != nullptr) {
    for (int h = 0; h < spec.heads; ++h) ref.alpha_hat.push_back(to_grid(trace->attention(kind, layer, h)));
  } else {
    for (const core::RowMatrix& a : *record.find_heads(kind, layer, "alpha_hat")) ref.alpha_hat.push_back(to_grid(a));
  }
  return ref;
}

inline double norm(const std::vector<double>& x) {
  double sum = 0.0;
  for (const double value : x) sum += value * value;
  return std::sqrt(sum);
}

// The ids of a reference case's main input (tests/data/hf-cases, tests/data/peer).
struct CaseIds {
  std::vector<int> source;
  std::vector<int> target;
};

inline CaseIds case_ids(const std::filesystem::path& folder, const std::string& file = "expected.json") {
  std::ifstream in(folder / file);
  const nlohmann::json expected = nlohmann::json::parse(in);
  CaseIds ids;
  if (expected.contains("source_ids")) ids.source = expected.at("source_ids").get<std::vector<int>>();
  if (expected.contains("target_ids")) ids.target = expected.at("target_ids").get<std::vector<int>>();
  return ids;
}

}  // namespace test
