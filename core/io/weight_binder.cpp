#include "io/weight_binder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>

#include "tensor/errors.h"

namespace core {

namespace {

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::ostringstream text;
  text << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) text << (i ? ", " : "") << shape[i];
  text << ']';
  return text.str();
}

std::string file_name(const SafetensorsFile& file) { return file.path().filename().string(); }

}  // namespace

float* WeightStorage::allocate(std::size_t count) {
  buffers_.push_back(std::make_unique<float[]>(count));
  return buffers_.back().get();
}

StoredTensor WeightBinder::find_float(const std::string& name) const {
  const StoredTensor stored = storage_->checkpoint().find(name);
  // A missing tensor is missing from model.safetensors, or from the index of the shards.
  if (!stored) throw LoadError(storage_->checkpoint().name() + ": tensor '" + name + "' is missing");
  if (!is_float(stored.tensor->dtype)) {
    throw LoadError(file_name(*stored.file) + ": tensor '" + name + "' has dtype " + to_string(stored.tensor->dtype) +
                    "; expected F32, F16 or BF16");
  }
  return stored;
}

const float* WeightBinder::floats(const StoredTensor& stored) {
  const TensorInfo& tensor = *stored.tensor;
  if (const auto found = bound_.find(tensor.name); found != bound_.end()) return found->second.values.data();
  const std::span<const std::byte> bytes = stored.file->bytes(tensor);
  const auto count = static_cast<std::size_t>(tensor.element_count());
  const float* values = nullptr;
  if (tensor.dtype == DType::F32 && reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(float) == 0) {
    // Zero copy: the mapped file already holds float32 in the right layout.
    values = reinterpret_cast<const float*>(bytes.data());
  } else {
    const std::vector<float> converted = to_float32(tensor.dtype, bytes);
    float* buffer = storage_->allocate(count);
    std::memcpy(buffer, converted.data(), count * sizeof(float));
    values = buffer;
  }
  bound_.emplace(tensor.name, BoundTensor{std::span<const float>(values, count), stored.file});
  return values;
}

WeightMatrix WeightBinder::matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols) {
  const StoredTensor stored = find_float(name);
  if (stored.tensor->shape != std::vector<std::int64_t>{rows, cols}) {
    throw LoadError(file_name(*stored.file) + ": tensor '" + name + "' has wrong shape; expected " +
                    shape_text({rows, cols}) + ", got " + shape_text(stored.tensor->shape));
  }
  return WeightMatrix{floats(stored), rows, cols};
}

WeightMatrix WeightBinder::transposed_matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols) {
  const WeightMatrix stored = matrix(name, cols, rows);
  float* buffer = storage_->allocate(static_cast<std::size_t>(rows * cols));
  Eigen::Map<RowMatrix>(buffer, rows, cols) = stored.view().transpose();
  return WeightMatrix{buffer, rows, cols};
}

WeightVector WeightBinder::vector(const std::string& name, Eigen::Index size) {
  const StoredTensor stored = find_float(name);
  const std::vector<std::int64_t>& shape = stored.tensor->shape;
  if (shape != std::vector<std::int64_t>{size} && shape != std::vector<std::int64_t>{1, size}) {
    throw LoadError(file_name(*stored.file) + ": tensor '" + name + "' has wrong shape; expected " +
                    shape_text({size}) + ", got " + shape_text(shape));
  }
  return WeightVector{floats(stored), size};
}

WeightMatrix WeightBinder::own(const RowMatrix& values) {
  float* buffer = storage_->allocate(static_cast<std::size_t>(values.size()));
  Eigen::Map<RowMatrix>(buffer, values.rows(), values.cols()) = values;
  return WeightMatrix{buffer, values.rows(), values.cols()};
}

namespace {

// True when every value is finite. x - x is 0 for a finite x and NaN for ±Inf and NaN, so one
// vectorised sum per block finds any of them at memory speed (a 440 MB model in a few ms).
bool all_finite(std::span<const float> values) {
  constexpr std::size_t block = 1 << 16;
  for (std::size_t begin = 0; begin < values.size(); begin += block) {
    const auto count = static_cast<Eigen::Index>(std::min(block, values.size() - begin));
    const Eigen::Map<const Eigen::ArrayXf> x(values.data() + begin, count);
    if (std::isnan((x - x).sum())) return false;
  }
  return true;
}

}  // namespace

void WeightBinder::check_finite() const {
  for (const auto& [name, bound] : bound_) {
    const std::span<const float> values = bound.values;
    if (all_finite(values)) continue;
    // Only a bad tensor is searched value by value, to name the first bad element.
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!std::isfinite(values[i])) {
        throw LoadError(file_name(*bound.file) + ": tensor '" + name + "' contains " +
                        (std::isnan(values[i]) ? "NaN" : "Inf") + " at element " + std::to_string(i));
      }
    }
  }
}

TensorSummary WeightBinder::summary() const {
  TensorSummary summary;
  for (const SafetensorsFile& file : storage_->checkpoint().files()) {
    for (const TensorInfo& tensor : file.tensors()) {
      if (bound_.contains(tensor.name)) {
        summary.parameter_count += tensor.element_count();
        ++summary.tensor_count;
      } else {
        summary.unused.push_back(tensor.name);
      }
    }
  }
  // Each file lists its tensors sorted; a tensor the index leaves out may sit in two shards.
  std::sort(summary.unused.begin(), summary.unused.end());
  summary.unused.erase(std::unique(summary.unused.begin(), summary.unused.end()), summary.unused.end());
  return summary;
}

}  // namespace core
