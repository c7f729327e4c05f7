#pragma once
// Opening a model folder: config.json names the family, whose loader binds the checkpoint's
// tensors and reads its tokenizer files. A .gguf file is opened whole instead.

#include <cstddef>
#include <filesystem>

#include "model/model.h"

namespace core {

// Opens a model folder (config.json + model.safetensors, or model.safetensors.index.json and its
// shards, + tokenizer files), native or HuggingFace layout, or a GGUF file (families/gguf_model.h).
// Throws core::LoadError with a message naming the file and tensor. memory_budget (bytes, 0: no
// limit) bounds what opening allocates besides mapped files: a GGUF file's weights, which are
// copied out and dequantised (model/memory_estimate.h); other formats map their weights.
Model load_model(const std::filesystem::path& folder, std::size_t memory_budget = 0);

}  // namespace core
