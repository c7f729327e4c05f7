#pragma once
// A small labelled matrix for the classroom views: each cell coloured by its value, the number
// written in it when the cells are large enough, −∞ (masked) hatched grey as everywhere else.

#include <QStringList>
#include <QWidget>

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

  const core::RowMatrix &matrix() const { return m_matrix; }
  QString title() const { return m_title; }
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent *event) override;

 private:
  core::RowMatrix m_matrix;
  Scale m_scale = Scale::Weights;
  QStringList m_rowLabels;
  QStringList m_columnLabels;
  QString m_title;
  bool m_showNumbers = true;
  float m_extent = 1.0f;
};

}  // namespace ui
