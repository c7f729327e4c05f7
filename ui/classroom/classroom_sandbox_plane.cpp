#include "classroom_sandbox_plane.h"

#include <algorithm>

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include "colour_scales.h"

namespace ui {

namespace {

constexpr double pointRadius = 7.0;
constexpr SandboxVector vectors[] = {SandboxVector::Query, SandboxVector::Key, SandboxVector::Value};

const core::RowMatrix &rowsOf(const core::SandboxInput &input, SandboxVector vector) {
  switch (vector) {
    case SandboxVector::Query: return input.q;
    case SandboxVector::Key: return input.k;
    case SandboxVector::Value: break;
  }
  return input.v;
}

}  // namespace

ClassroomSandboxPlane::ClassroomSandboxPlane(QWidget *parent) : QWidget(parent) {
  setMinimumSize(240, 240);
  setMouseTracking(false);
}

void ClassroomSandboxPlane::setVectors(const core::SandboxInput &input, const core::SandboxResult &result) {
  m_input = input;
  m_result = result;
  update();
}

QSize ClassroomSandboxPlane::sizeHint() const { return {400, 400}; }

QPointF ClassroomSandboxPlane::toWidget(double x, double y) const {
  const double side = std::min(width(), height());
  const QPointF centre(width() / 2.0, height() / 2.0);
  return centre + QPointF(x, -y) * (side / (2.0 * extent));
}

QPointF ClassroomSandboxPlane::toValue(QPointF position) const {
  const double side = std::min(width(), height());
  const QPointF offset = (position - QPointF(width() / 2.0, height() / 2.0)) * (2.0 * extent / side);
  return {std::clamp(offset.x(), -extent, extent), std::clamp(-offset.y(), -extent, extent)};
}

QPointF ClassroomSandboxPlane::pointPosition(SandboxVector vector, int token) const {
  const core::RowMatrix &rows = rowsOf(m_input, vector);
  return toWidget(rows(token, 0), rows(token, 1));
}

void ClassroomSandboxPlane::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(palette().color(QPalette::Mid));
  painter.drawLine(toWidget(-extent, 0), toWidget(extent, 0));
  painter.drawLine(toWidget(0, -extent), toWidget(0, extent));
  if (m_input.q.cols() != 2) return;

  const auto shape = [&](SandboxVector vector, QPointF at) {
    QPainterPath path;
    switch (vector) {
      case SandboxVector::Query: path.addEllipse(at, pointRadius, pointRadius); break;
      case SandboxVector::Key: path.addRect(QRectF(at - QPointF(pointRadius, pointRadius), QSizeF(2, 2) * pointRadius)); break;
      case SandboxVector::Value:
        path.moveTo(at + QPointF(0, -pointRadius));
        path.lineTo(at + QPointF(pointRadius, pointRadius));
        path.lineTo(at + QPointF(-pointRadius, pointRadius));
        path.closeSubpath();
        break;
    }
    return path;
  };
  const QString names[] = {QStringLiteral("q"), QStringLiteral("k"), QStringLiteral("v")};
  for (int i = 0; i < m_input.q.rows(); ++i) {
    const QColor colour = headColour(i);
    for (const SandboxVector vector : vectors) {
      const QPointF at = pointPosition(vector, i);
      painter.setPen(Qt::black);
      painter.setBrush(colour);
      painter.drawPath(shape(vector, at));
      painter.drawText(at + QPointF(pointRadius + 2, -pointRadius), names[static_cast<int>(vector)] + QString::number(i + 1));
    }
    // b^i: hollow diamond, where Σ_j α̂_{i,j} v^j lands
    if (m_result.b.rows() > i && m_result.b.cols() == 2) {
      const QPointF at = toWidget(m_result.b(i, 0), m_result.b(i, 1));
      QPainterPath diamond;
      diamond.moveTo(at + QPointF(0, -pointRadius));
      diamond.lineTo(at + QPointF(pointRadius, 0));
      diamond.lineTo(at + QPointF(0, pointRadius));
      diamond.lineTo(at + QPointF(-pointRadius, 0));
      diamond.closeSubpath();
      painter.setPen(QPen(colour, 2.5));
      painter.setBrush(Qt::NoBrush);
      painter.drawPath(diamond);
      painter.drawText(at + QPointF(pointRadius + 2, pointRadius + 10), QStringLiteral("b") + QString::number(i + 1));
    }
  }
}

void ClassroomSandboxPlane::mousePressEvent(QMouseEvent *event) {
  m_dragToken = -1;
  double best = 2.0 * pointRadius;
  for (int i = 0; i < m_input.q.rows() && m_input.q.cols() == 2; ++i) {
    for (const SandboxVector vector : vectors) {
      const double distance = QLineF(event->position(), pointPosition(vector, i)).length();
      if (distance < best) {
        best = distance;
        m_dragToken = i;
        m_dragVector = vector;
      }
    }
  }
}

void ClassroomSandboxPlane::mouseMoveEvent(QMouseEvent *event) {
  if (m_dragToken < 0) return;
  emit vectorMoved(m_dragVector, m_dragToken, toValue(event->position()));
}

void ClassroomSandboxPlane::mouseReleaseEvent(QMouseEvent *event) {
  if (m_dragToken >= 0) emit vectorMoved(m_dragVector, m_dragToken, toValue(event->position()));
  m_dragToken = -1;
}

}  // namespace ui
