#pragma once
// attnscope-cli ablate: switch heads off and print what changes: the next-token distribution
// (top-k with deltas, KL divergence) and the largest change of α̂ in every layer
// (core/analysis/whatif/comparison.h; docs/methods.md), both passes read with --method and the
// reading flags as diff reads them.

#include <ostream>
#include <string>
#include <vector>

#include "model/model_spec.h"
#include "model/trace.h"

namespace cli {

// "[KIND:]L.H,…" (layers and heads from 0; KIND encoder_self, decoder_self or decoder_cross;
// without it the model's own stack: encoder_self, or decoder_self for a decoder-only model).
// Throws UsageError naming the item that is not of that form.
std::vector<core::HeadRef> parse_head_list(const std::string& flag, const std::string& text,
                                           const core::ModelSpec& spec);

// ablate --model DIR --text TEXT [--target T] --heads [KIND:]L.H,… [--top K] [--format table|json]
//        [--no-pe] [--precision exact|fast] [--memory-budget SIZE]
//        [--method M] [--words] [--hide-special] [--hide-token T] [--top-p P]
int run_ablate(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
