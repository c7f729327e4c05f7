#pragma once
// Arguments a notebook gives as Python values, read the way attnscope-cli reads its flags.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "model/model.h"
#include "model/trace.h"

namespace attnscope_python {

// A corpus given as a file (str or pathlib.Path) or as its lines (a list of str).
using CorpusArgument = std::variant<std::filesystem::path, std::vector<std::string>>;

// A memory budget given as bytes (int) or as text ("512M", "2G", "1.5GiB"; 0: no limit).
using MemorySize = std::variant<std::size_t, std::string>;

// Refuses a text with nothing but white space: "the text is empty". Core's prepare_inputs refuses
// only a text that gives no tokens, and a tokenizer that adds special tokens ([CLS] [SEP], </s>)
// turns an empty text into a pass over those alone.
void check_text(const std::string& text);

// Bytes; fallback when none is given. Throws core::InputError for text that is not a size.
std::size_t memory_budget_argument(const std::optional<MemorySize>& budget, std::size_t fallback);

// "exact" or "fast"; throws core::InputError otherwise.
core::Precision precision_argument(const std::string& name);

// An attention kind by name, or the model's first (encoder self-attention, else the decoder's)
// when none is given, as attnscope-cli's --attention. Throws core::InputError naming the kinds
// the model has.
core::AttentionKind kind_argument(const core::ModelSpec& spec, const std::optional<std::string>& name);

// One head of the model: layer and head from 0, or from the end when negative (Python's rule).
// Throws pybind11::index_error naming the range.
core::HeadRef head_argument(const core::ModelSpec& spec, core::AttentionKind kind, int layer, int head);

// (layer, head) in the model's own stack (encoder_self, or decoder_self for a decoder-only model),
// or (kind, layer, head), as attnscope-cli's --heads [KIND:]L.H.
using HeadArgument = std::variant<std::tuple<int, int>, std::tuple<std::string, int, int>>;

// One head of a list; throws as kind_argument and head_argument do.
core::HeadRef head_ref_argument(const core::ModelSpec& spec, const HeadArgument& head);

// Python's rule for an index into count items: −count ≤ index < count, negative from the end;
// throws pybind11::index_error "<what> <index> is out of range: there are <count> (…)".
int checked_index(int index, int count, const std::string& what);

}  // namespace attnscope_python
