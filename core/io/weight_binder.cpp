#include "io/weight_binder.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

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

std::string file_name(const TensorFile& file) { return file.path().filename().string(); }

}  // namespace

float* WeightStorage::allocate(std::size_t count) {
  buffers_.push_back(std::make_unique<float[]>(count));
  return buffers_.back().get();
}

std::uint16_t* WeightStorage::allocate_halves(std::size_t count) {
  half_buffers_.push_back(std::make_unique<std::uint16_t[]>(count));
  return half_buffers_.back().get();
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

namespace {

ScalarType scalar_type(DType dtype) {
  switch (dtype) {
    case DType::BF16: return ScalarType::BF16;
    case DType::F16: return ScalarType::F16;
    default: return ScalarType::F32;
  }
}

}  // namespace

const WeightBinder::BoundTensor& WeightBinder::bind(const StoredTensor& stored) {
  const TensorInfo& tensor = *stored.tensor;
  if (const auto found = bound_.find(tensor.name); found != bound_.end()) return found->second;
  const std::span<const std::byte> bytes = stored.file->bytes(tensor);
  const auto count = static_cast<std::size_t>(tensor.element_count());
  const ScalarType type = scalar_type(tensor.dtype);
  BoundTensor bound{nullptr, count, type, stored.file};
  const bool aligned = reinterpret_cast<std::uintptr_t>(bytes.data()) % scalar_size(type) == 0;
  if (aligned && std::endian::native == std::endian::little) {
    // Zero copy: the mapped file already holds the values (little-endian, as safetensors stores them).
    bound.data = bytes.data();
  } else {
    const std::vector<float> converted = to_float32(tensor.dtype, bytes);
    float* buffer = storage_->allocate(count);
    std::memcpy(buffer, converted.data(), count * sizeof(float));
    bound.data = buffer;
    bound.type = ScalarType::F32;
  }
  return bound_.emplace(tensor.name, bound).first->second;
}

const float* WeightBinder::floats(const StoredTensor& stored) {
  const BoundTensor& bound = bind(stored);
  if (bound.type == ScalarType::F32) return static_cast<const float*>(bound.data);
  const std::string& name = stored.tensor->name;
  if (const auto found = widened_.find(name); found != widened_.end()) return found->second;
  float* buffer = storage_->allocate(bound.count);
  for (std::size_t i = 0; i < bound.count; ++i) buffer[i] = element_to_float(bound.data, bound.type, static_cast<std::ptrdiff_t>(i));
  widened_.emplace(name, buffer);
  return buffer;
}

namespace {

void check_matrix_shape(const StoredTensor& stored, const std::string& name, Eigen::Index rows, Eigen::Index cols) {
  if (stored.tensor->shape != std::vector<std::int64_t>{rows, cols}) {
    throw LoadError(file_name(*stored.file) + ": tensor '" + name + "' has wrong shape; expected " +
                    shape_text({rows, cols}) + ", got " + shape_text(stored.tensor->shape));
  }
}

}  // namespace

WeightMatrix WeightBinder::matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols) {
  const StoredTensor stored = find_float(name);
  check_matrix_shape(stored, name, rows, cols);
  const BoundTensor& bound = bind(stored);
  return WeightMatrix{bound.data, rows, cols, bound.type};
}

WeightMatrix WeightBinder::float_matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols) {
  const StoredTensor stored = find_float(name);
  check_matrix_shape(stored, name, rows, cols);
  return WeightMatrix{floats(stored), rows, cols};
}

