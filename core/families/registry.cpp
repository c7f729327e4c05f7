#include "families/registry.h"

namespace core {

const std::vector<Family>& families() {
  static const std::vector<Family> list = {
      {"attnscope", load_native_family},
      {"bart", load_bart_family},
      {"bert", load_bert_family},
      {"bloom", load_bloom_family},
      {"distilbert", load_distilbert_family},
      {"gemma", load_gemma_family},
      {"gemma2", load_gemma_family},
      {"gpt2", load_gpt2_family},
      {"gpt_neox", load_gpt_neox_family},
      {"llama", load_llama_family},
      {"marian", load_marian_family},
      {"mistral", load_llama_family},
      {"qwen2", load_qwen2_family},
      {"roberta", load_roberta_family},
      {"t5", load_t5_family},
      {"xlm-roberta", load_roberta_family},
  };
  return list;
}

const Family* find_family(const std::string& model_type) {
  for (const Family& family : families()) {
    if (model_type == family.model_type) return &family;
  }
  return nullptr;
}

std::string supported_model_types() {
  std::string names;
  for (const Family& family : families()) names += (names.empty() ? "" : ", ") + std::string(family.model_type);
  return names;
}

}  // namespace core
