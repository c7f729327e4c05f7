#pragma once
// Command-line parsing for attnscope-cli: "--flag value" pairs, bare "--switch"es and positionals.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/trace_selection.h"

namespace cli {

// A mistake in how the command was called: reported with the usage text, exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Options {
 public:
  // value_flags take a value ("--model DIR"); switches take none ("--no-pe").
  Options(const std::vector<std::string>& arguments, const std::set<std::string>& value_flags,
          const std::set<std::string>& switches);

  std::optional<std::string> value(const std::string& flag) const;  // the last one given
  std::vector<std::string> all(const std::string& flag) const;    // every one given, in order
  std::string required(const std::string& flag) const;
  bool has(const std::string& flag) const { return values_.contains(flag) || switches_.contains(flag); }
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> all_values_;
  std::set<std::string> switches_;
  std::vector<std::string> positionals_;
};

// --precision exact|fast (default exact); throws UsageError for any other value.
core::Precision precision_option(const Options& options);

// --memory-budget SIZE ("512M", "2G", "1.5GiB"; 0: no limit), default half the available RAM
// (core/model/memory_budget.h); throws UsageError for a value that is not a size.
std::size_t memory_budget_option(const Options& options);

// --attention dense|on-demand|auto (default auto: dense while every head's α̂ fits 1 GiB,
// core::ForwardOptions::dense_attention_limit); throws UsageError for any other value.
core::AttentionStorage attention_option(const Options& options);

// "kernels: avx512bf16 (this CPU's best)", or the lower set ATTNSCOPE_ISA chose, with its note.
std::string kernels_line();

// "1,2,3" → {1, 2, 3}; throws UsageError naming the bad item ("--source-ids: \"x\" is not an
// integer token id"; noun: what the items are).
std::vector<int> parse_int_list(const std::string& flag, const std::string& text, const std::string& noun);
std::vector<int> parse_id_list(const std::string& flag, const std::string& text);

// --only-layers L1,L2 and --only-heads H1,H2 of dump, checked against the model: a layer or head
// it does not have is a UsageError naming it. Neither flag: the whole trace.
core::TraceSelection trace_selection_option(const Options& options, const core::ModelSpec& spec);

}  // namespace cli
