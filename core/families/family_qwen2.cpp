// Qwen2 and Qwen2.5 in HuggingFace layout (llama_layout.h): the Llama block with biases on the
// q, k and v projections (added before the rotation) and, usually, tied embeddings. HF v4.43's
// eager Qwen2 applies no sliding window, whatever use_sliding_window says.
#include "families/llama_layout.h"
#include "text/tokenizer_loader.h"

namespace core {

ModelParts load_qwen2_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  const int heads = reader.positive_int("num_attention_heads");
  ModelParts parts;
  parts.spec = read_llama_style_spec(reader, folder, "qwen2", reader.positive_int("hidden_size") / heads);
  ModelSpec& spec = parts.spec;
  for (BlockSpec& block : spec.decoder.blocks) {
    AttentionSpec& attention = block.self_attention;
    attention.q_bias = attention.k_bias = attention.v_bias = true;
    attention.o_bias = false;
  }
  spec.has_output_head = has_lm_head(binder, spec);
  check_spec_sizes(spec, reader);
  bind_llama_style(binder, spec, reader.bool_or("tie_word_embeddings", false), parts.weights);
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_qwen2_tokenizer(folder)); };
  return parts;
}

}  // namespace core
