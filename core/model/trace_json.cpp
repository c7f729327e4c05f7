#include "model/trace_json.h"

namespace core {

nlohmann::json matrix_to_json(const Eigen::Ref<const RowMatrix>& matrix) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < matrix.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < matrix.cols(); ++j) row.push_back(matrix(i, j));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

nlohmann::json layers_to_json(const std::vector<LayerAttention>& layers) {
  nlohmann::json result = nlohmann::json::array();
  for (const LayerAttention& layer : layers) {
    nlohmann::json heads = nlohmann::json::array();
    for (const RowMatrix& head : layer.heads) heads.push_back(matrix_to_json(head));
    result.push_back(std::move(heads));
  }
  return result;
}

}  // namespace

nlohmann::json trace_to_json(const AttentionTrace& trace, const ModelSpec& config) {
  nlohmann::json attention = nlohmann::json::object();
  if (config.has_encoder()) attention["encoder_self"] = layers_to_json(trace.encoder_self);
  if (config.has_decoder()) attention["decoder_self"] = layers_to_json(trace.decoder_self);
  if (config.has_encoder() && config.has_decoder()) attention["decoder_cross"] = layers_to_json(trace.decoder_cross);
  return attention;
}

namespace {

void write_kind_json(std::ostream& out, const AttentionTrace& trace, AttentionKind kind, const TraceSelection& selection) {
  out << '[';
  bool first_layer = true;
  for (const int l : selected_indices(selection.layers, trace.layer_count(kind))) {
    out << (first_layer ? "[" : ",[");
    first_layer = false;
    bool first_head = true;
    for (const int h : selected_indices(selection.heads, trace.head_count(kind, l))) {
      if (!first_head) out << ',';
      first_head = false;
      out << matrix_to_json(trace.attention(kind, l, h)).dump();
    }
    out << ']';
  }
  out << ']';
}

}  // namespace

void write_trace_json(std::ostream& out, const AttentionTrace& trace, const ModelSpec& config,
                      const TraceSelection& selection) {
  // the kinds in trace_to_json's order (nlohmann's objects sort their keys)
  out << '{';
  bool first = true;
  const auto kind = [&](const char* name, AttentionKind which) {
    out << (first ? "\"" : ",\"") << name << "\":";
    first = false;
    write_kind_json(out, trace, which, selection);
  };
  if (config.has_encoder() && config.has_decoder()) kind("decoder_cross", AttentionKind::DecoderCross);
  if (config.has_decoder()) kind("decoder_self", AttentionKind::DecoderSelf);
  if (config.has_encoder()) kind("encoder_self", AttentionKind::EncoderSelf);
  out << '}';
}

}  // namespace core
