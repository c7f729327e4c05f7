#pragma once
// What every page of the Heads tab writes the same way: a head's class colour and name, its
// label ("Enc L1 H2"), a metric's text, and a chart set up alike.

#include <optional>

#include <QColor>
#include <QMetaType>
#include <QPair>
#include <QVector>
#include <QString>

#include "analysis/head_analysis.h"

class QAbstractAxis;
class QChart;
class QChartView;
class QWidget;

namespace ui {

QColor headClassColour(core::HeadClass headClass);
QString headClassName(core::HeadClass headClass);
// Every class with its colour, in the order the rules try them: the overview's legend.
QVector<QPair<QColor, QString>> headClassLegend();
// "Enc L1 H2", "Dec L1 H2", "Cross L1 H2" (1-based, as the other views count)
QString headLabel(const core::HeadRef &head);
// "0.42", or "–" for a metric the head has none of (cross-attention has no distance).
QString metricText(std::optional<double> value, int decimals = 2);
// Fills a metrics sentence's %4 … %14 in the order the Heads tab writes them: entropy, its
// fraction of uniform, mean distance and its fraction, local mass, previous, current, next,
// sink, confidence, " · induction …" (empty without one).
QString withMetrics(const QString &text, const core::HeadMetrics &metrics);

// The least height a Heads chart is drawn at: a title, a plot, its axes and a legend.
inline constexpr int kChartMinimumHeight = 200;
// Antialiased, and tall enough for axes and a legend (kChartMinimumHeight).
void prepareChartView(QChartView *view);
// The chart's own margins (20 px a side) and rounded frame cut to a few pixels, so the room goes to
// the plot, the axes and the legend: in presentation mode at 800 px a Heads page is about 250 px tall.
void tightenChart(QChart *chart);
// x along the bottom and y on the left, shared by every series the chart holds.
void attachAxes(QChart *chart, QAbstractAxis *x, QAbstractAxis *y);

}  // namespace ui

Q_DECLARE_METATYPE(core::HeadRef)  // signals of the pages and the similarity map carry one
