#include "model.h"

#include <map>

#include "config_reader.h"
#include "errors.h"
#include "model_families.h"
#include "weight_binder.h"

namespace core {

namespace {

using FamilyLoader = ModelParts (*)(const ConfigReader&, const std::filesystem::path&, WeightBinder&);

const std::map<std::string, FamilyLoader>& families() {
  static const std::map<std::string, FamilyLoader> loaders = {
      {"attnscope", load_native_family}, {"bart", load_bart_family},     {"bert", load_bert_family},
      {"gpt2", load_gpt2_family},        {"marian", load_marian_family},
  };
  return loaders;
}

std::string supported_families() {
  std::string names;
  for (const auto& [name, loader] : families()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

void check_folder(const std::filesystem::path& folder) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(folder, error);
  if (error && error != std::errc::no_such_file_or_directory) {
    throw LoadError(folder.string() + ": cannot be opened: " + error.message());
  }
  if (!std::filesystem::exists(status)) throw LoadError(folder.string() + ": no such folder");
  if (!std::filesystem::is_directory(status)) {
    throw LoadError(folder.string() + ": is not a folder; open the folder that holds config.json");
  }
}

void check_tokenizer_size(const Tokenizer& tokenizer, int table_rows, const char* role) {
  if (tokenizer.vocab_size() > table_rows) {
    throw LoadError(std::string("the ") + role + " tokenizer has " + std::to_string(tokenizer.vocab_size()) +
                    " entries but the model's token table has only " + std::to_string(table_rows) + " rows");
  }
}

}  // namespace

Model::Model(ModelConfig config, ModelWeights weights, std::shared_ptr<const WeightStorage> storage,
             std::shared_ptr<const Tokenizer> source_tokenizer, std::shared_ptr<const Tokenizer> target_tokenizer,
             TensorSummary tensors)
    : config_(std::move(config)),
      weights_(std::move(weights)),
      storage_(std::move(storage)),
      source_tokenizer_(std::move(source_tokenizer)),
      target_tokenizer_(std::move(target_tokenizer)),
      tensors_(std::move(tensors)) {}

void Model::check_weights_unchanged() const {
  if (storage_ && storage_->file().changed_on_disk()) {
    throw LoadError(storage_->file().path().string() +
                    ": changed on disk since the model was opened (rewritten or truncated in place); open the model again");
  }
}

Model Model::load(const std::filesystem::path& folder) {
  check_folder(folder);
  // The order of checks is the loading contract in docs/model-format.md.
  auto storage = std::make_shared<WeightStorage>(SafetensorsFile::open(folder / "model.safetensors"));
  const ConfigReader config = ConfigReader::open(folder / "config.json");
  const std::string model_type = config.string("model_type");
  const auto family = families().find(model_type);
  if (family == families().end()) {
    config.fail("model_type \"" + model_type + "\" is not supported; supported: " + supported_families());
  }

  WeightBinder binder(storage);
  ModelParts parts;
  try {
    parts = family->second(config, folder, binder);
  } catch (const nlohmann::json::exception& error) {
    // A value of the wrong JSON type deep inside a config or tokenizer file.
    throw LoadError(config.file_name() + ": " + error.what());
  }
  binder.check_finite();
  if (parts.config.has_encoder()) check_tokenizer_size(*parts.source_tokenizer, parts.config.source_vocab_size, "source");
  if (parts.config.has_decoder()) check_tokenizer_size(*parts.target_tokenizer, parts.config.target_vocab_size, "target");
  return Model(std::move(parts.config), std::move(parts.weights), binder.storage(), std::move(parts.source_tokenizer),
               std::move(parts.target_tokenizer), binder.summary());
}

}  // namespace core
