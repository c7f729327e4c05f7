// attnscope-cli train / eval: the trainer and the held-out evaluation of the built-in tasks.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <memory>
#include <set>
#include <sstream>

#include "cli_commands.h"
#include "cli_model.h"
#include "cli_options.h"
#include "families/load_model.h"
#include "model/model.h"
#include "training/tasks.h"
#include "training/tasks_char_lm.h"
#include "training/tasks_eval.h"
#include "training/referent_heads.h"
#include "training/training_trainer.h"

namespace cli {

namespace {

int int_flag(const Options& options, const std::string& flag, int fallback) {
  const auto text = options.value(flag);
  if (!text) return fallback;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) throw UsageError(flag + ": \"" + *text + "\" is not an integer");
  return value;
}

double double_flag(const Options& options, const std::string& flag, double fallback) {
  const auto text = options.value(flag);
  if (!text) return fallback;
  std::istringstream stream(*text);
  double value = 0.0;
  if (!(stream >> value) || !stream.eof()) throw UsageError(flag + ": \"" + *text + "\" is not a number");
  return value;
}

std::unique_ptr<core::Task> task_flag(const Options& options) {
  const std::string name = options.required("--task");
  const auto corpus = options.value("--corpus");
  if (name == "char-lm" && corpus) return core::make_char_lm_task(*corpus);
  if (corpus) throw UsageError("--corpus is for the char-lm task; " + name + " generates its own examples");
  try {
    return core::make_task(name);
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
}

std::string duration(double seconds) {
  const long total = std::lround(seconds);
  char text[32];
  if (total >= 3600) std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, total / 60 % 60);
  else std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
  return text;
}

std::string percent(double fraction) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << 100.0 * fraction << '%';
  return text.str();
}

core::TrainingOptions training_options(const Options& options, const core::Task& task) {
  core::TrainingOptions training = task.defaults();
  training.layers = int_flag(options, "--layers", training.layers);
  training.heads = int_flag(options, "--heads", training.heads);
  training.d_model = int_flag(options, "--d-model", training.d_model);
  training.d_ff = int_flag(options, "--d-ff", training.d_ff);
  training.steps = int_flag(options, "--steps", training.steps);
  training.batch_size = int_flag(options, "--batch", training.batch_size);
  training.adam.warmup_steps = int_flag(options, "--warmup", training.adam.warmup_steps);
  training.adam.learning_rate_scale = double_flag(options, "--lr-scale", training.adam.learning_rate_scale);
  training.adam.clip_norm = double_flag(options, "--clip", training.adam.clip_norm);
  training.dropout = double_flag(options, "--dropout", training.dropout);
  training.label_smoothing = double_flag(options, "--label-smoothing", training.label_smoothing);
  training.seed = static_cast<std::uint64_t>(int_flag(options, "--seed", static_cast<int>(training.seed)));
  training.threads = int_flag(options, "--threads", training.threads);
  if (training.dropout < 0.0 || training.dropout >= 1.0) throw UsageError("--dropout must be in [0, 1)");
  if (training.label_smoothing < 0.0 || training.label_smoothing >= 1.0) {
    throw UsageError("--label-smoothing must be in [0, 1)");
  }
  return training;
}

void print_evaluation(const core::EvaluationResult& result, const core::Task& task, std::ostream& out) {
  out << "held-out examples:   " << result.examples << '\n';
  if (task.name() == "char-lm") {
    char line[160];
    std::snprintf(line, sizeof line, "next-character accuracy: %s\nperplexity:              %.2f (mean NLL %.4f nats)\n",
                  percent(result.token_accuracy).c_str(), result.perplexity, result.mean_nll);
    out << line;
  } else if (task.architecture() == core::Architecture::DecoderOnly) {
    out << "next-token accuracy on the repeated half: " << percent(result.token_accuracy) << '\n'
        << "sequences with every repeated token right: " << percent(result.exact_accuracy) << '\n';
  } else {
    out << "exact-sequence accuracy: " << percent(result.exact_accuracy) << '\n'
        << "token accuracy:          " << percent(result.token_accuracy) << '\n';
  }
}

void print_heads(const std::vector<core::HeadSummary>& heads, bool induction, bool previous_line, std::ostream& out) {
  out << "heads (entropy 0 = one key, 1 = uniform; distance in tokens and normalised to [0, 1]"
      << (previous_line ? "; previous line: weight on the same column of the line before, next column: on the column"
                         " after it, docs/head-metrics.md"
                       : "")
      << "):\n"
      << "  attention      layer head  entropy  distance  normalised" << (induction ? "  induction" : "")
      << (previous_line ? "  previous-line  next-column" : "") << '\n';
  for (const core::HeadSummary& head : heads) {
    char line[160];
    if (head.kind == core::AttentionKind::DecoderCross) {
      // query and key positions are in different sentences: distance means nothing
      std::snprintf(line, sizeof line, "  %-14s %5d %4d  %7.3f  %8s  %10s", core::to_string(head.kind), head.layer,
                    head.head, head.entropy, "-", "-");
    } else {
      std::snprintf(line, sizeof line, "  %-14s %5d %4d  %7.3f  %8.2f  %10.3f", core::to_string(head.kind),
                    head.layer, head.head, head.entropy, head.distance, head.normalized_distance);
    }
    out << line;
    if (induction) {
      std::snprintf(line, sizeof line, "  %9.3f", head.induction);
      out << line;
    }
    if (previous_line) {
      std::snprintf(line, sizeof line, "  %13.3f  %11.3f", head.previous_line, head.previous_line_next);
      out << line;
    }
    out << '\n';
  }
}

