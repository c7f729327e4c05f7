#pragma once
// Binds the tensors a model needs, by checkpoint name, to weight views — checking that each is
// present with the expected shape — and keeps the storage those views point into.
// Matrices are used in place in the memory-mapped files, in their stored type (float32, bfloat16 or
// float16: the kernels read each); vectors (biases, norms) and tables the model reads by element are
// converted to float32 once.

#include <cstdint>
#include <memory>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "io/checkpoint.h"
#include "io/safetensors.h"
#include "tensor/tensor.h"

namespace core {

// What the loader found in the checkpoint (its single file or its shards).
struct TensorSummary {
  std::int64_t parameter_count = 0;  // elements of the tensors the model uses (tied tensors once)
  std::size_t tensor_count = 0;      // tensors the model uses
  std::vector<std::string> unused;   // tensors in the files that the architecture (or the index) does not use
  std::size_t copied_bytes = 0;      // weights held in memory rather than mapped (set for GGUF files,
                                     // whose weights are all copied out; model/memory_estimate.h)
};

// Everything a loaded model's weight views point into: the mapped files and any converted buffers.
class WeightStorage {
 public:
  explicit WeightStorage(Checkpoint checkpoint) : checkpoint_(std::move(checkpoint)) {}
  const Checkpoint& checkpoint() const { return checkpoint_; }
  // A buffer that lives as long as the storage; its address never changes.
  float* allocate(std::size_t count);
  std::uint16_t* allocate_halves(std::size_t count);

 private:
  Checkpoint checkpoint_;
  std::vector<std::unique_ptr<float[]>> buffers_;
  std::vector<std::unique_ptr<std::uint16_t[]>> half_buffers_;
};

class WeightBinder {
 public:
  explicit WeightBinder(std::shared_ptr<WeightStorage> storage) : storage_(std::move(storage)) {}

  bool has(const std::string& name) const { return storage_->checkpoint().find(name).tensor != nullptr; }
  // A [rows, cols] tensor in its stored type. Throws LoadError when it is missing, not a float, or misshaped.
  WeightMatrix matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols);
  // The same converted to float32 (tables read by element: positions, relative biases).
  WeightMatrix float_matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols);
  // A tensor stored [cols, rows] (GPT-2's Conv1D), returned transposed to [rows, cols] in float32.
  WeightMatrix transposed_matrix(const std::string& name, Eigen::Index rows, Eigen::Index cols);
  // A [size] tensor; also accepts [1, size] (final_logits_bias is stored that way).
  WeightVector vector(const std::string& name, Eigen::Index size);
  // A table computed by the loader (sinusoidal positions) kept with the weights.
  WeightMatrix own(const RowMatrix& values);
  // Rows of `source` regathered into a new matrix of the same type: row r of the result is row
  // rows[r] of source (fused QKV weights split by head).
  WeightMatrix own_rows(const WeightMatrix& source, const std::vector<Eigen::Index>& rows);

  // Step 6 of the loading contract: no NaN or Inf in any bound tensor; names the first bad one.
  void check_finite() const;
  // What was bound, and the tensors in the files that nothing bound (sorted, each name once).
  TensorSummary summary() const;
  std::shared_ptr<const WeightStorage> storage() const { return storage_; }

 private:
  struct BoundTensor {
    const void* data = nullptr;
    std::size_t count = 0;
    ScalarType type = ScalarType::F32;
    const TensorFile* file = nullptr;  // the file it came from, for messages
  };

  // The tensor's values in place in its stored type where the mapping allows, else converted.
  const BoundTensor& bind(const StoredTensor& stored);
  // The tensor's values as float32 (converted once and kept).
  const float* floats(const StoredTensor& stored);
  StoredTensor find_float(const std::string& name) const;

  std::shared_ptr<WeightStorage> storage_;
  // Every tensor bound so far, by name: tied weights bind once and are converted once.
  std::map<std::string, BoundTensor> bound_;
  // float32 copies of 16-bit tensors that were also asked for as float32, by name.
  std::map<std::string, const float*> widened_;
};

}  // namespace core
