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

}  // namespace core
