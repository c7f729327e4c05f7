#include "families/classifier_head.h"

namespace core {

namespace {

// id2label {"0": "NEGATIVE", "1": "POSITIVE"} in id order; "LABEL_i" for ids it does not name.
std::vector<std::string> read_labels(const ConfigReader& reader) {
  const nlohmann::json& json = reader.json();
  const auto id2label = json.find("id2label");
  int count = reader.int_or("num_labels", 0);
  if (id2label != json.end() && !id2label->is_object()) reader.fail("'id2label' must be an object");
  if (id2label != json.end()) count = std::max(count, static_cast<int>(id2label->size()));
  if (count <= 0) count = 2;  // HF's default num_labels
  if (count > (1 << 16)) reader.fail("'id2label' names " + std::to_string(count) + " labels; at most 65536 are supported");
  std::vector<std::string> labels;
  for (int i = 0; i < count; ++i) {
    const std::string key = std::to_string(i);
    if (id2label != json.end() && id2label->contains(key)) {
      if (!id2label->at(key).is_string()) reader.fail("'id2label." + key + "' must be a string");
      labels.push_back(id2label->at(key).get<std::string>());
    } else {
      labels.push_back("LABEL_" + key);
    }
  }
  return labels;
}

}  // namespace

void read_classifier(const ConfigReader& reader, ModelSpec& spec) {
  const std::string& name = spec.class_name;
  ClassifierSpec& classifier = spec.classifier;
  if (name.ends_with("ForSequenceClassification")) {
    classifier.kind = ClassifierKind::Sequence;
    classifier.labels = read_labels(reader);
  } else if (name.ends_with("ForTokenClassification")) {
    classifier.kind = ClassifierKind::Token;
    classifier.labels = read_labels(reader);
  } else if (name.ends_with("ForQuestionAnswering")) {
    classifier.kind = ClassifierKind::QuestionAnswering;
    classifier.labels = {"start", "end"};
  }
}

ClassifierWeights bind_classifier(WeightBinder& binder, const ModelSpec& spec, const ClassifierNames& names) {
  const ClassifierSpec& classifier = spec.classifier;
  const Eigen::Index d = spec.d_model;
  const auto labels = static_cast<Eigen::Index>(classifier.labels.size());
  ClassifierWeights weights;
  switch (classifier.kind) {
    case ClassifierKind::None:
      break;
    case ClassifierKind::Sequence:
      if (classifier.hidden) weights.hidden = bind_linear(binder, names.sequence_hidden, d, d);
      weights.output = bind_linear(binder, names.sequence_output, labels, d);
      break;
    case ClassifierKind::Token:
      weights.output = bind_linear(binder, "classifier.", labels, d);
      break;
    case ClassifierKind::QuestionAnswering:
      weights.output = bind_linear(binder, "qa_outputs.", 2, d);
      break;
  }
  return weights;
}

}  // namespace core
