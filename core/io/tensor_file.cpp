#include "io/tensor_file.h"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <utility>

#include "io/mapped_file.h"

namespace core {

namespace {

struct DTypeName {
  DType dtype;
  const char* name;
  std::size_t size;
};

constexpr std::array<DTypeName, 10> dtype_table{{
    {DType::F32, "F32", 4},
    {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},
    {DType::F64, "F64", 8},
    {DType::I64, "I64", 8},
    {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
}};

const DTypeName& dtype_entry(DType dtype) {
  for (const DTypeName& entry : dtype_table) {
    if (entry.dtype == dtype) return entry;
  }
  throw std::invalid_argument("unknown DType " + std::to_string(static_cast<int>(dtype)));
}

}  // namespace

const char* to_string(DType dtype) { return dtype_entry(dtype).name; }

std::size_t dtype_size(DType dtype) { return dtype_entry(dtype).size; }

bool is_float(DType dtype) { return dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16; }

std::optional<DType> parse_dtype(std::string_view name) {
  for (const DTypeName& entry : dtype_table) {
    if (name == entry.name) return entry.dtype;
  }
  return std::nullopt;
}

std::optional<std::int64_t> checked_element_count(const std::vector<std::int64_t>& shape) {
  std::int64_t count = 1;
  for (const std::int64_t dim : shape) {
    if (dim < 0) return std::nullopt;
    if (dim != 0 && count > std::numeric_limits<std::int64_t>::max() / dim) return std::nullopt;
    count *= dim;
  }
  return count;
}

std::string format_shape(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

std::int64_t TensorInfo::element_count() const {
  const std::optional<std::int64_t> count = checked_element_count(shape);
  if (!count) {
    throw std::overflow_error("tensor '" + name + "' shape " + format_shape(shape) + " has no valid element count");
  }
  return *count;
}

TensorFile::TensorFile(std::filesystem::path path, std::unique_ptr<MappedFile> mapping, std::span<const std::byte> data,
                       std::vector<TensorInfo> tensors)
    : path_(std::move(path)), mapping_(std::move(mapping)), data_(data), tensors_(std::move(tensors)) {
  std::sort(tensors_.begin(), tensors_.end(), [](const TensorInfo& a, const TensorInfo& b) { return a.name < b.name; });
}

TensorFile::TensorFile(TensorFile&&) noexcept = default;
TensorFile& TensorFile::operator=(TensorFile&&) noexcept = default;
TensorFile::~TensorFile() = default;

bool TensorFile::changed_on_disk() const { return mapping_ && mapping_->changed_on_disk(); }

const TensorInfo* TensorFile::find(std::string_view name) const {
  const auto it = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                                   [](const TensorInfo& t, std::string_view n) { return t.name < n; });
  return it != tensors_.end() && it->name == name ? &*it : nullptr;
}

std::span<const std::byte> TensorFile::bytes(const TensorInfo& tensor) const {
  // A TensorInfo from another file could point past this mapping.
  if (tensor.begin > tensor.end || tensor.end > data_.size()) {
    throw std::out_of_range(path_.filename().string() + ": tensor '" + tensor.name + "' lies outside the data area");
  }
  return data_.subspan(tensor.begin, tensor.end - tensor.begin);
}

}  // namespace core
