#pragma once
// The task heads fine-tuned BERT-style folders carry (…ForSequenceClassification,
// …ForTokenClassification, …ForQuestionAnswering), named by config.json's architectures[0], with
// their labels from id2label. Each family names the tensors its own way (ClassifierNames).

#include <string>

#include "families/model_families.h"

namespace core {

struct ClassifierNames {
  std::string sequence_hidden;  // BERT: "bert.pooler.dense.", RoBERTa: "classifier.dense.", DistilBERT: "pre_classifier."
  std::string sequence_output;  // "classifier." or RoBERTa's "classifier.out_proj."
};

// Sets spec.classifier from the class name and id2label; ClassifierKind::None for other classes.
void read_classifier(const ConfigReader& reader, ModelSpec& spec);

// Binds the head spec.classifier describes ("classifier." per token, "qa_outputs." for answers).
ClassifierWeights bind_classifier(WeightBinder& binder, const ModelSpec& spec, const ClassifierNames& names);

}  // namespace core
