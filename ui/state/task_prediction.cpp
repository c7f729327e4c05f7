#include "task_prediction.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

namespace {

// p_c = exp(z_c − max z) / Σ exp(z − max z), over one row of logits.
std::vector<float> softmax(const Eigen::Ref<const core::RowVector>& logits) {
  const float top = logits.maxCoeff();
  std::vector<float> p(static_cast<std::size_t>(logits.size()));
  float sum = 0;
  for (Eigen::Index c = 0; c < logits.size(); ++c) sum += p[static_cast<std::size_t>(c)] = std::exp(logits(c) - top);
  for (float& value : p) value /= sum;
  return p;
}

int argmax(const std::vector<float>& values) {
  return static_cast<int>(std::max_element(values.begin(), values.end()) - values.begin());
}

}  // namespace

TaskPrediction predictTask(const core::Model& model, const core::Tokenization& tokens,
                           const core::RowMatrix& classLogits) {
  TaskPrediction prediction;
  const core::ClassifierSpec& classifier = model.spec().classifier;
  if (classifier.kind == core::ClassifierKind::None || classLogits.size() == 0) return prediction;
  prediction.kind = classifier.kind;
  for (Eigen::Index c = 0; c < classLogits.cols(); ++c) {
    const auto id = static_cast<std::size_t>(c);
    prediction.labels << (id < classifier.labels.size() ? QString::fromStdString(classifier.labels[id])
                                                        : QStringLiteral("LABEL_%1").arg(c));
  }
  // The special tokens the tokenizer puts around any text: what it adds to an empty one.
  const core::Tokenizer& tokenizer = model.source_tokenizer();
  const int special = static_cast<int>(tokenizer.encode("").size());
  const int trailing = std::min(tokenizer.trailing_special_tokens(), special);
  const int count = static_cast<int>(tokens.size());
  prediction.firstToken = std::min(special - trailing, count);
  prediction.lastToken = count - 1 - trailing;

  switch (classifier.kind) {
    case core::ClassifierKind::Sequence:
    case core::ClassifierKind::Token:
      for (Eigen::Index row = 0; row < classLogits.rows(); ++row) {
        prediction.probabilities.push_back(softmax(classLogits.row(row)));
        prediction.predicted.push_back(argmax(prediction.probabilities.back()));
      }
      break;
    case core::ClassifierKind::QuestionAnswering: {
      const int first = prediction.firstToken;
      const int last = std::min(prediction.lastToken, static_cast<int>(classLogits.rows()) - 1);
      if (last < first || classLogits.cols() < 2) break;
      // argmax over start ≤ end < start + kMaxAnswerTokens of start score + end score.
      float best = -std::numeric_limits<float>::infinity();
      for (int start = first; start <= last; ++start) {
        for (int end = start; end <= std::min(last, start + kMaxAnswerTokens - 1); ++end) {
          const float score = classLogits(start, 0) + classLogits(end, 1);
          if (score > best) {
            best = score;
            prediction.spanStart = start;
            prediction.spanEnd = end;
          }
        }
      }
      const std::vector<float> starts = softmax(classLogits.col(0).segment(first, last - first + 1).transpose());
      const std::vector<float> ends = softmax(classLogits.col(1).segment(first, last - first + 1).transpose());
      prediction.startProbability = starts[static_cast<std::size_t>(prediction.spanStart - first)];
      prediction.endProbability = ends[static_cast<std::size_t>(prediction.spanEnd - first)];
      const std::vector<int> ids(tokens.ids.begin() + prediction.spanStart,
                                 tokens.ids.begin() + prediction.spanEnd + 1);
      prediction.spanText = QString::fromStdString(tokenizer.decode(ids)).trimmed();
      break;
    }
    case core::ClassifierKind::None: break;
  }
  return prediction;
}

}  // namespace ui