// Every encoder head's rate of linking *it* to its referent, then the best one.
void print_referent_heads(const std::vector<core::ReferentHead>& heads, std::ostream& out) {
  out << "referent heads (the stronger of the two noun links from \"it\" is the referent):\n"
      << "  encoder layer head  right  of  rate\n";
  for (const core::ReferentHead& head : heads) {
    char line[120];
    std::snprintf(line, sizeof line, "  %13d %4d  %5d %3d  %5.1f%%", head.layer, head.head, head.right, head.examples,
                  100.0 * head.rate());
    out << line << '\n';
  }
  const core::ReferentHead& best = core::best_referent_head(heads);
  out << "best: encoder self-attention layer " << best.layer << " head " << best.head << ", " << percent(best.rate())
      << " (" << best.right << " of " << best.examples << ")\n";
}

}  // namespace

int run_train(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments,
                        {"--task", "--corpus", "--out", "--layers", "--heads", "--d-model", "--d-ff", "--steps", "--batch",
                         "--warmup", "--lr-scale", "--clip", "--dropout", "--label-smoothing", "--seed", "--threads",
                         "--checkpoint-every", "--checkpoint-at", "--log-every", "--eval-count", "--memory-budget"},
                        {});
  const std::shared_ptr<core::Task> task = task_flag(options);
  const std::filesystem::path folder = options.required("--out");
  const int checkpoint_every = int_flag(options, "--checkpoint-every", 0);
  // Explicit steps, e.g. 100,200,400,800: a replay that shows the early learning without
  // storing a checkpoint every 100 steps.
  std::set<int> checkpoint_steps;
  if (const auto steps = options.value("--checkpoint-at")) {
    for (const int step : parse_id_list("--checkpoint-at", *steps)) checkpoint_steps.insert(step);
  }
  const int log_every = std::max(1, int_flag(options, "--log-every", 50));
  const int eval_count = int_flag(options, "--eval-count", 200);
  // the evaluation's passes, as every command's (a mistyped size is a usage error before training)
  core::ForwardOptions eval_options;
  eval_options.memory_budget = memory_budget_option(options);

  core::Trainer trainer(task, training_options(options, *task));
  const core::TrainingOptions& training = trainer.options();
  const core::ModelConfig& config = trainer.config();
  out << "task " << task->name() << ": " << core::to_string(config.architecture) << ", " << training.layers
      << " layers, " << config.heads << " heads, d_model " << config.d_model << ", d_ff " << config.d_ff << ", batch "
      << training.batch_size << ", " << training.steps << " steps, " << training.threads << " threads, seed "
      << training.seed << '\n';
  // Checkpoints go next to the model: models/reverse → models/reverse-checkpoints/step-000100.
  const std::filesystem::path series = folder.string() + "-checkpoints";

  double loss_sum = 0.0;
  double accuracy_sum = 0.0;
  int logged = 0;
  trainer.run([&](const core::TrainingProgress& progress) {
    loss_sum += progress.loss;
    accuracy_sum += progress.accuracy;
    ++logged;
    if (progress.step % log_every == 0 || progress.step == progress.total_steps) {
      char line[200];
      std::snprintf(line, sizeof line,
                    "step %6d/%d  loss %.4f  acc %5.1f%%  lr %.2e  %.2f steps/s  %.0f tokens/s  ETA %s", progress.step,
                    progress.total_steps, loss_sum / logged, 100.0 * accuracy_sum / logged, progress.learning_rate,
                    progress.steps_per_second, progress.tokens_per_second, duration(progress.eta_seconds).c_str());
      out << line << std::endl;
      loss_sum = accuracy_sum = 0.0;
      logged = 0;
    }
    if ((checkpoint_every > 0 && progress.step % checkpoint_every == 0) || checkpoint_steps.contains(progress.step)) {
      trainer.save(core::checkpoint_folder(series, progress.step));
    }
  });
  trainer.save(folder);
  const core::TrainingProgress final_progress = trainer.progress();
  out << "saved " << folder.string() << " after " << final_progress.step << " steps in "
      << duration(final_progress.elapsed_seconds) << " (" << std::lround(final_progress.tokens_per_second)
      << " tokens/s)\n";
  if (eval_count > 0) {
    const core::Model model = core::load_model(folder);
    print_evaluation(core::evaluate(model, *task, eval_count, eval_options), *task, out);
  }
  return 0;
}

int run_eval(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments, {"--model", "--task", "--corpus", "--count", "--memory-budget"},
                        {"--heads", "--referent-heads"});
  core::ForwardOptions forward_options;
  forward_options.memory_budget = memory_budget_option(options);
  const core::Model model = open_model(options.required("--model"), forward_options.memory_budget);
  const std::unique_ptr<core::Task> task = task_flag(options);
  if (model.spec().architecture != task->architecture()) {
    throw UsageError("the model is " + std::string(core::to_string(model.spec().architecture)) + " but task " +
                     task->name() + " needs " + core::to_string(task->architecture()));
  }
  if (options.has("--referent-heads") && task->name() != "coreference") {
    throw UsageError("--referent-heads needs --task coreference");
  }
  const int count = int_flag(options, "--count", 200);
  out << "model " << model.spec().name << ", task " << task->name() << '\n';
  print_evaluation(core::evaluate(model, *task, count, forward_options), *task, out);
  if (options.has("--heads")) {
    print_heads(core::summarize_heads(model, *task, std::min(count, 50), forward_options), task->name() == "induction",
                task->name() == "char-lm", out);
  }
  if (options.has("--referent-heads")) {
    print_referent_heads(core::referent_heads(model, *task, count, forward_options), out);
  }
  return 0;
}

}  // namespace cli
