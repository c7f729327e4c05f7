#pragma once
// PyTorch checkpoints: pytorch_model.bin, *.pt and *.pth as torch.save writes them since PyTorch
// 1.6, a zip archive (io/zip_archive.h) of stored entries
//   <prefix>/data.pkl     the pickled state dict (io/torch_pickle.h: read without running it)
//   <prefix>/data/<key>   one entry per storage: its elements, raw, in the byte order below
//   <prefix>/byteorder    "little" or "big" (absent before PyTorch 1.10: little)
//   <prefix>/version, .data/serialization_id, …   not needed
// Each tensor of the state dict is a view (offset, size, stride) of a storage. Tensors are used
// in place in the mapped file, in their stored dtype, as safetensors tensors are.

#include <filesystem>

#include "io/tensor_file.h"

namespace core {

// Opens a checkpoint written by torch.save. Throws core::LoadError naming the file (and the
// entry, tensor, global or opcode) at the first problem, before any weight is used:
//   - the legacy (pre-1.6) format, with how to re-save it; any other file that is not a zip archive;
//   - the archive: truncated or damaged, no <prefix>/data.pkl or two, big-endian byteorder;
//   - the pickle: io/torch_pickle.h's messages;
//   - per tensor: its storage entry is missing, compressed, or not numel × element size bytes;
//     a negative offset or size; strides that are not the contiguous ones (a transposed or
//     sliced view: save it after .contiguous()); offset + size past the end of the storage.
TensorFile open_torch_checkpoint(const std::filesystem::path& path);

}  // namespace core
