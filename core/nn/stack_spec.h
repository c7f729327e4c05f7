#pragma once
// What a whole stack (encoder or decoder) and the output head compute, as plain data: the
// embedding, one BlockSpec per layer (layers may differ: Gemma 2 alternates local and global
// attention) and the final norm.

#include <string>
#include <vector>

#include "nn/block_spec.h"

namespace core {

enum class Architecture { EncoderOnly, DecoderOnly, EncoderDecoder };

const char* to_string(Architecture architecture);  // "encoder", "decoder", "encoder-decoder"

// a^i = scale · E[id_i] (+ e^i, the position table) (+ the token type row), then an optional norm.
struct EmbeddingSpec {
  float scale = 1.0f;  // √d_model for Marian and Gemma
  AbsolutePositions positions = AbsolutePositions::None;
  int position_offset = 0;  // BART: 2; RoBERTa: padding_idx + 1
  bool token_type = false;  // BERT adds token type 0's row to every token
  bool norm = false;        // an embedding norm (BERT, BART, BLOOM)
  NormSpec norm_spec;
};

struct StackSpec {
  EmbeddingSpec embedding;
  std::vector<BlockSpec> blocks;
  bool final_norm = false;
  NormSpec final_norm_spec;

  int layers() const { return static_cast<int>(blocks.size()); }
};

// logits = (scale · h) Wᵀ + b, optionally soft-capped; BERT's MLM head transforms h first.
struct OutputSpec {
  bool transform = false;  // dense → activation → norm before the projection
  Activation transform_activation = Activation::GeluErf;
  NormSpec transform_norm;
  float input_scale = 1.0f;  // T5 with tied embeddings: d_model^−½
  float soft_cap = 0.0f;     // Gemma 2: logits ← cap · tanh(logits / cap); 0: none
};

// The task head of a fine-tuned encoder (BERT, RoBERTa, DistilBERT …ForSequenceClassification,
// …ForTokenClassification, …ForQuestionAnswering): logits over labels instead of the vocabulary.
enum class ClassifierKind {
  None,
  Sequence,           // one prediction for the text, from the first token ([CLS] / <s>)
  Token,              // one prediction per token (named entities)
  QuestionAnswering,  // a start and an end score per token
};

struct ClassifierSpec {
  ClassifierKind kind = ClassifierKind::None;
  // Sequence only: first h₀ → act(h₀ W_hᵀ + b) (BERT's pooler and RoBERTa's dense: tanh; DistilBERT: relu).
  bool hidden = false;
  Activation hidden_activation = Activation::Tanh;
  std::vector<std::string> labels;  // id2label, in id order ("start", "end" for question answering)
};

const char* to_string(ClassifierKind kind);  // "sequence classification", …

}  // namespace core
