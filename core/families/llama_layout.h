#pragma once
// The checkpoint layout Llama made standard, shared by Llama, Mistral, Qwen2, Gemma and Gemma 2:
//   model.embed_tokens.weight
//   model.layers.N.input_layernorm.weight            (N₁, before attention)
//   model.layers.N.self_attn.{q,k,v,o}_proj.weight   (+ .bias where the family has one)
//   model.layers.N.post_attention_layernorm.weight   (N₂ before the MLP; Gemma 2: the attention output's norm)
//   model.layers.N.pre_feedforward_layernorm.weight, post_feedforward_layernorm.weight   (Gemma 2 only)
//   model.layers.N.mlp.{gate,up,down}_proj.weight
//   model.norm.weight, lm_head.weight (absent when tied to the embeddings)
// and the config.json keys they share (hidden_size, num_key_value_heads, rope_theta, rope_scaling, …).

#include <filesystem>
#include <string>

#include "families/model_families.h"

namespace core {

// The decoder-only spec every Llama-style family starts from: RMSNorm pre-norm blocks, rotary
// positions, causal grouped-query attention, gated feed-forward. Reads hidden_size,
// num_attention_heads, num_key_value_heads, intermediate_size, num_hidden_layers, vocab_size,
// max_position_embeddings, rms_norm_eps, rope_theta, rope_scaling, hidden_act, eos_token_id.
// head_dim: the family's (Gemma and Mistral read it from config.json, Llama derives it).
ModelSpec read_llama_style_spec(const ConfigReader& reader, const std::filesystem::path& folder,
                                const std::string& family, int head_dim);

// rope_theta (key theta_key) and rope_scaling → the rotary spec of heads of head_dim dims.
RotarySpec read_rotary(const ConfigReader& reader, int head_dim, float rotary_fraction, const char* theta_key,
                       float default_theta, int max_position_embeddings);

// Whether the folder holds a language-model head: lm_head.weight, or a *ForCausalLM class.
bool has_lm_head(const WeightBinder& binder, const ModelSpec& spec);

// Binds the stack above (Gemma 2's four norms per layer when the spec asks for them) and the LM head
// when spec.has_output_head (lm_head.weight, or the token table when tied).
void bind_llama_style(WeightBinder& binder, const ModelSpec& spec, bool tied, ModelWeights& weights);

}  // namespace core
