#include "families/load_model.h"

#include <exception>
#include <future>

#include "families/gguf_model.h"
#include "families/registry.h"
#include "io/config_reader.h"
#include "io/hf_cache_layout.h"
#include "io/weight_binder.h"
#include "tensor/errors.h"

namespace core {

namespace {

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

// A value of the wrong JSON type deep inside a config or tokenizer file, as a LoadError.
template <typename Step>
auto with_json_errors(const ConfigReader& config, Step&& step) {
  try {
    return step();
  } catch (const nlohmann::json::exception& error) {
    throw LoadError(config.file_name() + ": " + error.what());
  }
}

// The weights' NaN/Inf scan here and the tokenizer files on a thread of their own, when the
// family defers them (ModelParts::load_tokenizers): both read large files and neither needs the
// other. A tokenizer's error is reported first, as when the tokenizer loaded before the scan.
void scan_and_load_tokenizers(const ConfigReader& config, ModelParts& parts, WeightBinder& binder) {
  if (!parts.load_tokenizers) {
    binder.check_finite();
    return;
  }
  // async | deferred: where no thread can be started the tokenizer loads in get(), after the scan.
  std::future<FolderTokenizers> tokenizers = std::async(std::launch::async | std::launch::deferred,
                                                         [&] { return with_json_errors(config, parts.load_tokenizers); });
  std::exception_ptr scan_error;
  try {
    binder.check_finite();
  } catch (...) {
    scan_error = std::current_exception();
  }
  FolderTokenizers loaded = tokenizers.get();
  if (scan_error) std::rethrow_exception(scan_error);
  parts.source_tokenizer = std::move(loaded.source);
  parts.target_tokenizer = std::move(loaded.target);
}

}  // namespace

Model load_model(const std::filesystem::path& folder, std::size_t memory_budget) {
  // A single .gguf file (llama.cpp's format) is a whole model.
  if (is_gguf_path(folder)) return load_gguf_model(folder, memory_budget);
  check_folder(folder);
  // The order of checks is the loading contract in docs/model-format.md.
  auto storage = std::make_shared<WeightStorage>(Checkpoint::open(folder));
  const ConfigReader config = ConfigReader::open(folder / "config.json");
  const std::string model_type = config.string("model_type");
  const Family* family = find_family(model_type);
  if (family == nullptr) {
    const std::string architecture = class_name(config);
    config.fail((architecture.empty() ? "" : architecture + " (") + "model_type \"" + model_type + "\"" +
                (architecture.empty() ? "" : ")") + " is not supported; supported model types: " +
                supported_model_types());
  }

  WeightBinder binder(storage);
  ModelParts parts = with_json_errors(config, [&] { return family->load(config, folder, binder); });
  scan_and_load_tokenizers(config, parts, binder);
  // A Hugging Face cache snapshot is called by its repository ("org/name"), not its commit hash.
  const std::optional<std::string> repository = repository_id_of_snapshot(folder);
  if (repository && parts.spec.name == folder.filename().string()) parts.spec.name = *repository;
  // A tokenizer with more entries than the token table loads (HF loads it too: GPT-2-style folders
  // often add <|endoftext|>); a pass refuses an id past the table when it occurs, naming the token.
  return Model(std::move(parts.spec), std::move(parts.weights), binder.storage(), std::move(parts.source_tokenizer),
               std::move(parts.target_tokenizer), binder.summary());
}

}  // namespace core
