#include "living_diagram_canvas.h"

#include <algorithm>

#include <QEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include "living_diagram_painter.h"

namespace ui {

LivingDiagramCanvas::LivingDiagramCanvas(QWidget *parent) : QWidget(parent) {
  setObjectName(QStringLiteral("livingDiagramCanvas"));
  setAttribute(Qt::WA_OpaquePaintEvent);
  setFocusPolicy(Qt::StrongFocus);  // Left and Right pick the query
}

void LivingDiagramCanvas::mousePressEvent(QMouseEvent *event) {
  for (const DiagramTarget &target : m_drawn.queryTargets) {
    if (target.rect.contains(event->position())) {
      emit queryPicked(target.query);
      event->accept();
      return;
    }
  }
  QWidget::mousePressEvent(event);
}

bool LivingDiagramCanvas::event(QEvent *event) {
  // Left and Right are the window's previous and next layer; on the figure, when it has the
  // keyboard focus (a click gives it), they move the query instead.
  if (event->type() == QEvent::ShortcutOverride && m_numbers) {
    const int key = static_cast<QKeyEvent *>(event)->key();
    if ((key == Qt::Key_Left || key == Qt::Key_Right) && static_cast<QKeyEvent *>(event)->modifiers() == Qt::NoModifier) {
      event->accept();
      return true;
    }
  }
  return QWidget::event(event);
}

void LivingDiagramCanvas::keyPressEvent(QKeyEvent *event) {
  const int step = event->key() == Qt::Key_Left ? -1 : event->key() == Qt::Key_Right ? 1 : 0;
  if (step == 0 || !m_numbers || m_numbers->queryTokens.isEmpty()) {
    QWidget::keyPressEvent(event);
    return;
  }
  const int query = std::clamp(m_numbers->query + step, 0, static_cast<int>(m_numbers->queryTokens.size()) - 1);
  if (query != m_numbers->query) emit queryPicked(query);
  event->accept();
}

void LivingDiagramCanvas::changeEvent(QEvent *event) {
  QWidget::changeEvent(event);
  // words, palette and font are read as the frame is painted
  if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange) update();
}

void LivingDiagramCanvas::setNumbers(std::shared_ptr<const DiagramNumbers> numbers) {
  m_numbers = std::move(numbers);
  update();
}

void LivingDiagramCanvas::setMessage(const QString &message) {
  m_message = message;
  update();
}

void LivingDiagramCanvas::setFrame(int frame) {
  m_frame = std::clamp(frame, 0, DiagramTimeline::frameCount - 1);
  update();
}

QString LivingDiagramCanvas::heading() const { return diagramStageTitle(DiagramTimeline::frame(m_frame).stage); }

QString LivingDiagramCanvas::context() const {
  if (!m_numbers) return {};
  const DiagramNumbers &n = *m_numbers;
  //: %1 the layer ("Encoder layer 1 · self-attention"), %2 the head, %3 the query's position, %4 its token
  return diagramText("%1 · head %2 · query %3 “%4”")
      .arg(n.layerName)
      .arg(n.head + 1)
      .arg(n.query + 1)
      .arg(n.queryTokens.value(n.query));
}

void LivingDiagramCanvas::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().color(QPalette::Base));
  DiagramPainter p(painter, font(), size(), palette());
  const double u = p.unit();
  m_drawn = {};
  const QRectF all = QRectF(rect()).adjusted(u, 0.6 * u, -u, -0.6 * u);
  p.formula(QRectF(all.left(), all.top(), all.width(), 1.8 * u), Qt::AlignLeft | Qt::AlignVCenter, heading(), 1.2, true);
  if (!m_numbers) {
    // a message (an input's error can be long) wraps; it has no formula in it
    painter.setPen(p.text());
    painter.drawText(all.adjusted(0, 2.4 * u, 0, 0), Qt::AlignCenter | Qt::TextWordWrap, m_message);
    m_clipped = p.clipped();
    m_labels = p.labels();
    return;
  }
  painter.save();
  painter.setPen(p.text());
  p.token(QRectF(all.left(), all.top() + 1.8 * u, all.width(), 1.4 * u), Qt::AlignLeft | Qt::AlignVCenter, context(), 0.85);
  painter.restore();
  const QRectF content = all.adjusted(0, 3.8 * u, 0, 0);
  const DiagramFrame frame = DiagramTimeline::frame(m_frame);
  const DiagramNumbers &n = *m_numbers;
  switch (frame.stage) {
    case DiagramStage::Inputs: paintInputs(p, n, content, frame.progress, m_drawn); break;
    case DiagramStage::QueryKeyValue: paintQueryKeyValue(p, n, content, frame.progress, m_drawn); break;
    case DiagramStage::Scores: paintScores(p, n, content, frame.progress, m_drawn); break;
    case DiagramStage::Softmax: paintSoftmax(p, n, content, frame.progress, m_drawn); break;
    case DiagramStage::WeightedSum: paintWeightedSum(p, n, content, frame.progress, m_drawn); break;
    case DiagramStage::MatrixProduct: paintMatrixProduct(p, n, content, frame.progress, m_drawn); break;
    case DiagramStage::MultiHead: paintMultiHead(p, n, content, frame.progress, m_drawn); break;
  }
  m_clipped = p.clipped();
  m_labels = p.labels();
}

}  // namespace ui
