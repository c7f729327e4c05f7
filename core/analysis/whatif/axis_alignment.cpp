#include "analysis/whatif/axis_alignment.h"

#include <span>
#include <vector>

namespace core {

namespace {

ReadingAxis side_axis(const Tokenization& tokens, const ReadingOptions& options, int segment) {
  // the filter reads a text pair's sequence ids; a side that is no pair shows all of its tokens
  const bool pair = !tokens.sequence_ids.empty() && tokens.sequence_ids.size() == tokens.tokens.size();
  return reading_axis(tokens.tokens, options, pair ? std::span<const int>(tokens.sequence_ids) : std::span<const int>(),
                      pair ? segment : -1);
}

// entry[t]: the entry holding token t, or −1 (hidden, filtered out)
std::vector<int> entry_of_token(const ReadingAxis& axis) {
  std::vector<int> entry(static_cast<std::size_t>(axis.token_count()), -1);
  for (int g = 0; g < axis.size(); ++g) {
    for (const int t : axis.members[static_cast<std::size_t>(g)]) entry[static_cast<std::size_t>(t)] = g;
  }
  return entry;
}

}  // namespace

PassAxes pass_axes(const Tokenization& source, const Tokenization& target, const ReadingOptions& options) {
  return {side_axis(source, options, options.query_segment), side_axis(source, options, options.key_segment),
          side_axis(target, options, options.query_segment), side_axis(target, options, options.key_segment)};
}

TokenAlignment align_axes(const TokenAlignment& tokens, const ReadingAxis& before, const ReadingAxis& after) {
  const std::vector<int> from = entry_of_token(before);
  const std::vector<int> to = entry_of_token(after);
  // partner[g]: the one entry of after every pair from g reaches; −1 none yet, −2 more than one
  std::vector<int> partner(static_cast<std::size_t>(before.size()), -1);
  std::vector<int> source(static_cast<std::size_t>(after.size()), -1);  // the same, after → before
  const auto link = [](int& slot, int other) { slot = slot == -1 || slot == other ? other : -2; };
  for (std::size_t m = 0; m < tokens.size(); ++m) {
    const int i = tokens.before[m];
    const int j = tokens.after[m];
    if (i < 0 || j < 0 || i >= static_cast<int>(from.size()) || j >= static_cast<int>(to.size())) continue;
    const int g = from[static_cast<std::size_t>(i)];
    const int h = to[static_cast<std::size_t>(j)];
    if (g < 0 || h < 0) continue;  // a hidden or filtered token links nothing
    link(partner[static_cast<std::size_t>(g)], h);
    link(source[static_cast<std::size_t>(h)], g);
  }
  TokenAlignment entries;
  for (int g = 0; g < before.size(); ++g) {
    const int h = partner[static_cast<std::size_t>(g)];
    if (h < 0 || source[static_cast<std::size_t>(h)] != g) continue;
    // both lists stay increasing (the token alignment is); a pair against the order is dropped
    if (!entries.after.empty() && h <= entries.after.back()) continue;
    entries.before.push_back(g);
    entries.after.push_back(h);
  }
  return entries;
}

AxisAlignment align_pass_axes(const TokenAlignment& source, const TokenAlignment& target, const PassAxes& before,
                              const PassAxes& after) {
  return {align_axes(source, before.source_queries, after.source_queries),
          align_axes(source, before.source_keys, after.source_keys),
          align_axes(target, before.target_queries, after.target_queries),
          align_axes(target, before.target_keys, after.target_keys)};
}

}  // namespace core
