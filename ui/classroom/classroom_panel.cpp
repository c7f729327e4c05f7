#include "classroom_panel.h"

#include <algorithm>
#include <array>

#include <QScrollArea>

#include "classroom_layer_inspector_widget.h"
#include "classroom_positional_widget.h"
#include "classroom_sandbox_widget.h"
#include "classroom_walkthrough_widget.h"
#include "formula.h"
#include "living_diagram_widget.h"

namespace ui {

namespace {

// The explorer and the inspector are taller than a laptop screen: they scroll instead of squeezing.
QScrollArea *scrolled(QWidget *page, QWidget *parent) {
  auto *area = new QScrollArea(parent);
  area->setWidget(page);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  return area;
}

}  // namespace

ClassroomPanel::ClassroomPanel(JobRunner *runner, QWidget *parent)
    : QTabWidget(parent),
      m_walkthrough(new ClassroomWalkthroughWidget(runner)),
      m_positional(new ClassroomPositionalWidget(runner)),
      m_sandbox(new ClassroomSandboxWidget),
      m_inspector(new ClassroomLayerInspectorWidget(runner)),
      m_diagram(new LivingDiagramWidget(runner)) {
  setObjectName(QStringLiteral("classroomPanel"));
  setDocumentMode(true);
  m_walkthrough->setObjectName(QStringLiteral("classroomWalkthrough"));
  m_positional->setObjectName(QStringLiteral("classroomPositional"));
  m_sandbox->setObjectName(QStringLiteral("classroomSandbox"));
  m_inspector->setObjectName(QStringLiteral("classroomLayerInspector"));
  m_diagram->setObjectName(QStringLiteral("classroomDiagram"));
  // The order is Page's.
  addTab(m_walkthrough, tr("Walkthrough"));
  addTab(scrolled(m_positional, this), tr("Positional Encoding · 天涯若比鄰"));
  addTab(scrolled(m_sandbox, this), tr("Sandbox"));
  addTab(scrolled(m_inspector, this), tr("Add && Norm"));
  addTab(m_diagram, tr("Living Diagram"));
  setTabToolTip(0, tr("One attention layer step by step, in the lecture's notation, with the model's numbers "
                      "(Page Up/Page Down turn the pages)"));
  setTabToolTip(1, formulaHtml(tr("The position vectors e^i, and why self-attention needs them: shuffle the words with "
                                   "and without positional encoding")));
  setTabToolTip(2, plainToolTip(tr("Hand-made queries, keys and values on a plane: drag them and watch α and α̂")));
  setTabToolTip(3, tr("The residual connection and Layer Norm of one sub-layer, token by token"));
  setTabToolTip(4, formulaHtml(tr("The lecture's figure, animated on this model's numbers: a^i → q, k, v → α → α̂ → b, "
                                   "the matrix form and the heads")));
  connect(this, &QTabWidget::currentChanged, this, &ClassroomPanel::updateCurrentPage);
}

void ClassroomPanel::setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                              const core::Tokenization &target, bool positionalEncoding, std::size_t memoryBudget) {
  const bool same = model == m_model && source.ids == m_source.ids && target.ids == m_target.ids &&
                    positionalEncoding == m_positionalEncoding && memoryBudget == m_memoryBudget;
  if (same) return;
  m_model = std::move(model);
  m_source = source;
  m_target = target;
  m_positionalEncoding = positionalEncoding;
  m_memoryBudget = memoryBudget;
  ++m_inputGeneration;
  updateCurrentPage();
}

void ClassroomPanel::setSelection(core::AttentionKind kind, int layer, int head, int query) {
  const bool same = kind == m_kind && layer == m_layer && head == m_head && query == m_query;
  m_kind = kind;
  m_layer = layer;
  m_head = head;
  m_query = query;
  if (!same) updateCurrentPage();
}

int ClassroomPanel::queryCount() const {
  const bool decoderQueries = m_kind != core::AttentionKind::EncoderSelf;
  return static_cast<int>((decoderQueries ? m_target : m_source).size());
}

void ClassroomPanel::showEvent(QShowEvent *event) {
  QTabWidget::showEvent(event);
  updateCurrentPage();
}

void ClassroomPanel::updateCurrentPage() {
  if (!isVisible()) return;
  const bool encoder = m_kind == core::AttentionKind::EncoderSelf;
  switch (currentPage()) {
    case Page::Walkthrough: {
      if (m_walkthroughInput != m_inputGeneration) {
        m_walkthroughInput = m_inputGeneration;
        m_walkthrough->setInput(m_model, m_source, m_target, m_positionalEncoding, m_memoryBudget);
      }
      // Each call recomputes, so only what changed is passed on.
      const core::Walkthrough *current = m_walkthrough->walkthrough();
      const int query = std::clamp(m_query, 0, std::max(queryCount() - 1, 0));
      if (!current || current->request.kind != m_kind || current->request.layer != m_layer) {
        m_walkthrough->showAttention(m_kind, m_layer);
      }
      current = m_walkthrough->walkthrough();
      if (!current || current->request.head != m_head) m_walkthrough->showHead(m_head);
      m_walkthrough->showQuery(query);
      break;
    }
    case Page::Positional: {
      if (m_positionalInput != m_inputGeneration) {
        m_positionalInput = m_inputGeneration;
        // a decoder-only model's explorer reads its decoder input
        const bool decoderOnly = m_model && !m_model->spec().has_encoder();
        m_positional->setInput(m_model, decoderOnly ? m_target : m_source, m_memoryBudget);
      }
      // The demo is about the explored stack's self-attention; other selections keep its own layer.
      const bool decoderOnlySelf =
          m_model && !m_model->spec().has_encoder() && m_kind == core::AttentionKind::DecoderSelf;
      if (encoder || decoderOnlySelf) m_positional->showLayer(m_layer);
      m_positional->showHead(m_head);
      break;
    }
    case Page::Sandbox:
      break;  // no model behind it
    case Page::Diagram:
      break;  // follows the ViewState itself
    case Page::LayerInspector:
    {
      if (m_inspectorInput != m_inputGeneration) {
        m_inspectorInput = m_inputGeneration;
        m_inspector->setInput(m_model, m_source, m_target, m_positionalEncoding, m_memoryBudget);
        m_inspectorSelection = {-1, -1};
      }
      // Passed on only when the window's selection moved, so a choice made in the inspector stays.
      const std::array<int, 2> selection = {static_cast<int>(m_kind), m_layer};
      if (selection == m_inspectorSelection) break;
      m_inspectorSelection = selection;
      m_inspector->showLayer(encoder ? core::Stack::Encoder : core::Stack::Decoder, m_layer);
      m_inspector->showSubLayer(m_kind == core::AttentionKind::DecoderCross ? core::SubLayer::CrossAttention
                                                                             : core::SubLayer::SelfAttention);
      break;
    }
  }
}

}  // namespace ui
