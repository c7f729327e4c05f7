#pragma once
// The data.pkl of a PyTorch checkpoint, read by a restricted unpickler: a small stack machine
// that knows exactly the pickle opcodes torch.save's protocol-2 pickles use and the handful of
// globals a state dict needs, and runs nothing. Python's pickle imports and calls any global a
// file names (os.system, builtins.eval, …); this reader only recognises these by name:
//   collections.OrderedDict                 the state dict itself, and empty backward-hook dicts
//   torch._utils._rebuild_tensor_v2         (storage, offset, size, stride, requires_grad, hooks[, metadata])
//   torch._utils._rebuild_parameter         (tensor, requires_grad, hooks)
//   torch.FloatStorage, HalfStorage, BFloat16Storage, DoubleStorage, LongStorage, IntStorage,
//   ShortStorage, CharStorage, ByteStorage, BoolStorage
//                                           the element type named by a persistent id
// A storage is a persistent id ('storage', <storage type>, key, location, numel): its bytes are
// the archive entry <prefix>/data/<key>, which the caller (io/torch_checkpoint.h) checks.
// Anything else (another global, another opcode, a malformed argument) is refused with a
// core::LoadError naming it, as are pickles nested deeper than max_depth or larger than the limits below.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "io/tensor_file.h"

namespace core {

struct PickledStorage {
  std::string key;         // the entry <prefix>/data/<key>
  DType dtype = DType::F32;
  std::int64_t numel = 0;  // elements, as the pickle claims: checked against the entry
};

// A tensor of the state dict: a view of a storage, as torch describes it.
struct PickledTensor {
  std::string name;
  PickledStorage storage;
  std::int64_t offset = 0;  // in elements of the storage
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> stride;  // in elements
};

struct PickleLimits {
  static constexpr std::size_t max_depth = 100;          // values inside values
  static constexpr std::size_t max_stack = 1u << 20;     // values on the stack, marks included
  static constexpr std::size_t max_memo = 1u << 20;      // memo slots filled
  static constexpr std::size_t max_dimensions = 64;      // of one tensor
};

// Reads a pickled state dict: a dict (or OrderedDict) whose tensor values are named by string
// keys; other values (numbers, strings, metadata) are skipped. where names the pickle in every
// message ("pytorch_model.bin: archive/data.pkl"). Throws core::LoadError at the first refused
// opcode or global, malformed argument, truncation or limit, and when the pickle is not a dict.
std::vector<PickledTensor> read_state_dict_pickle(std::span<const std::byte> pickle, const std::string& where);

}  // namespace core
