#pragma once
// The permutation π of the 天涯若比鄰 demo drawn as lines: the original sentence on top, the
// reordered one below, each word joined to where it went.

#include <QStringList>
#include <QWidget>

#include "classroom/permutation_demo.h"

namespace ui {

class ClassroomPermutationView : public QWidget {
  Q_OBJECT

 public:
  explicit ClassroomPermutationView(QWidget *parent = nullptr);

  void setPermutation(const QStringList &original, const core::Permutation &order);
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent *event) override;

 private:
  QStringList m_original;
  core::Permutation m_order;
};

}  // namespace ui
