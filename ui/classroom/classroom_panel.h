#pragma once
// The Classroom tab of the main window: the walkthrough, the positional-encoding explorer with the
// 天涯若比鄰 demo, the attention sandbox, the Add & Norm inspector and the living diagram, each fed from the window's
// current analysis (model, tokens, positional encoding) and selection (attention, layer, head, query).
// Pages that are not on screen are brought up to date when they are shown, so typing in the main
// window costs nothing here until the class looks at a page.

#include <array>
#include <cstddef>
#include <memory>

#include <QTabWidget>

#include "model/model.h"
#include "text/tokenizer.h"
#include "model/trace.h"

namespace ui {

class ClassroomLayerInspectorWidget;
class ClassroomPositionalWidget;
class ClassroomSandboxWidget;
class ClassroomWalkthroughWidget;
class JobRunner;
class LivingDiagramWidget;

class ClassroomPanel : public QTabWidget {
  Q_OBJECT

 public:
  enum class Page { Walkthrough, Positional, Sandbox, LayerInspector, Diagram };

  // runner: where the pages' forward passes run (the sandbox's few numbers are computed in place).
  explicit ClassroomPanel(JobRunner *runner, QWidget *parent = nullptr);

  // memoryBudget: bytes each page's pass may allocate (the analysis's Settings ▸ Memory budget; 0: no limit).
  void setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                const core::Tokenization &target, bool positionalEncoding, std::size_t memoryBudget = 0);
  // query: the walkthrough's "1", a row of the attention's queries (clamped to the sentence).
  void setSelection(core::AttentionKind kind, int layer, int head, int query);

  Page currentPage() const { return static_cast<Page>(currentIndex()); }
  void showPage(Page page) { setCurrentIndex(static_cast<int>(page)); }
  QWidget *pageWidget(Page page) const { return widget(static_cast<int>(page)); }

  ClassroomWalkthroughWidget *walkthrough() const { return m_walkthrough; }
  ClassroomPositionalWidget *positional() const { return m_positional; }
  ClassroomSandboxWidget *sandbox() const { return m_sandbox; }
  ClassroomLayerInspectorWidget *layerInspector() const { return m_inspector; }
  // Follows the ViewState itself (LivingDiagramWidget::setViewState), not setSelection.
  LivingDiagramWidget *diagram() const { return m_diagram; }

 protected:
  void showEvent(QShowEvent *event) override;

 private:
  void updateCurrentPage();
  int queryCount() const;

  std::shared_ptr<const core::Model> m_model;
  core::Tokenization m_source;
  core::Tokenization m_target;
  bool m_positionalEncoding = true;
  std::size_t m_memoryBudget = 0;
  core::AttentionKind m_kind = core::AttentionKind::EncoderSelf;
  int m_layer = 0;
  int m_head = 0;
  int m_query = 0;
  // What each page last received: the input's generation number and the selection.
  unsigned m_inputGeneration = 1;
  unsigned m_walkthroughInput = 0;
  unsigned m_positionalInput = 0;
  unsigned m_inspectorInput = 0;
  std::array<int, 2> m_inspectorSelection = {-1, -1};  // (kind, layer) last passed to the inspector

  ClassroomWalkthroughWidget *m_walkthrough;
  ClassroomPositionalWidget *m_positional;
  ClassroomSandboxWidget *m_sandbox;
  ClassroomLayerInspectorWidget *m_inspector;
  LivingDiagramWidget *m_diagram;
};

}  // namespace ui