WeightMatrix WeightBinder::transposed_matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols) {
  const WeightMatrix stored = float_matrix(name, cols, rows);
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

WeightMatrix WeightBinder::own_rows(const WeightMatrix& source, const std::vector<Eigen::Index>& rows) {
  const auto count = static_cast<Eigen::Index>(rows.size());
  const std::size_t row_size = static_cast<std::size_t>(source.cols) * scalar_size(source.type);
  std::byte* buffer = source.type == ScalarType::F32
                          ? reinterpret_cast<std::byte*>(storage_->allocate(static_cast<std::size_t>(count * source.cols)))
                          : reinterpret_cast<std::byte*>(storage_->allocate_halves(static_cast<std::size_t>(count * source.cols)));
  for (Eigen::Index r = 0; r < count; ++r) std::memcpy(buffer + r * row_size, source.row_bytes(rows[r]), row_size);
  WeightMatrix result = source;
  result.data = buffer;
  result.rows = count;
  return result;
}

namespace {

// True when every value is finite. x - x is 0 for a finite x and NaN for ±Inf and NaN, so one
// vectorised sum per block finds any of them at memory speed (a 440 MB model in a few ms).
bool all_finite(const float* values, std::size_t count) {
  constexpr std::size_t block = 1 << 16;
  for (std::size_t begin = 0; begin < count; begin += block) {
    const auto size = static_cast<Eigen::Index>(std::min(block, count - begin));
    const Eigen::Map<const Eigen::ArrayXf> x(values + begin, size);
    if (std::isnan((x - x).sum())) return false;
  }
  return true;
}

// For 16-bit floats: Inf or NaN exactly when every exponent bit E is set (bfloat16 0x7F80, float16
// 0x7C00). Four values per 64-bit word: (x & E) + (E's lowest bit) reaches bit 15 of a value exactly
// when all of E's bits are set, and never carries into the next value (the sign bit is masked off).
// One and, add and or per word, no branch: 4.5x the speed of a 16-bit compare loop here.
bool all_finite(const std::uint16_t* values, std::size_t count, std::uint16_t exponent_mask) {
  constexpr std::uint64_t lanes = 0x0001000100010001ULL;
  const std::uint64_t exponent = exponent_mask * lanes;
  const std::uint64_t lowest = static_cast<std::uint64_t>(exponent_mask & -exponent_mask) * lanes;
  std::uint64_t carried = 0;
  const std::size_t words = count / 4;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t x;
    std::memcpy(&x, values + 4 * w, sizeof x);
    carried |= (x & exponent) + lowest;
  }
  bool finite = (carried & (0x8000 * lanes)) == 0;
  for (std::size_t i = 4 * words; i < count; ++i) finite &= (values[i] & exponent_mask) != exponent_mask;
  return finite;
}

bool all_finite(const void* data, std::size_t count, ScalarType type) {
  switch (type) {
    case ScalarType::F32: return all_finite(static_cast<const float*>(data), count);
    case ScalarType::BF16: return all_finite(static_cast<const std::uint16_t*>(data), count, 0x7F80);
    case ScalarType::F16: return all_finite(static_cast<const std::uint16_t*>(data), count, 0x7C00);
  }
  return true;
}

// A piece of one bound tensor, scanned by one thread.
struct ScanChunk {
  const void* data;  // its first value
  std::size_t count;
  ScalarType type;
};

// Whether each chunk holds a NaN or an Inf. A large checkpoint is scanned by up to four threads
// (2.4 GB of bfloat16 in about 0.1 s on two cores with a warm page cache); a small one by this one.
std::vector<unsigned char> scan_chunks(const std::vector<ScanChunk>& chunks, std::size_t total_bytes) {
  std::vector<unsigned char> bad(chunks.size(), 0);
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t c = next++; c < chunks.size(); c = next++) {
      bad[c] = all_finite(chunks[c].data, chunks[c].count, chunks[c].type) ? 0 : 1;
    }
  };
  constexpr std::size_t parallel_from = std::size_t{64} << 20;
  const unsigned threads = total_bytes < parallel_from ? 1 : std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
  {
    std::vector<std::jthread> helpers;
    try {
      for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work);
    } catch (const std::system_error&) {
      // no thread to spare: the threads started so far and this one share the chunks
    }
    work();
  }  // the helpers join here
  return bad;
}

}  // namespace

void WeightBinder::check_finite() const {
  constexpr std::size_t chunk_elements = std::size_t{1} << 22;
  std::vector<ScanChunk> chunks;
  std::vector<std::pair<const std::string*, const BoundTensor*>> tensors;  // each chunk's, in name order
  std::vector<std::size_t> begins;                                          // and its first element
  std::size_t total_bytes = 0;
  for (const auto& [name, bound] : bound_) {
    const std::size_t size = scalar_size(bound.type);
    total_bytes += bound.count * size;
    for (std::size_t begin = 0; begin < bound.count; begin += chunk_elements) {
      chunks.push_back(
          {static_cast<const std::byte*>(bound.data) + begin * size, std::min(chunk_elements, bound.count - begin), bound.type});
      tensors.emplace_back(&name, &bound);
      begins.push_back(begin);
    }
  }
  const std::vector<unsigned char> bad = scan_chunks(chunks, total_bytes);
  // The first bad chunk in name order is searched value by value, to name the first bad element.
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    if (!bad[c]) continue;
    const auto [name, bound] = tensors[c];
    for (std::size_t i = begins[c]; i < begins[c] + chunks[c].count; ++i) {
      const float value = element_to_float(bound->data, bound->type, static_cast<std::ptrdiff_t>(i));
      if (!std::isfinite(value)) {
        throw LoadError(file_name(*bound->file) + ": tensor '" + *name + "' contains " +
                        (std::isnan(value) ? "NaN" : "Inf") + " at element " + std::to_string(i));
      }
    }
  }
}

TensorSummary WeightBinder::summary() const {
  TensorSummary summary;
  for (const TensorFile& file : storage_->checkpoint().files()) {
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
