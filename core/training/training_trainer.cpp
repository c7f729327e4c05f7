#include "families/load_model.h"
#include "training/training_trainer.h"

#include <cstdio>
#include <stdexcept>
#include <thread>

#include "training/training_loss.h"
#include "training/training_model.h"
#include "text/vocabulary.h"

namespace core {

namespace {

ModelConfig config_for(const Task& task, const TrainingOptions& options, const NativeVocabulary& vocabulary) {
  ModelConfig config;
  config.name = task.name();
  config.family = "attnscope";
  config.architecture = task.architecture();
  config.d_model = options.d_model;
  config.heads = options.heads;
  config.d_ff = options.d_ff;
  config.encoder_layers = config.has_encoder() ? options.layers : 0;
  config.decoder_layers = options.layers;
  config.source_vocab_size = config.has_encoder() ? static_cast<int>(vocabulary.source.size()) : 0;
  config.target_vocab_size = static_cast<int>(vocabulary.target.size());
  config.max_positions = task.max_positions();
  // The paper's choices: sinusoidal positions, embeddings × sqrt(d_model), post-LN, ReLU.
  config.positional_encoding = PositionalEncoding::SinusoidalInterleaved;
  config.scale_embedding = true;
  config.norm_placement = NormPlacement::PostNorm;
  config.activation = Activation::Relu;
  config.has_output_head = true;
  config.output_bias = true;
  const Vocabulary target(vocabulary.target);
  config.decoder_start_token_id = target.find("<s>").value_or(-1);
  config.eos_token_id = target.find("</s>").value_or(-1);
  return config;
}

std::unique_ptr<NativeTokenizer> tokenizer_for(const std::vector<std::string>& tokens, const NativeVocabulary& vocabulary,
                                               TokenizerRole role) {
  const NativeTokenizerKind kind = vocabulary.kind == "char" ? NativeTokenizerKind::Char : NativeTokenizerKind::Word;
  return std::make_unique<NativeTokenizer>(Vocabulary(tokens), kind, vocabulary.lowercase, role);
}

// Forward and backward over one part of the batch, gradients into grad.
struct PartResult {
  double loss_sum = 0.0;
  int scored = 0;
  int correct = 0;
};

PartResult train_part(const TransformerParameters<float>& parameters, const ModelConfig& config,
                      const TrainingBatch& batch, const TrainingOptions& options, double gradient_scale,
                      std::uint64_t dropout_seed, TransformerParameters<float>& grad) {
  std::mt19937_64 generator(dropout_seed);
  const DropoutSettings dropout{options.dropout, &generator};
  TransformerCache<float> cache;
  const Tensor<float> logits = transformer_forward(parameters, config, batch, dropout, cache);
  const LossResult<float> loss = cross_entropy(logits, batch.labels, options.label_smoothing, gradient_scale);
  transformer_backward(parameters, config, batch, cache, loss.d_logits, grad);
  return {loss.loss_sum, loss.scored, loss.correct};
}

}  // namespace

Trainer::Trainer(std::shared_ptr<const Task> task, TrainingOptions options)
    : task_(std::move(task)),
      options_(options),
      config_(config_for(*task_, options_, task_->vocabulary())),
      vocabulary_(task_->vocabulary()),
      parameters_(initial_parameters<float>(config_, options_.seed)),
      adam_(parameters_, options_.adam),
      example_generator_(options_.seed + 1) {
  if (options_.threads < 1 || options_.batch_size < options_.threads) {
    throw std::invalid_argument("the batch size must be at least the number of threads, and threads at least 1");
  }
  if (options_.steps < 0) throw std::invalid_argument("the number of steps cannot be negative");
  if (config_.has_encoder()) source_tokenizer_ = tokenizer_for(vocabulary_.source, vocabulary_, TokenizerRole::Source);
  target_tokenizer_ = tokenizer_for(vocabulary_.target, vocabulary_, TokenizerRole::Target);
  gradients_.assign(static_cast<std::size_t>(options_.threads), zeros_like(parameters_));
  progress_.total_steps = options_.steps;
}

TrainingBatch Trainer::batch_for(const std::vector<TaskExample>& examples) const {
  return make_batch(examples, source_tokenizer_.get(), *target_tokenizer_, config_.eos_token_id, config_.max_positions);
}

TrainingProgress Trainer::step() {
  const auto start = std::chrono::steady_clock::now();
  std::vector<TaskExample> examples;
  for (int i = 0; i < options_.batch_size; ++i) examples.push_back(task_->training_example(example_generator_));

  // Contiguous parts, one per thread; the split depends only on the batch size and thread count.
  const int parts = options_.threads;
  std::vector<TrainingBatch> batches;
  int scored = 0;
  int tokens = 0;
  for (int part = 0; part < parts; ++part) {
    const auto begin = examples.begin() + static_cast<std::ptrdiff_t>(examples.size() * part / parts);
    const auto end = examples.begin() + static_cast<std::ptrdiff_t>(examples.size() * (part + 1) / parts);
    batches.push_back(batch_for(std::vector<TaskExample>(begin, end)));
    scored += batches.back().scored_tokens();
    tokens += batches.back().tokens();
  }
  const double gradient_scale = scored > 0 ? 1.0 / scored : 0.0;
  const int step_number = adam_.step() + 1;

  std::vector<PartResult> results(static_cast<std::size_t>(parts));
  const auto run_part = [&](int part) {
    TransformerParameters<float>& grad = gradients_[static_cast<std::size_t>(part)];
    for_each_tensor([](const std::string&, Tensor<float>& g) { g.setZero(); }, grad);
    // A dropout stream per (step, part): the same masks whichever thread runs the part.
    const std::uint64_t dropout_seed = options_.seed * 1000003ull + static_cast<std::uint64_t>(step_number) * 7919ull +
                                       static_cast<std::uint64_t>(part);
    results[static_cast<std::size_t>(part)] =
        train_part(parameters_, config_, batches[static_cast<std::size_t>(part)], options_, gradient_scale,
                   dropout_seed, grad);
  };
  std::vector<std::thread> workers;
  for (int part = 1; part < parts; ++part) workers.emplace_back(run_part, part);
  run_part(0);
  for (std::thread& worker : workers) worker.join();

  // Sum in part order, so the result does not depend on which thread finished first.
  TransformerParameters<float>& grad = gradients_.front();
  for (int part = 1; part < parts; ++part) {
    for_each_tensor([](const std::string&, Tensor<float>& total, const Tensor<float>& g) { total += g; }, grad,
                    gradients_[static_cast<std::size_t>(part)]);
  }
  const double gradient_norm = clip_gradient_norm(grad, options_.adam.clip_norm);
  double learning_rate = 0.0;
  {
    const std::lock_guard<std::mutex> lock(parameters_mutex_);
    learning_rate = adam_.update(parameters_, grad, config_.d_model);
  }

  PartResult total;
  for (const PartResult& result : results) {
    total.loss_sum += result.loss_sum;
    total.scored += result.scored;
    total.correct += result.correct;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::lock_guard<std::mutex> lock(state_mutex_);
  elapsed_seconds_ += seconds;
  tokens_seen_ += tokens;
  TrainingProgress& progress = progress_;
  progress.step = adam_.step();
  progress.loss = total.scored > 0 ? total.loss_sum / total.scored : 0.0;
  progress.accuracy = total.scored > 0 ? static_cast<double>(total.correct) / total.scored : 0.0;
  progress.learning_rate = learning_rate;
  progress.gradient_norm = gradient_norm;
  progress.elapsed_seconds = elapsed_seconds_;
  progress.steps_per_second = elapsed_seconds_ > 0.0 ? progress.step / elapsed_seconds_ : 0.0;
  progress.tokens_per_second = elapsed_seconds_ > 0.0 ? static_cast<double>(tokens_seen_) / elapsed_seconds_ : 0.0;
  const int remaining = std::max(0, options_.steps - progress.step);
  progress.eta_seconds = progress.steps_per_second > 0.0 ? remaining / progress.steps_per_second : 0.0;
  return progress;
}

void Trainer::run(const std::function<void(const TrainingProgress&)>& on_progress) {
  run(on_progress, std::stop_token{});
}

bool Trainer::run(const std::function<void(const TrainingProgress&)>& on_progress, std::stop_token stop) {
  while (adam_.step() < options_.steps) {
    {
      std::unique_lock<std::mutex> lock(state_mutex_);
      // Returns when resumed, stopped, or (with the token) when the token's stop is requested.
      resumed_.wait(lock, stop, [&] { return !paused_ || stop_requested_; });
    }
    if (stop_requested_ || stop.stop_requested()) break;
    const TrainingProgress progress = step();
    if (on_progress) on_progress(progress);
  }
  return adam_.step() >= options_.steps;
}

void Trainer::pause() {
  const std::lock_guard<std::mutex> lock(state_mutex_);
  paused_ = true;
}

void Trainer::resume() {
  {
    const std::lock_guard<std::mutex> lock(state_mutex_);
    paused_ = false;
  }
  resumed_.notify_all();
}

void Trainer::stop() {
  {
    // Under the lock, so a run() about to wait cannot miss the wake-up.
    const std::lock_guard<std::mutex> lock(state_mutex_);
    stop_requested_ = true;
  }
  resumed_.notify_all();
}

bool Trainer::paused() const {
  const std::lock_guard<std::mutex> lock(state_mutex_);
  return paused_;
}

TrainingProgress Trainer::progress() const {
  const std::lock_guard<std::mutex> lock(state_mutex_);
  return progress_;
}

std::map<std::string, std::vector<float>> Trainer::tensors() const {
  const std::lock_guard<std::mutex> lock(parameters_mutex_);
  return native_tensors(parameters_);
}

void Trainer::save(const std::filesystem::path& folder) const {
  save_native_model(folder, config_, vocabulary_, tensors());
}

Model Trainer::snapshot(const std::filesystem::path& folder) const {
  save(folder);
  return load_model(folder);
}

Tensor<float> Trainer::logits(const std::vector<TaskExample>& examples) const {
  const TrainingBatch batch = batch_for(examples);
  TransformerCache<float> cache;
  const std::lock_guard<std::mutex> lock(parameters_mutex_);
  return transformer_forward(parameters_, config_, batch, DropoutSettings{}, cache);
}

std::filesystem::path checkpoint_folder(const std::filesystem::path& series, int step) {
  char name[32];
  std::snprintf(name, sizeof name, "step-%06d", step);
  return series / name;
}

}  // namespace core
