#include "cli_usage.h"

#include <sstream>
#include <vector>

namespace cli {

namespace {

constexpr const char* usage = R"(usage: attnscope-cli COMMAND [OPTIONS]

commands:
  info MODEL_DIR                      architecture, parameter and tensor counts
  tokenize --model DIR --text TEXT [--no-special-tokens] [--format json|table]
                                      ids and tokens; DIR may hold tokenizer files only
  dump --model DIR (--text TEXT | --source-ids 1,2,3) [--target TEXT | --target-ids 1,2]
       [--no-pe] [--precision exact|fast] [--memory-budget SIZE]
       [--only-layers 0,5] [--only-heads 0,3] [--out FILE | --format npy --out-dir DIR]
       [--method raw|norm|value-zeroing|rollout|flow] [--only-queries 0,9]
       [--attention dense|on-demand|auto] [--edit mask:N|delete:N|replace:N=TEXT ...
       [--edit-side source|target]] [--text-pair B [--pair-filter AA|AB|BA|BB]] [READING]
                                      every attention matrix (or the layers and heads chosen)
                                      and the last logits, as JSON; npy: one float32
                                      [head][query][key] file per kind and layer plus
                                      index.json (docs/cli.md); --method: α̂ (raw, default) or
                                      another reading of it (docs/methods.md); --edit
                                      (repeatable): computed from the edited token ids
  generate --model DIR --text TEXT [--max-tokens N] [--no-pe] [--precision exact|fast] [--memory-budget SIZE]
                                      greedy output, with a key/value cache
  bench --model DIR --len N [--threads T] [--repeat R] [--open-repeat K] [--precision exact|fast]
        [--memory-budget SIZE] [--attention dense|on-demand|auto] [--no-warmup] [--json]
                                      time opening the model and one forward pass with the trace,
                                      one head's α̂ and every head's per-head metrics
  corpus --from-fortunes FILE (--s2t | --s2tw | --keep-simplified) --out FILE
                                      poems of a fortunes file (Debian's fortunes-zh:
                                      /usr/share/games/fortunes/tang300) without colour codes
                                      and headers, one per line, in Traditional Chinese (OpenCC)
  train --task TASK --out DIR [--corpus FILE] [--steps S] [--checkpoint-every K | --checkpoint-at 100,200,…]
        [--layers N --heads H --d-model D --d-ff F --batch B --warmup W --lr-scale X --clip C
         --dropout P --label-smoothing E --seed S --threads T --log-every N --eval-count N
         --memory-budget SIZE]
                                      train on a built-in task (reverse, sort, translate-en-zh,
                                      induction, coreference; char-lm with --corpus FILE, one document per
                                      line), save to DIR, checkpoints to DIR-checkpoints/
  eval --model DIR --task TASK [--corpus FILE] [--count N] [--heads] [--referent-heads]
       [--memory-budget SIZE]
                                      held-out accuracy; --heads adds per-head entropy,
                                      distance and induction score; --referent-heads (task
                                      coreference) how often each encoder head links "it" to
                                      its referent more strongly than to the other noun
  heads --model DIR (--text TEXT [--target T] | --corpus FILE) [--format table|csv|json]
        [--window W] [--no-pe] [--precision exact|fast] [--memory-budget SIZE] [--out FILE]
        [--attention dense|on-demand|auto] [--text-pair B] [--words] [--hide-special] [--hide-token T]
                                      every head's metrics and class (local, global,
                                      positional, sink, mixed); see docs/head-metrics.md
  lens --model DIR --text TEXT [--text-pair B] [--target T] [--top K] [--format table|json] [--no-pe]
       [--precision exact|fast] [--memory-budget SIZE]
                                      logit lens: the prediction read from the embeddings and
                                      after every layer, at every position (docs/methods.md)
  qk --model DIR --text TEXT [--text-pair B] [--target T] --layer L --head H --query I [--attention KIND]
     [--format table|json] [--no-pe] [--memory-budget SIZE]
                                      why a head attends: its q, every key k, q⊙k, the scores
                                      (content, rotation share, position bias) and α̂ for one
                                      query (docs/methods.md)
  qk-map --model DIR --corpus FILE --layer L --head H [--attention KIND] [--max-points N]
         [--normalise] [--out FILE] [--no-pe] [--memory-budget SIZE]
                                      the head's queries and keys over a corpus projected onto
                                      their two principal axes, as CSV
                                      (sentence,line,position,token,kind,x,y); --normalise:
                                      queries and keys centred and scaled separately first
  search --model DIR --corpus FILE (--layer L --head H|all | --heads [KIND:]L.H,...) --token T
         [--from|--to|--top-key] [--limit N] [--attention KIND] [--format table|csv|jsonl] [--no-pe]
         [--memory-budget SIZE]
                                      where in the corpus the head (or several heads of one kind:
                                      every head of a layer, or a list) attends most from or to
                                      the token T, or has T as its top key, best first
  ablate --model DIR --text TEXT [--target T] --heads [KIND:]L.H,... [--top K] [--format table|json]
         [--no-pe] [--precision exact|fast] [--memory-budget SIZE] [--method METHOD] [READING]
         [--text-pair B [--pair-filter AA|AB|BA|BB]]
                                      switch heads off: the next-token top-k with deltas, the
                                      KL divergence and every layer's largest change of α̂
  diff --model DIR --text TEXT [--target T] (--edit mask:N|delete:N|replace:N=TEXT ...
       [--edit-side source|target] | --compare-text TEXT [--compare-target T] |
       --compare-model DIR | --compare-pe) [--top K] [--format json|csv|npy]
       [--out FILE | --out-dir DIR] [--precision exact|fast] [--memory-budget SIZE]
       [--method METHOD] [READING] [--text-pair B [--pair-filter AA|AB|BA|BB]]
       (--compare-text with --text-pair: --compare-text-pair B2, the second pair's text B)
                                      difference maps B − A of every head over the aligned
                                      tokens (LCS for two sentences), with token labels, and
                                      the next-token change (docs/cli.md)
  heads --model DIR --corpus FILE --per-sentence [--format csv|jsonl] [--out FILE] [...]
                                      one row per sentence × kind × layer × head, streamed,
                                      for DuckDB, Spark or pandas; see docs/corpus-export.md
  render --model DIR --text TEXT [--target T] --view graph|heatmap|grid|pe --out FILE.png|svg
         [--attention encoder_self|decoder_self|decoder_cross] [--layer L] [--head H]
         [--dpi D] [--width W --height H] [--no-pe] [--memory-budget SIZE] [--method METHOD]
         [--text-pair B [--pair-filter AA|AB|BA|BB]] [READING]
                                      the app's figure, drawn headless; layers and heads
                                      count from 0 as in dump (needs the GUI build)

  METHOD      raw (α̂, default), norm, value-zeroing, rollout or flow (docs/methods.md); ablate and
              diff read both passes with it before comparing them; render draws it (a per-layer
              method: one matrix for all heads)
  READING     [--words] [--hide-special] [--hide-token T] [--top-p P] (heads: no --top-p; render:
              --top-p with --view graph):
              --words merges sub-word pieces into words (keys summed, queries averaged);
              --hide-special / --hide-token T hide those tokens, rows rescaled; --top-p P keeps
              per query the fewest keys holding a share P of the row (docs/reading.md)
  --text-pair B  text B read with --text as a sentence pair ([CLS] A [SEP] B [SEP], …);
              --pair-filter XY keeps text X's queries and text Y's keys
  --attention KIND (qk, qk-map, search) encoder_self, decoder_self or decoder_cross; default: the
              encoder's self-attention, or the decoder's for a decoder-only model
  --precision exact (default): float32 activations, weights widened exactly from their stored type;
              fast: bfloat16 dot products in the linear layers (docs/performance.md)
  --memory-budget SIZE (512M, 2G, 1.5GiB; binary units; 0: no limit; default: half the available RAM)
              a pass whose estimated memory (weights not counted) is larger is refused (docs/cli.md)
  --attention dense: keep every head's α̂; on-demand: keep each layer's Q and K and recompute a
              head's α̂ when read (the same values); auto (default): dense up to 1 GiB of α̂ (docs/cli.md)
  ATTNSCOPE_ISA=portable|avx2|avx512|avx512bf16 forces a lower kernel set than the CPU's best
)";

// A command's first line: two spaces, then its name (letters and '-'), then a space.
bool starts_command(std::string_view line, std::string_view command) {
  return line.size() > command.size() + 2 && line.substr(0, 2) == "  " && line.substr(2, command.size()) == command &&
         line[command.size() + 2] == ' ';
}

// Any command's first line (a note starts "  --" or "  " and capitals, a continuation 3+ spaces).
bool starts_any_command(std::string_view line) {
  return line.size() > 2 && line.substr(0, 2) == "  " && line[2] >= 'a' && line[2] <= 'z';
}

}  // namespace

const std::string& usage_text() {
  static const std::string text = usage;
  return text;
}

std::string command_usage(std::string_view command) {
  std::vector<std::string> lines;
  std::istringstream stream(usage_text());
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  std::string commands;
  std::string notes;
  bool inside = false;
  bool past_commands = false;
  for (const std::string& line : lines) {
    if (line.empty()) {
      // the blank line after the command list starts the notes
      past_commands = !commands.empty() || past_commands;
      inside = false;
      continue;
    }
    if (past_commands) {
      notes += line + '\n';
      continue;
    }
    if (starts_any_command(line)) inside = starts_command(line, command);
    if (inside) commands += line + '\n';
  }
  if (commands.empty()) return {};
  return "usage: attnscope-cli " + std::string(command) + " [OPTIONS]\n\n" + commands + '\n' + notes;
}

}  // namespace cli
