#include "io/gguf_binder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "io/ggml_dequantize.h"
#include "tensor/errors.h"

namespace core {

namespace {

std::string shape_text(const std::vector<std::int64_t>& ne) {
  std::string text = "[";
  for (std::size_t i = 0; i < ne.size(); ++i) text += (i ? ", " : "") + std::to_string(ne[i]);
  return text + "]";
}

// The stored row that becomes row `row` of the result.
std::int64_t source_row(const GgufBinder::RowOrder& row_order, std::int64_t row) {
  return row_order ? row_order(row) : row;
}

}  // namespace

float* GgufBuffers::allocate(std::size_t count) {
  bytes_ += count * sizeof(float);
  floats_.push_back(std::make_unique<float[]>(count));
  return floats_.back().get();
}

std::uint16_t* GgufBuffers::allocate_halves(std::size_t count) {
  bytes_ += count * sizeof(std::uint16_t);
  halves_.push_back(std::make_unique<std::uint16_t[]>(count));
  return halves_.back().get();
}

const GgufTensor& GgufBinder::find(const std::string& name, const std::vector<std::int64_t>& expected_ne) const {
  const GgufTensor* tensor = file_.find_tensor(name);
  const std::string prefix = file_.file_name() + ": tensor '" + name + "' ";
  if (tensor == nullptr) throw LoadError(prefix + "is missing");
  const std::optional<GgmlTypeInfo> info = ggml_type_info(tensor->type);
  if (!info || !info->dequantized) {
    throw LoadError(prefix + "has type " + ggml_type_name(tensor->type) + ", which AttentionScope cannot read; supported: " +
                    dequantized_type_names());
  }
  if (tensor->ne != expected_ne) {
    throw LoadError(prefix + "has wrong shape; expected ne " + shape_text(expected_ne) + ", got " +
                    shape_text(tensor->ne));
  }
  return *tensor;
}

std::vector<float> GgufBinder::values(const GgufTensor& tensor) const {
  std::vector<float> values(static_cast<std::size_t>(tensor.element_count()));
  dequantize(static_cast<GgmlType>(tensor.type), file_.bytes(tensor), values);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw LoadError(file_.file_name() + ": tensor '" + tensor.name + "' contains " +
                      (std::isnan(values[i]) ? "NaN" : "Inf") + " at element " + std::to_string(i));
    }
  }
  return values;
}

WeightMatrix GgufBinder::matrix(const std::string& name, std::int64_t rows, std::int64_t cols,
                                const RowOrder& row_order) {
  const GgufTensor& tensor = find(name, {cols, rows});
  const std::vector<float> converted = values(tensor);
  const auto row_bytes_of = [&](std::size_t element_size) { return static_cast<std::size_t>(cols) * element_size; };
  WeightMatrix matrix{nullptr, rows, cols};
  const auto type = static_cast<GgmlType>(tensor.type);
  if (type == GgmlType::F16 || type == GgmlType::BF16) {
    // Kept as stored: the kernels widen 16-bit weights themselves (exactly).
    const std::span<const std::byte> stored = file_.bytes(tensor);
    std::uint16_t* buffer = buffers_->allocate_halves(static_cast<std::size_t>(rows * cols));
    for (std::int64_t r = 0; r < rows; ++r) {
      std::memcpy(buffer + r * cols, stored.data() + source_row(row_order, r) * cols * 2, row_bytes_of(2));
    }
    matrix.data = buffer;
    matrix.type = type == GgmlType::F16 ? ScalarType::F16 : ScalarType::BF16;
  } else {
    float* buffer = buffers_->allocate(static_cast<std::size_t>(rows * cols));
    for (std::int64_t r = 0; r < rows; ++r) {
      std::memcpy(buffer + r * cols, converted.data() + source_row(row_order, r) * cols, row_bytes_of(sizeof(float)));
    }
    matrix.data = buffer;
  }
  if (bound_.insert(name).second) parameter_count_ += tensor.element_count();
  return matrix;
}

WeightVector GgufBinder::vector(const std::string& name, std::int64_t size, const RowOrder& row_order) {
  const GgufTensor& tensor = find(name, {size});
  const std::vector<float> converted = values(tensor);
  float* buffer = buffers_->allocate(static_cast<std::size_t>(size));
  for (std::int64_t i = 0; i < size; ++i) buffer[i] = converted[static_cast<std::size_t>(source_row(row_order, i))];
  if (bound_.insert(name).second) parameter_count_ += tensor.element_count();
  return WeightVector{buffer, size};
}

TensorSummary GgufBinder::summary() const {
  TensorSummary summary;
  summary.parameter_count = parameter_count_;
  summary.tensor_count = bound_.size();
  summary.copied_bytes = buffers_->bytes();
  for (const GgufTensor& tensor : file_.tensors()) {
    if (!bound_.contains(tensor.name)) summary.unused.push_back(tensor.name);
  }
  std::sort(summary.unused.begin(), summary.unused.end());
  return summary;
}

}  // namespace core
