#pragma once
// The positional-encoding explorer: for absolute kinds the model's position vectors e^p as a
// heatmap, how alike two positions are (e^p · e^r) and the lecture's one-hot view W [x; p] = a + e;
// for rotary, ALiBi and T5 their own views and the per-layer switch (ClassroomPositionKindPanel);
// and the 天涯若比鄰 demo: shuffle or swap the words and compare every self-attention matrix with
// P A Pᵀ, with the positional encoding off and on, side by side with the permutation drawn, saying
// what the comparison proves for the model's kind.

#include <cstddef>
#include <memory>
#include <optional>

#include <QWidget>

#include "model/model.h"
#include "classroom/permutation_demo.h"
#include "text/tokenizer.h"

class QLabel;
class QSpinBox;

namespace ui {

class ClassroomMatrixView;
class ClassroomPermutationView;
class ClassroomPositionKindPanel;

class JobRunner;

class ClassroomPositionalWidget : public QWidget {
  Q_OBJECT

 public:
  // runner: where the permutation demo's forward passes run; permutationChanged follows each.
  explicit ClassroomPositionalWidget(JobRunner *runner, QWidget *parent = nullptr);

  // source: the explored side's input the demo reorders (the encoder's, else the decoder's;
  // special tokens stay in place, and a decoder-only model's last token too). memoryBudget: bytes a
  // pass of the position-kind demo may allocate (Settings ▸ Memory budget; 0: no limit).
  void setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                std::size_t memoryBudget = 0);

  const core::PermutationDemo *demo() const { return m_demo ? &*m_demo : nullptr; }
  QString verdict(bool positionalEncoding) const;  // the line under each pair of matrices
  QString errorText() const;
  ClassroomMatrixView *positionTable() const { return m_table; }
  ClassroomPositionKindPanel *positionKindPanel() const { return m_kindPanel; }
  QString demoExplanation() const;  // what the demo proves for the model's kind

 public slots:
  void shuffle();
  void swapTokens(int i, int j);
  void showLayer(int layer);
  void showHead(int head);

 signals:
  void permutationChanged();  // a demo's result (or its error) is on the page

 private:
  void showPositions();
  void runDemo(const core::Permutation &order);
  void showDemo();

  JobRunner *m_runner;
  std::shared_ptr<const core::Model> m_model;
  core::Tokenization m_source;
  std::optional<core::PermutationDemo> m_demo;
  unsigned m_seed = 1;
  int m_layer = 0;
  int m_head = 0;

  ClassroomPositionKindPanel *m_kindPanel;
  QLabel *m_kindExplanation;
  ClassroomMatrixView *m_table;
  ClassroomMatrixView *m_similarity;
  QLabel *m_oneHot;
  QLabel *m_positionsError;
  ClassroomPermutationView *m_permutation;
  QSpinBox *m_swapFirst;
  QSpinBox *m_swapSecond;
  QSpinBox *m_layerBox;
  QSpinBox *m_headBox;
  ClassroomMatrixView *m_expectedOff;
  ClassroomMatrixView *m_permutedOff;
  ClassroomMatrixView *m_expectedOn;
  ClassroomMatrixView *m_permutedOn;
  QLabel *m_verdictOff;
  QLabel *m_verdictOn;
  QLabel *m_demoError;
};

}  // namespace ui
