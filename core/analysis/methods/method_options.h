#pragma once
// What every explanation method (docs/methods.md) may be asked besides its input: a subset of
// layers, a sample of queries, and a progress callback that can cancel. Value zeroing and
// attention flow cost far more than one forward pass on long inputs; the GUI shows their progress
// and offers Cancel through this callback.

#include <functional>
#include <string>
#include <vector>

namespace core {

// Called with the fraction of the work done, in [0, 1]; returning false gives the work up
// (core::Cancelled is thrown).
using MethodProgress = std::function<bool(double fraction)>;

struct MethodOptions {
  std::vector<int> layers;   // layers to compute (from 0, in each kind); empty: every layer
  std::vector<int> queries;  // query rows to compute; the others stay 0. Empty: every query
  MethodProgress progress;   // empty: no reports, no cancelling
  // Rollout and flow: the heads each layer's Â averages, Â = (1/|S|) Σ_{h ∈ S} α̂^h (from 0, the
  // same in every layer). Empty: every head. The other methods ignore it.
  std::vector<int> heads;
};

// Reports progress; throws core::Cancelled when the callback asks to stop. what names the method
// in the message ("value zeroing cancelled").
void report_progress(const MethodOptions& options, double fraction, const std::string& what);

// The layers of a kind with `count` layers that options asks for, in increasing order, without
// repeats. Throws core::InputError naming the kind when a layer does not exist.
std::vector<int> chosen_layers(const MethodOptions& options, int count, const char* kind_name);

// The query rows of a (T_q, T_k) matrix that options asks for. Throws core::InputError naming the
// kind and layer when a query does not exist.
std::vector<int> chosen_queries(const MethodOptions& options, int rows, const char* kind_name, int layer);

// How many query rows the per-row methods (value zeroing, flow) compute on an on-demand trace (a
// long input) when not told: the desktop app's sample, and the Python module's queries="auto".
inline constexpr int method_query_sample = 64;

// count rows of 0 … rows − 1, evenly spaced, the first and the last included:
//   i_k = ⌊k (rows − 1) / (count − 1) + ½⌋, k = 0 … count − 1
// Every row when rows ≤ count (or count < 2).
std::vector<int> sampled_queries(int rows, int count = method_query_sample);

// The heads of a layer with `count` heads that options.heads asks for, in increasing order,
// without repeats (every head when empty). Throws core::InputError naming the kind and layer
// when a head does not exist.
std::vector<int> chosen_heads(const MethodOptions& options, int count, const char* kind_name, int layer);

}  // namespace core
