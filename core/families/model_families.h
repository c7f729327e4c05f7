#pragma once
// The model families AttentionScope opens. Each maps its config.json keys and checkpoint tensor
// names onto the block specs (nn/block_spec.h) and weight structs (nn/weights.h), in one file;
// families/registry.cpp lists them by model_type. docs/adding-a-family.md is the checklist.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/config_reader.h"
#include "io/weight_binder.h"
#include "model/model_spec.h"
#include "nn/weights.h"
#include "text/folder_tokenizer.h"
#include "text/tokenizer.h"

namespace core {

struct ModelParts {
  ModelSpec spec;
  ModelWeights weights;
  std::shared_ptr<const Tokenizer> source_tokenizer;
  std::shared_ptr<const Tokenizer> target_tokenizer;
  // Set instead of the two above by the families whose tokenizer files are large (a Llama 3
  // tokenizer.json holds 128k tokens and 280k merges): load_model runs it on a thread of its own
  // while this one scans the weights for NaN and Inf.
  std::function<FolderTokenizers()> load_tokenizers;
};

// Every family reads its config (checking sizes before binding anything), binds its tensors
// and loads its tokenizer files or says how (load_tokenizers). All throw LoadError.
using FamilyLoader = ModelParts (*)(const ConfigReader&, const std::filesystem::path&, WeightBinder&);

ModelParts load_native_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_bert_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_roberta_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_distilbert_family(const ConfigReader& config, const std::filesystem::path& folder,
                                  WeightBinder& binder);
ModelParts load_gpt2_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_marian_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_bart_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_llama_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_qwen2_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_gemma_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_gpt_neox_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_bloom_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);
ModelParts load_t5_family(const ConfigReader& config, const std::filesystem::path& folder, WeightBinder& binder);

// ---- shared by the families ------------------------------------------------------------------

// Sizes must be positive, heads must divide d_model, and the weights the config implies must
// stay under 16 GiB. Throws LoadError naming config.json.
void check_config_sizes(const ModelConfig& config);
// The same limits for a spec read directly (the modern families), naming config.json's keys.
void check_spec_sizes(const ModelSpec& spec, const ConfigReader& reader);

Activation parse_activation(const ConfigReader& reader, const std::string& key);

// prefix + "weight" [out, in] and, when with_bias, prefix + "bias" [out].
LinearWeights bind_linear(WeightBinder& binder, const std::string& prefix, Eigen::Index out, Eigen::Index in,
                          bool with_bias = true);
// prefix + "weight" (γ) and, when with_beta, prefix + "bias" (β).
NormWeights bind_norm(WeightBinder& binder, const std::string& prefix, Eigen::Index size, bool with_beta = true);

// fairseq/BART naming (native, Marian, BART):
//   <stack>layers.N.self_attn.{q,k,v,out}_proj, self_attn_layer_norm, encoder_attn(_layer_norm), fc1, fc2, final_layer_norm.
std::vector<BlockWeights> bind_fairseq_blocks(WeightBinder& binder, const std::string& stack, const ModelConfig& config,
                                              int layers, bool cross_attention);
// The (max_positions, d_model) table for sinusoidal encodings, or a bound learned table; empty for none.
WeightMatrix bind_positions(WeightBinder& binder, const std::string& name, const ModelConfig& config);

// The encoder of BERT-style checkpoints (BERT, RoBERTa, XLM-R): "<prefix>embeddings.*" and
// "<prefix>encoder.layer.N.*"; stack sizes from the spec.
StackWeights bind_bert_encoder(WeightBinder& binder, const std::string& prefix, const ModelSpec& spec,
                               int type_vocab_size);
// The block of BERT-style encoders: full multi-head attention with biases (head size d_model / heads,
// scale 1/√head size), plain feed-forward, post-norm.
BlockSpec bert_block(int heads, int d_model, int d_ff, Activation activation, const NormSpec& norm);
// BERT-style config.json keys → an encoder-only spec (post-norm, learned positions, token types).
ModelSpec read_bert_spec(const ConfigReader& reader, const std::filesystem::path& folder, const std::string& family);

// The name of the folder's class: config.json architectures[0], or "" when absent.
std::string class_name(const ConfigReader& reader);

}  // namespace core
