#pragma once
// What one block of a Transformer computes, as plain data. A family (families/) reads its
// config.json into these specs; the blocks in nn/ implement each variant once.
//
// Lecture notation: a^i the block's input rows, q^i = W^q a^i, k^j = W^k a^j, v^j = W^v a^j,
// α_{i,j} = q^i · k^j · scale (+ a position bias), α̂ = softmax_j(α), b^i = Σ_j α̂_{i,j} v^j, then W^O.

#include <string>
#include <vector>

namespace core {

// ---- normalisation ---------------------------------------------------------------------------

enum class NormKind {
  LayerNorm,  // (x − mean) / sqrt(var + eps) · γ + β
  RmsNorm,    // x / sqrt(mean(x²) + eps) · γ (Llama, T5, Gemma): no mean, no β
};

struct NormSpec {
  NormKind kind = NormKind::LayerNorm;
  float eps = 1e-5f;
  bool unit_offset = false;  // Gemma: the scale is (1 + γ), so a stored γ of 0 is the identity
};

// ---- positions -------------------------------------------------------------------------------

// A position table added to the token embeddings (before the first block).
enum class AbsolutePositions {
  None,
  SinusoidalInterleaved,  // the paper: PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(…)
  SinusoidalHalves,       // sin in columns [0, d/2), cos in [d/2, d) (Marian)
  Learned,                // a trained table; position p reads row p + offset
};

// How a rotary encoding's frequencies are rescaled for long inputs (HF v4.43.4 rope types).
enum class RopeScalingType { None, Linear, Dynamic, Llama3, Yarn };

struct RopeScaling {
  RopeScalingType type = RopeScalingType::None;
  float factor = 1.0f;
  // llama3: frequencies between these wavelengths are interpolated.
  float low_freq_factor = 1.0f;
  float high_freq_factor = 4.0f;
  int original_max_positions = 0;  // llama3's original_max_position_embeddings
  // dynamic and yarn: the model's max_position_embeddings (the length the NTK rescaling starts at).
  int max_positions = 0;
  // yarn
  float beta_fast = 32.0f;
  float beta_slow = 1.0f;
  float attention_factor = 1.0f;  // cos and sin are multiplied by it
};

// Rotary position encoding, the rotate-half layout HF uses: dims i and i + rotary_dim/2 of each
// head form a pair rotated by the angle p · θ^(−2i/rotary_dim).
struct RotarySpec {
  float theta = 10000.0f;
  int rotary_dim = 0;  // the first rotary_dim dims of each head rotate (Pythia: rotary_pct · head_dim)
  RopeScaling scaling;
  // One divisor per pair, applied after the scaling: ω_i / f_i. This is how a GGUF file stores
  // Llama 3's rope scaling (its rope_freqs tensor, rotary_dim / 2 values). Empty: none.
  std::vector<float> frequency_factors;
};

// T5's learned bias over bucketed relative distances, one value per head.
struct RelativeBiasSpec {
  int buckets = 32;
  int max_distance = 128;
  bool bidirectional = true;  // encoder: keys before and after get separate buckets
};

enum class ScorePositions {
  None,          // no position term in the scores (absolute tables act on the embeddings)
  Rotary,        // q and k rotated before q · k
  RelativeBias,  // + table[bucket(j − i), h]
  Alibi,         // + m_h · j (BLOOM; softmax makes it the same as m_h · (j − i))
};

// ---- attention -------------------------------------------------------------------------------

enum class MaskKind {
  None,    // every query sees every key
  Causal,  // query i sees keys j ≤ i
};

struct AttentionSpec {
  int heads = 0;
  int kv_heads = 0;  // grouped-query: query head h reads key/value head h / (heads / kv_heads)
  int head_dim = 0;  // need not be d_model / heads (Gemma, T5's d_kv)
  bool q_bias = true;
  bool k_bias = true;
  bool v_bias = true;
  bool o_bias = true;
  float scale = 0.0f;     // α = (q · k) · scale; 1/√head_dim for most models, 1 for T5
  float soft_cap = 0.0f;  // Gemma 2: α ← cap · tanh(α / cap); 0: none
  ScorePositions positions = ScorePositions::None;
  RotarySpec rotary;
  RelativeBiasSpec relative;
  MaskKind mask = MaskKind::None;
  int window = 0;  // sliding window W: query i sees keys i − W < j ≤ i; 0: no window

  int group_size() const { return kv_heads > 0 ? heads / kv_heads : 1; }
  int kv_head_of(int head) const { return head / group_size(); }
};

// ---- feed-forward ----------------------------------------------------------------------------

enum class Activation { Relu, GeluErf, GeluTanh, Silu, Tanh };

struct FeedForwardSpec {
  int d_ff = 0;
  Activation activation = Activation::Relu;
  bool gated = false;  // SwiGLU/GeGLU: act(x W_gate) ⊙ (x W_up), then W_down
  bool bias = true;
};

// ---- one block -------------------------------------------------------------------------------

enum class ResidualLayout {
  PostNorm,  // x = N(x + sublayer(x)), as in the paper
  PreNorm,   // x = x + sublayer(N(x))
  Parallel,  // x = x + attention(N₁(x)) + FFN(N₂(x)) (GPT-NeoX use_parallel_residual)
};

struct BlockSpec {
  AttentionSpec self_attention;
  bool cross_attention = false;  // a decoder block of an encoder-decoder model
  AttentionSpec cross;           // its spec when it has one
  FeedForwardSpec feed_forward;
  NormSpec norm;
  ResidualLayout layout = ResidualLayout::PostNorm;
  // Gemma 2: each sub-layer's output is normalised again before it joins the residual.
  bool sublayer_output_norms = false;
};

const char* to_string(NormKind kind);
const char* to_string(AbsolutePositions positions);
const char* to_string(RopeScalingType type);
const char* to_string(ScorePositions positions);
const char* to_string(Activation activation);
const char* to_string(ResidualLayout layout);

}  // namespace core
