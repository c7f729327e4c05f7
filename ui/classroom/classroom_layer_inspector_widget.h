#pragma once
// The layer inspector (Add & Norm): for one sub-layer of one layer, per token the residual stream
// before and after, mean and variance before and after LayerNorm (0 and 1 before γ and β, which are
// shown too), and BatchNorm on the same matrix for comparison.

#include <cstddef>
#include <memory>
#include <optional>

#include <QWidget>

#include "classroom/layer_inspector.h"
#include "model/model.h"
#include "text/tokenizer.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace ui {

class ClassroomMatrixView;
class JobRunner;

class ClassroomLayerInspectorWidget : public QWidget {
  Q_OBJECT

 public:
  // runner: where the Add & Norm forward pass runs; inspectionShown follows each change.
  explicit ClassroomLayerInspectorWidget(JobRunner *runner, QWidget *parent = nullptr);

  // memoryBudget: bytes the pass may allocate (Settings ▸ Memory budget; 0: no limit).
  void setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                const core::Tokenization &target, bool positionalEncoding, std::size_t memoryBudget = 0);

  const core::AddAndNormInspection *inspection() const { return m_inspection ? &*m_inspection : nullptr; }
  QTableWidget *tokenTable() const { return m_table; }
  QString errorText() const;

 public slots:
  void showLayer(core::Stack stack, int layer);
  void showSubLayer(core::SubLayer sublayer);

 signals:
  void inspectionShown();  // the newest request's numbers (or its error) are on the page

 private:
  void recompute();
  void showControls();
  void showInspection();

  JobRunner *m_runner;
  std::shared_ptr<const core::Model> m_model;
  core::Tokenization m_source;
  core::Tokenization m_target;
  core::LayerInspectorRequest m_request;
  std::optional<core::AddAndNormInspection> m_inspection;

  QComboBox *m_stack;
  QSpinBox *m_layer;
  QComboBox *m_sublayer;
  QTableWidget *m_table;
  ClassroomMatrixView *m_before;
  ClassroomMatrixView *m_after;
  ClassroomMatrixView *m_gammaBeta;
  QLabel *m_placement;
  QLabel *m_error;
};

}  // namespace ui
