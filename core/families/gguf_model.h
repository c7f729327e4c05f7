#pragma once
// A GGUF file (llama.cpp's single-file format) opened as a model: its metadata gives the spec,
// its tokenizer.ggml.* keys the tokenizer, its tensors the weights. Architectures read:
//   llama  (Llama and Mistral: convert_hf_to_gguf.py writes both as "llama")
//   qwen2
//   gemma
// They compute as the same checkpoint in HuggingFace layout does (families/llama_layout.h); what
// the conversion changed is undone:
//   - llama: convert_hf_to_gguf.py permutes the rows of W^q and W^k (and their biases) per head
//     for ggml's rotary layout, which rotates adjacent pairs (2i, 2i + 1). HF's rotate-half pairs
//     (i, i + d/2). GGUF row h·d + 2i + j holds HF row h·d + j·d/2 + i (i < d/2, j ∈ {0, 1});
//     the loader puts every row back.
//   - gemma: the converter stores each RMSNorm scale as 1 + γ, so the norms read it as is.
// Tensor names (llama.cpp's): token_embd, blk.N.{attn_norm, attn_q, attn_k, attn_v, attn_output,
// ffn_norm, ffn_gate, ffn_up, ffn_down}, output_norm, output (absent when tied to token_embd),
// rope_freqs (optional: one factor per rotary frequency, how the converter stores Llama 3's rope
// scaling; RotarySpec::frequency_factors).

#include <filesystem>
#include <memory>

#include "model/model.h"
#include "text/tokenizer.h"

namespace core {

// Throws LoadError naming the file and the key or tensor at fault (docs/model-format.md, "GGUF"),
// also when what the weights take once copied out and dequantised (model/memory_estimate.h) is
// over memory_budget bytes (0: no limit), before any of it is allocated.
Model load_gguf_model(const std::filesystem::path& file, std::size_t memory_budget = 0);

// The tokenizer a GGUF file's tokenizer.ggml.* keys describe, without its tensors: also opens the
// vocabulary-only files llama.cpp's tokenizer tests use. Throws LoadError naming the file and key.
std::shared_ptr<const Tokenizer> load_gguf_tokenizer(const std::filesystem::path& file);

// True for a path ending in .gguf (any case) that is not a folder: load_model opens it as a GGUF file.
bool is_gguf_path(const std::filesystem::path& path);

}  // namespace core
