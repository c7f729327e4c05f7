#pragma once
// Opening a model folder: config.json names the family, whose loader binds the checkpoint's
// tensors and reads its tokenizer files.

#include <filesystem>

#include "model/model.h"

namespace core {

// Opens a model folder (config.json + model.safetensors, or model.safetensors.index.json and its
// shards, + tokenizer files), native or HuggingFace layout. Throws core::LoadError with a message
// naming the file and tensor.
Model load_model(const std::filesystem::path& folder);

}  // namespace core
