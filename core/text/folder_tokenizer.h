#pragma once
// The tokenizer of a HuggingFace folder chosen the way HF chooses it: tokenizer_config.json's
// tokenizer_class ("LlamaTokenizerFast" reads as LlamaTokenizer), else config.json's model_type,
// else a plain tokenizer.json. Works on folders that hold tokenizer files only
// (`attnscope-cli tokenize`). Model loading goes through each family, which picks the same loaders.

#include <filesystem>
#include <memory>

#include "text/tokenizer.h"

namespace core {

struct FolderTokenizers {
  std::shared_ptr<const Tokenizer> source;  // encoder text (the same object as target except for Marian)
  std::shared_ptr<const Tokenizer> target;  // decoder text
};

// One tokenizer for both sides: every family but Marian.
FolderTokenizers shared_tokenizer(std::shared_ptr<const Tokenizer> tokenizer);

// Throws LoadError naming the file at fault, or the folder when it holds no tokenizer files.
FolderTokenizers load_folder_tokenizers(const std::filesystem::path& folder);

}  // namespace core
