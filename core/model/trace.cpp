#include "model/trace.h"

#include <algorithm>
#include <string>
#include <utility>

#include "nn/attention_rows.h"
#include "tensor/errors.h"

namespace core {

const char* to_string(AttentionStorage storage) {
  switch (storage) {
    case AttentionStorage::Dense: return "dense";
    case AttentionStorage::OnDemand: return "on-demand";
    case AttentionStorage::Auto: break;
  }
  return "auto";
}

std::optional<AttentionStorage> parse_attention_storage(std::string_view name) {
  if (name == "dense") return AttentionStorage::Dense;
  if (name == "on-demand") return AttentionStorage::OnDemand;
  if (name == "auto") return AttentionStorage::Auto;
  return std::nullopt;
}

const std::vector<AttentionScoreInputs>& OnDemandAttention::layers(AttentionKind kind) const {
  switch (kind) {
    case AttentionKind::EncoderSelf: return encoder_self;
    case AttentionKind::DecoderSelf: return decoder_self;
    case AttentionKind::DecoderCross: break;
  }
  return decoder_cross;
}

const std::vector<LayerAttention>& AttentionTrace::layers(AttentionKind kind) const {
  switch (kind) {
    case AttentionKind::EncoderSelf: return encoder_self;
    case AttentionKind::DecoderSelf: return decoder_self;
    case AttentionKind::DecoderCross: break;
  }
  return decoder_cross;
}

std::vector<LayerAttention>& AttentionTrace::layers(AttentionKind kind) {
  return const_cast<std::vector<LayerAttention>&>(std::as_const(*this).layers(kind));
}

int AttentionTrace::layer_count(AttentionKind kind) const {
  if (on_demand) return static_cast<int>(on_demand->layers(kind).size());
  return static_cast<int>(layers(kind).size());
}

int AttentionTrace::head_count(AttentionKind kind, int layer) const {
  if (layer < 0 || layer >= layer_count(kind)) return 0;
  const auto l = static_cast<std::size_t>(layer);
  if (on_demand) return on_demand->layers(kind)[l].spec.heads;
  return static_cast<int>(layers(kind)[l].heads.size());
}

int AttentionTrace::query_count(AttentionKind kind, int layer) const {
  if (head_count(kind, layer) == 0) return 0;
  const auto l = static_cast<std::size_t>(layer);
  if (on_demand) return on_demand->layers(kind)[l].queries();
  return static_cast<int>(layers(kind)[l].heads.front().rows());
}

int AttentionTrace::key_count(AttentionKind kind, int layer) const {
  if (head_count(kind, layer) == 0) return 0;
  const auto l = static_cast<std::size_t>(layer);
  if (on_demand) return on_demand->layers(kind)[l].keys();
  return static_cast<int>(layers(kind)[l].heads.front().cols());
}

namespace {

void check_head(const AttentionTrace& trace, AttentionKind kind, int layer, int head) {
  const int layers = trace.layer_count(kind);
  if (layer < 0 || layer >= layers) {
    throw InputError(std::string("the trace has no ") + to_string(kind) + " layer " + std::to_string(layer) +
                     (layers == 0 ? std::string(": it has no such attention")
                                  : "; it has layers 0.." + std::to_string(layers - 1)));
  }
  const int heads = trace.head_count(kind, layer);
  if (head < 0 || head >= heads) {
    throw InputError(std::string("the trace has no head ") + std::to_string(head) + " in " + to_string(kind) +
                     " layer " + std::to_string(layer) + "; it has heads 0.." + std::to_string(heads - 1));
  }
}

}  // namespace

RowMatrix AttentionTrace::attention(AttentionKind kind, int layer, int head) const {
  check_head(*this, kind, layer, head);
  if (on_demand) return head_attention(on_demand->layers(kind)[static_cast<std::size_t>(layer)], head);
  return layers(kind)[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(head)];
}

RowMatrix AttentionTrace::attention_rows(AttentionKind kind, int layer, int head, std::span<const int> queries) const {
  check_head(*this, kind, layer, head);
  const int rows = query_count(kind, layer);
  for (const int i : queries) {
    if (i < 0 || i >= rows) {
      throw InputError(std::string("the trace has no query ") + std::to_string(i) + " in " + to_string(kind) +
                       " layer " + std::to_string(layer) + "; it has queries 0.." + std::to_string(rows - 1));
    }
  }
  RowMatrix picked = RowMatrix::Zero(static_cast<Eigen::Index>(queries.size()), key_count(kind, layer));
  if (!on_demand) {
    const RowMatrix& alpha_hat = layers(kind)[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(head)];
    for (std::size_t r = 0; r < queries.size(); ++r) picked.row(static_cast<Eigen::Index>(r)) = alpha_hat.row(queries[r]);
    return picked;
  }
  const AttentionScoreInputs& inputs = on_demand->layers(kind)[static_cast<std::size_t>(layer)];
  const std::vector<Eigen::Index> bounds = query_blocks(inputs.queries());
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    const Eigen::Index begin = bounds[b];
    const Eigen::Index end = bounds[b + 1];
    const bool wanted = std::any_of(queries.begin(), queries.end(), [&](int i) { return i >= begin && i < end; });
    if (!wanted) continue;
    // the whole block, as the full recomputation does it, so the rows are the same bits
    const RowMatrix block = head_attention_rows(inputs, head, begin, end);
    for (std::size_t r = 0; r < queries.size(); ++r) {
      const Eigen::Index i = queries[r];
      if (i < begin || i >= end) continue;
      // the keys past the block's last visible key are masked: they stay 0
      picked.row(static_cast<Eigen::Index>(r)).head(block.cols()) = block.row(i - begin);
    }
  }
  return picked;
}

const RowMatrix* AttentionTrace::stored(AttentionKind kind, int layer, int head) const {
  if (on_demand) return nullptr;
  check_head(*this, kind, layer, head);
  return &layers(kind)[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(head)];
}

std::size_t AttentionTrace::bytes() const {
  std::size_t floats = 0;
  for (const AttentionKind kind : {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross}) {
    if (on_demand) {
      for (const AttentionScoreInputs& layer : on_demand->layers(kind)) {
        floats += static_cast<std::size_t>(layer.q.size() + layer.k.size());
      }
      continue;
    }
    for (const LayerAttention& layer : layers(kind)) {
      for (const RowMatrix& head : layer.heads) floats += static_cast<std::size_t>(head.size());
    }
  }
  return floats * sizeof(float);
}

std::vector<int> heads_in_layer(std::span<const HeadRef> heads, AttentionKind kind, int layer) {
  std::vector<int> found;
  for (const HeadRef& head : heads) {
    if (head.kind == kind && head.layer == layer) found.push_back(head.head);
  }
  return found;
}

}  // namespace core
