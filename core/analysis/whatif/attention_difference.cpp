#include "analysis/whatif/attention_difference.h"

#include <algorithm>
#include <array>
#include <string>

#include "tensor/errors.h"

namespace core {

namespace {

bool is_cross_or_decoder(AttentionKind kind) {
  return kind != AttentionKind::EncoderSelf;
}

void check_positions(const std::vector<int>& positions, int length, const char* what, AttentionKind kind, int layer) {
  for (const int p : positions) {
    if (p < 0 || p >= length) {
      throw InputError(std::string("the token alignment names ") + what + " position " + std::to_string(p) + " but " +
                       to_string(kind) + " layer " + std::to_string(layer) + " has " + std::to_string(length));
    }
  }
}

}  // namespace

const LayerDifference* AttentionDifference::find(AttentionKind kind, int layer) const {
  for (const LayerDifference& d : layers) {
    if (d.kind == kind && d.layer == layer) return &d;
  }
  return nullptr;
}

const TokenAlignment& query_alignment(const AttentionDifference& difference, AttentionKind kind) {
  return is_cross_or_decoder(kind) ? difference.target : difference.source;
}

const TokenAlignment& key_alignment(const AttentionDifference& difference, AttentionKind kind) {
  return kind == AttentionKind::DecoderSelf ? difference.target_keys : difference.source_keys;
}

AttentionDifference attention_difference(const AttentionTrace& before, const AttentionTrace& after,
                                         const TokenAlignment& source, const TokenAlignment& target) {
  return attention_difference(before, after, AxisAlignment{source, source, target, target});
}

AttentionDifference attention_difference(const AttentionTrace& before, const AttentionTrace& after,
                                         const AxisAlignment& axes) {
  AttentionDifference difference;
  difference.source = axes.source_queries;
  difference.target = axes.target_queries;
  difference.source_keys = axes.source_keys;
  difference.target_keys = axes.target_keys;
  constexpr std::array<AttentionKind, 3> kinds = {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf,
                                                  AttentionKind::DecoderCross};
  for (const AttentionKind kind : kinds) {
    const int layers = before.layer_count(kind);
    if (after.layer_count(kind) != layers) {
      throw InputError(std::string("cannot compare ") + to_string(kind) + ": " + std::to_string(layers) +
                       " layers before, " + std::to_string(after.layer_count(kind)) + " after");
    }
    const TokenAlignment& queries = query_alignment(difference, kind);
    const TokenAlignment& keys = key_alignment(difference, kind);
    for (int layer = 0; layer < layers; ++layer) {
      const int heads = before.head_count(kind, layer);
      if (after.head_count(kind, layer) != heads) {
        throw InputError(std::string("cannot compare ") + to_string(kind) + " layer " + std::to_string(layer) + ": " +
                         std::to_string(heads) + " heads before, " + std::to_string(after.head_count(kind, layer)) +
                         " after");
      }
      check_positions(queries.before, before.query_count(kind, layer), "query", kind, layer);
      check_positions(queries.after, after.query_count(kind, layer), "query", kind, layer);
      check_positions(keys.before, before.key_count(kind, layer), "key", kind, layer);
      check_positions(keys.after, after.key_count(kind, layer), "key", kind, layer);
      LayerDifference d{kind, layer, {}, 0.0f};
      for (int h = 0; h < heads; ++h) {
        const RowMatrix a = before.attention(kind, layer, h);
        const RowMatrix b = after.attention(kind, layer, h);
        RowMatrix cell(static_cast<Eigen::Index>(queries.size()), static_cast<Eigen::Index>(keys.size()));
        for (std::size_t m = 0; m < queries.size(); ++m) {
          for (std::size_t n = 0; n < keys.size(); ++n) {
            // D[m, n] = α̂_after[q_after(m), k_after(n)] − α̂_before[q_before(m), k_before(n)]
            cell(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(n)) =
                b(queries.after[m], keys.after[n]) - a(queries.before[m], keys.before[n]);
          }
        }
        if (cell.size() > 0) d.largest = std::max(d.largest, cell.cwiseAbs().maxCoeff());
        d.heads.push_back(std::move(cell));
      }
      difference.largest = std::max(difference.largest, d.largest);
      difference.layers.push_back(std::move(d));
    }
  }
  return difference;
}

}  // namespace core
