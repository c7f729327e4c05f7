#pragma once
// The figure rules every exported figure follows (File ▸ Export, `attnscope-cli render`): a title
// above, labelled axes (x below, y beside the figure reading upwards), and a legend on the right
// (colour swatches with their meaning, and a colour bar for a matrix's scale). The figure itself
// is a view widget drawn inside the frame; the frame is painted, never a widget, so no widget
// chrome (combo boxes, hints) reaches the file.

#include <QColor>
#include <QSize>
#include <QString>
#include <QVector>

class QFont;
class QPainter;
class QWidget;

namespace ui {

struct FigureLegendEntry {
  QColor colour;  // the swatch
  QString label;  // formula markup
};

enum class FigureColourBar { None, Weights, Diverging };

struct FigureDecor {
  QString title;   // formula markup
  QString xAxis;   // below the figure
  QString yAxis;   // left of the figure, reading upwards
  QVector<FigureLegendEntry> legend;
  FigureColourBar colourBar = FigureColourBar::None;
  double colourLow = 0.0;   // the bar's ends (Weights: 0 and 1; Diverging: −extent and extent)
  double colourHigh = 1.0;
  QString colourLabel;      // what the colour is ("α̂", "bias"), above the bar
};

// The size of the framed figure for a figure widget of size content.
QSize framedFigureSize(const QSize &content, const FigureDecor &decor, const QFont &font);

// Paints the frame (background, title, axis titles, legend) into a painter over
// framedFigureSize(content->size(), …) and the content widget at its place inside.
void paintFramedFigure(QPainter &painter, QWidget *content, const FigureDecor &decor);

}  // namespace ui
