// Llama (Llama 2, 3, 3.1, 3.2, TinyLlama, SmolLM) and Mistral in HuggingFace layout
// (llama_layout.h): RMSNorm pre-norm, rotary positions with HF's rope scaling types, grouped-query
// attention, SwiGLU. Mistral adds a sliding window: query i sees keys i − W < j ≤ i.
#include "families/llama_layout.h"
#include "text/tokenizer_loader.h"

namespace core {

ModelParts load_llama_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  const std::string family = reader.string("model_type");
  const int heads = reader.positive_int("num_attention_heads");
  const int hidden = reader.positive_int("hidden_size");
  // Mistral reads head_dim (Mistral-Nemo's differs from hidden_size / heads); Llama in HF v4.43 derives it.
  const std::optional<int> head_dim = family == "mistral" ? reader.optional_int("head_dim") : std::nullopt;
  ModelParts parts;
  parts.spec = read_llama_style_spec(reader, folder, family, head_dim ? *head_dim : hidden / heads);
  ModelSpec& spec = parts.spec;
  if (family == "mistral") {
    const std::optional<int> window = reader.optional_int("sliding_window");
    if (window && *window <= 0) reader.fail("'sliding_window' must be positive or null");
    for (BlockSpec& block : spec.decoder.blocks) block.self_attention.window = window ? *window : 0;
  }
  spec.has_output_head = has_lm_head(binder, spec);
  check_spec_sizes(spec, reader);
  bind_llama_style(binder, spec, reader.bool_or("tie_word_embeddings", false), parts.weights);
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_llama_tokenizer(folder)); };
  return parts;
}

}  // namespace core
