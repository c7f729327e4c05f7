#pragma once
// Attention matrices out, for spreadsheets, scripts and papers. Each function returns the file's
// bytes; the caller writes them (the GUI atomically with QSaveFile, the command line directly).
//   CSV:  a header row of key tokens, then one row per query token; with several heads a first
//         "head" column numbers them. Fields with commas, quotes or line breaks are quoted (RFC 4180).
//   JSON: {"query_tokens": [...], "key_tokens": [...], "shape": [H, Q, K] or [Q, K], "attention": nested}
//         (−∞, a masked score, becomes null: JSON has no infinity).
//   NPY:  NumPy format 1.0, dtype '<f4', C order, shape (H, Q, K), or (Q, K) for one matrix.

#include <string>
#include <vector>

#include "tensor/tensor.h"

namespace core {

struct AttentionExport {
  std::vector<std::string> query_tokens;  // one per row
  std::vector<std::string> key_tokens;    // one per column
  std::vector<RowMatrix> heads;           // each (Q, K); one entry exports a plain (Q, K) matrix
};

// Throws InputError when there are no matrices, their shapes differ, or the labels do not fit them.
std::string attention_csv(const AttentionExport& attention);
std::string attention_json(const AttentionExport& attention);
std::string attention_npy(const AttentionExport& attention);

}  // namespace core
