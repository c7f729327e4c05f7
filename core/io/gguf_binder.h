#pragma once
// Binds a GGUF file's tensors, by GGUF name, to weight views in the kernels' formats, checking each
// is present, of a type AttentionScope reads, with the expected shape and only finite values:
//   F32 and quantised types (Q8_0, Q4_0, Q4_K, Q6_K) → float32
//   F16 and BF16 matrices → kept as stored (the kernels read both); F16/BF16 vectors → float32
// Every value is copied into buffers GgufBuffers owns, so the file is not kept open: a quantised
// tensor must be expanded anyway, and a GGUF file rewritten later cannot change a model.
//
// Shapes: GGUF lists ne[0] (the length of a stored row) first, so a [rows, cols] weight
// (HF's [out, in]) is a tensor with ne = [cols, rows]; a vector of size n has ne = [n].

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "io/gguf_file.h"
#include "io/weight_binder.h"
#include "tensor/tensor.h"

namespace core {

// The buffers a GGUF model's weight views point into; their addresses never change.
class GgufBuffers {
 public:
  float* allocate(std::size_t count);
  std::uint16_t* allocate_halves(std::size_t count);
  std::size_t bytes() const { return bytes_; }  // everything allocated so far

 private:
  std::size_t bytes_ = 0;
  std::vector<std::unique_ptr<float[]>> floats_;
  std::vector<std::unique_ptr<std::uint16_t[]>> halves_;
};

class GgufBinder {
 public:
  explicit GgufBinder(const GgufFile& file) : file_(file), buffers_(std::make_shared<GgufBuffers>()) {}

  bool has(const std::string& name) const { return file_.find_tensor(name) != nullptr; }
  // Which stored row becomes row r of the result (undoing llama.cpp's permutation of W^q and W^k);
  // empty: row r itself. Called only with 0 ≤ r < rows, and must return a row in that range.
  using RowOrder = std::function<std::int64_t(std::int64_t)>;

  // A [rows, cols] weight, its rows in row_order.
  WeightMatrix matrix(const std::string& name, std::int64_t rows, std::int64_t cols, const RowOrder& row_order = {});
  // A [size] vector as float32, its entries in row_order.
  WeightVector vector(const std::string& name, std::int64_t size, const RowOrder& row_order = {});

  // What was bound, and the file's tensors that nothing bound.
  TensorSummary summary() const;
  // What a Model keeps alive for these views. A Model holds a WeightStorage pointer so that it can
  // check mapped checkpoint files for changes before each pass; a GGUF model maps no file, so the
  // pointer is null and only shares ownership of the buffers (shared_ptr's aliasing constructor).
  std::shared_ptr<const WeightStorage> storage() const { return {buffers_, nullptr}; }

 private:
  // The tensor, checked to exist with ne == expected_ne and a readable type; its values as float32,
  // checked finite.
  const GgufTensor& find(const std::string& name, const std::vector<std::int64_t>& expected_ne) const;
  std::vector<float> values(const GgufTensor& tensor) const;

  const GgufFile& file_;
  std::shared_ptr<GgufBuffers> buffers_;
  std::set<std::string> bound_;
  std::int64_t parameter_count_ = 0;
};

}  // namespace core
