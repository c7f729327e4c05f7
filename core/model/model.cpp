#include "model/model.h"

#include "tensor/errors.h"
#include "io/weight_binder.h"

namespace core {


Model::Model(ModelSpec spec, ModelWeights weights, std::shared_ptr<const WeightStorage> storage,
             std::shared_ptr<const Tokenizer> source_tokenizer, std::shared_ptr<const Tokenizer> target_tokenizer,
             TensorSummary tensors)
    : spec_(std::move(spec)),
      weights_(std::move(weights)),
      storage_(std::move(storage)),
      source_tokenizer_(std::move(source_tokenizer)),
      target_tokenizer_(std::move(target_tokenizer)),
      tensors_(std::move(tensors)) {}

const char* to_string(Precision precision) { return precision == Precision::Fast ? "fast" : "exact"; }

std::optional<Precision> parse_precision(std::string_view name) {
  if (name == "exact") return Precision::Exact;
  if (name == "fast") return Precision::Fast;
  return std::nullopt;
}

const ModelWeights& Model::weights(Precision precision) const {
  if (precision == Precision::Exact) return weights_;
  std::call_once(fast_->once, [this] { fast_->fast = make_fast_weights(weights_); });
  return fast_->fast.weights;
}

void Model::check_weights_unchanged() const {
  if (!storage_) return;
  // One fstat per file: a sharded checkpoint has a few, each mapped and read in place.
  for (const TensorFile& file : storage_->checkpoint().files()) {
    if (file.changed_on_disk()) {
      throw LoadError(file.path().string() +
                      ": changed on disk since the model was opened (rewritten or truncated in place); open the model again");
    }
  }
}

}  // namespace core
