#include "head_labels.h"

#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGraphicsLayout>

namespace ui {

QColor headClassColour(core::HeadClass headClass) {
  switch (headClass) {
    case core::HeadClass::Local: return QColor(0x2c, 0xa0, 0x2c);       // green: stays near
    case core::HeadClass::Global: return QColor(0x1f, 0x77, 0xb4);      // blue: the whole sentence
    case core::HeadClass::Positional: return QColor(0xff, 0x7f, 0x0e);  // orange: previous/next
    case core::HeadClass::Sink: return QColor(0x94, 0x67, 0xbd);        // purple: [CLS]/[SEP]/first
    case core::HeadClass::Mixed: return QColor(0x9a, 0x9a, 0x9a);       // grey
  }
  return Qt::gray;
}

// The strings keep the context they have always had in the translations.
QString headClassName(core::HeadClass headClass) {
  switch (headClass) {
    case core::HeadClass::Local: return QCoreApplication::translate("ui::HeadAnalysisWidget", "local");
    case core::HeadClass::Global: return QCoreApplication::translate("ui::HeadAnalysisWidget", "global");
    case core::HeadClass::Positional: return QCoreApplication::translate("ui::HeadAnalysisWidget", "positional");
    case core::HeadClass::Sink: return QCoreApplication::translate("ui::HeadAnalysisWidget", "sink");
    case core::HeadClass::Mixed: return QCoreApplication::translate("ui::HeadAnalysisWidget", "mixed");
  }
  return {};
}

QVector<QPair<QColor, QString>> headClassLegend() {
  QVector<QPair<QColor, QString>> legend;
  for (const core::HeadClass headClass : {core::HeadClass::Sink, core::HeadClass::Positional, core::HeadClass::Global,
                                          core::HeadClass::Local, core::HeadClass::Mixed}) {
    legend.push_back({headClassColour(headClass), headClassName(headClass)});
  }
  return legend;
}

QString headLabel(const core::HeadRef &head) {
  QString kind = QCoreApplication::translate("ui::HeadAnalysisWidget", "Cross");
  if (head.kind == core::AttentionKind::EncoderSelf) kind = QCoreApplication::translate("ui::HeadAnalysisWidget", "Enc");
  if (head.kind == core::AttentionKind::DecoderSelf) kind = QCoreApplication::translate("ui::HeadAnalysisWidget", "Dec");
  return QCoreApplication::translate("ui::HeadAnalysisWidget", "%1 L%2 H%3")
      .arg(kind)
      .arg(head.layer + 1)
      .arg(head.head + 1);
}

QString metricText(std::optional<double> value, int decimals) {
  return value ? QString::number(*value, 'f', decimals) : QStringLiteral("–");
}

QString withMetrics(const QString &text, const core::HeadMetrics &m) {
  const QString induction =
      m.induction ? QCoreApplication::translate("ui::HeadAnalysisWidget", " · induction %1").arg(*m.induction, 0, 'f', 2)
                  : QString();
  return text.arg(m.entropy, 0, 'f', 2)
      .arg(m.entropy_normalized, 0, 'f', 2)
      .arg(metricText(m.mean_distance), metricText(m.mean_distance_normalized), metricText(m.local_mass),
           metricText(m.previous_token), metricText(m.current_token), metricText(m.next_token))
      .arg(QCoreApplication::translate("ui::HeadAnalysisWidget", "%1 (first token %2, special tokens %3)")
               .arg(m.sink, 0, 'f', 2)
               .arg(m.sink_first, 0, 'f', 2)
               .arg(m.sink_special, 0, 'f', 2))
      .arg(m.confidence, 0, 'f', 2)
      .arg(induction);
}

void prepareChartView(QChartView *view) {
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumHeight(kChartMinimumHeight);
}

void tightenChart(QChart *chart) {
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->layout()->setContentsMargins(0, 0, 0, 0);
  chart->setBackgroundRoundness(0);
}

void attachAxes(QChart *chart, QAbstractAxis *x, QAbstractAxis *y) {
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QAbstractSeries *series : chart->series()) {
    series->attachAxis(x);
    series->attachAxis(y);
  }
}

}  // namespace ui
