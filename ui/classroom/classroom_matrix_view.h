#pragma once
// A small labelled matrix for the classroom views: each cell coloured by its value, the number
// written in it when the cells are large enough, −∞ (masked) hatched grey as everywhere else.
// As a figure (setAxisTitles, setLegendTitle): axis titles below and left of the cells, round
// index ticks where there are no labels (or too many to write), and a colour bar naming the scale.

#include <array>
#include <vector>

#include <QRectF>
#include <QStringList>
#include <QWidget>

class QPainter;

#include "tensor/tensor.h"

namespace ui {

class ClassroomMatrixView : public QWidget {
  Q_OBJECT

 public:
  enum class Scale {
    Weights,    // [0, 1], the α̂ scale of the heatmaps
    Diverging,  // symmetric around 0, for q, k, v, α and position vectors
  };

  explicit ClassroomMatrixView(QWidget *parent = nullptr);

  void setMatrix(const core::RowMatrix &matrix, Scale scale, const QStringList &rowLabels = {},
                 const QStringList &columnLabels = {});
  void setTitle(const QString &title);
  void setShowNumbers(bool show);
  // Formula markup; empty: not drawn. Without labels an axis gets index ticks counting from its origin.
  void setAxisTitles(const QString &rows, const QString &columns);
  void setAxisOrigins(int firstRow, int firstColumn);
  // The colour bar's caption (what the colour is, e.g. "α̂" or "e^p value"); empty: no colour bar.
  void setLegendTitle(const QString &markup);

  const core::RowMatrix &matrix() const { return m_matrix; }
  QString title() const { return m_title; }
  QString rowAxisTitle() const { return m_rowAxis; }
  QString columnAxisTitle() const { return m_columnAxis; }
  QString legendTitle() const { return m_legendTitle; }
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;
  // Where the last paint wrote the column labels and the column index ticks: each text's own box
  // (its width as drawn, elided or not), for the tests that keep them apart.
  const std::vector<QRectF> &columnLabelBoxes() const { return m_columnLabelBoxes; }

 protected:
  void paintEvent(QPaintEvent *event) override;

 private:
  void paintLegend(QPainter &painter, const QRectF &bar) const;
  std::array<QString, 3> legendNumbers() const;  // the colour bar's top, middle and bottom values
  int legendWidth() const;                        // 0 without a legend title

  core::RowMatrix m_matrix;
  Scale m_scale = Scale::Weights;
  QStringList m_rowLabels;
  QStringList m_columnLabels;
  QString m_title;
  bool m_showNumbers = true;
  QString m_rowAxis;
  QString m_columnAxis;
  QString m_legendTitle;
  int m_firstRow = 0;
  int m_firstColumn = 0;
  float m_extent = 1.0f;
  std::vector<QRectF> m_columnLabelBoxes;
};

}  // namespace ui
