#pragma once
// The model families AttentionScope opens, each mapping its config.json and checkpoint tensor
// names onto the one architecture in model_config.h / weights.h.

#include <filesystem>
#include <memory>
#include <string>

#include "config_reader.h"
#include "model_config.h"
#include "tokenizer.h"
#include "weight_binder.h"
#include "weights.h"

namespace core {

struct ModelParts {
  ModelConfig config;
  ModelWeights weights;
  std::shared_ptr<const Tokenizer> source_tokenizer;
  std::shared_ptr<const Tokenizer> target_tokenizer;
};

// Every family reads its config (checking sizes before binding anything), binds its tensors
// and loads its tokenizer files. All throw LoadError.
ModelParts load_native_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_bert_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_gpt2_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_marian_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_bart_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);

// Shared by the families whose tensors follow the fairseq/BART naming (native, Marian, BART):
//   <stack>layers.N.self_attn.{q,k,v,out}_proj, self_attn_layer_norm, encoder_attn, fc1, fc2, final_layer_norm.
LinearWeights bind_linear(WeightBinder& binder, const std::string& prefix, Eigen::Index out, Eigen::Index in,
                          bool with_bias = true);
LayerNormWeights bind_layer_norm(WeightBinder& binder, const std::string& prefix, Eigen::Index size);
std::vector<EncoderLayerWeights> bind_fairseq_encoder_layers(WeightBinder& binder, const std::string& stack,
                                                             const ModelConfig& config);
std::vector<DecoderLayerWeights> bind_fairseq_decoder_layers(WeightBinder& binder, const std::string& stack,
                                                             const ModelConfig& config, bool cross_attention);
// The (max_positions, d_model) table for sinusoidal encodings, or a bound learned table; empty for none.
WeightMatrix bind_positions(WeightBinder& binder, const std::string& name, const ModelConfig& config);

}  // namespace core
