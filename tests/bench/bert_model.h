#pragma once
// A BERT-base-shaped model folder with random weights, in HuggingFace's BertForMaskedLM layout
// (config.json, vocab.txt, tokenizer_config.json, model.safetensors): the benchmarks' 440 MB model,
// written on demand so nothing that large is committed or downloaded.

#include <filesystem>

namespace bench {

struct BertShape {
  int layers = 12;
  int d_model = 768;
  int heads = 12;
  int d_ff = 3072;
  int vocab = 30522;
  int positions = 512;
  bool bf16 = false;  // store the weights as bfloat16 (as checkpoints ship) rather than float32
};

// Writes the folder (created if needed). Weights are uniform with standard deviation 0.02 (BERT's
// initialiser range), LayerNorm γ = 1 and β = 0, from a fixed seed: the same shape always gives the
// same bytes. Throws std::runtime_error naming the file on I/O errors.
void write_bert_model(const std::filesystem::path& folder, const BertShape& shape = {});

// The folder under the system temporary directory, written there first if it is not complete.
std::filesystem::path bert_base_model();

}  // namespace bench
