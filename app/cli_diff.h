#pragma once
// attnscope-cli diff: the difference of two passes as matrices with token labels, for one of
//   --edit mask:N | delete:N | replace:N=TEXT   the same text with tokens edited (by id; repeatable)
//   --compare-text TEXT [--compare-target T]     a second sentence, tokens aligned by LCS
//   --compare-model DIR                          a second checkpoint of the same architecture, same ids
//   --compare-pe                                 the pass without positional encoding (A) and with it (B)
// Both passes are read alike before they are subtracted, as dump reads one: --method (raw, norm,
// value-zeroing, rollout, flow), --words, --hide-special, --hide-token T, --top-p P.
// D = B − A per kind, layer and head over the aligned entries (core/analysis/whatif/; docs/cli.md).

#include <ostream>
#include <string>
#include <vector>

namespace cli {

// diff --model DIR --text TEXT [--target T] (--edit E [--edit-side source|target] | --compare-text T
//      [--compare-target T] | --compare-model DIR | --compare-pe) [--top K] [--method M] [--words]
//      [--hide-special] [--hide-token T] [--top-p P]
//      [--format json|csv|npy] [--out FILE | --out-dir DIR] [--precision exact|fast] [--memory-budget SIZE]
int run_diff(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
