#pragma once
// A fine-tuned encoder's task head read as an answer: the predicted label with the softmax
// probabilities of every label (sequence classification), the predicted label of each token
// (token classification), or the best answer span (question answering). Computed on the worker
// thread from core::ForwardResult::class_logits; the input panel shows it.

#include <QString>
#include <QStringList>
#include <vector>

#include "model/model.h"
#include "tensor/tensor.h"
#include "text/tokenizer.h"

namespace ui {

struct TaskPrediction {
  core::ClassifierKind kind = core::ClassifierKind::None;
  QStringList labels;  // id2label, in id order
  // Sequence: one row; Token: one row per token. p = softmax over the labels of a class_logits row.
  std::vector<std::vector<float>> probabilities;
  std::vector<int> predicted;  // argmax of each row (a label id)
  // The text's own tokens, [firstToken, lastToken]: [CLS] / <s> before and [SEP] / </s> after are
  // no prediction of their own (as HF's pipelines skip them).
  int firstToken = 0;
  int lastToken = -1;
  // QuestionAnswering: the span start ≤ end (at most kMaxAnswerTokens) with the largest
  // start score + end score, and its text.
  int spanStart = -1;
  int spanEnd = -1;
  float startProbability = 0;  // softmax of the start scores over the text's tokens, at spanStart
  float endProbability = 0;    // likewise for the end scores, at spanEnd
  QString spanText;

  bool empty() const { return kind == core::ClassifierKind::None; }
};

// The longest answer span considered, in tokens (HF's question-answering pipeline: max_answer_len 15).
constexpr int kMaxAnswerTokens = 15;

// classLogits: (1, labels), (T, labels) or (T, 2) as the model's classifier kind says; tokens:
// the encoder's input it was computed from. Empty for a model without a task head.
TaskPrediction predictTask(const core::Model& model, const core::Tokenization& tokens,
                           const core::RowMatrix& classLogits);

}  // namespace ui
