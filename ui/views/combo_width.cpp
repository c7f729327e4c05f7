#include "combo_width.h"

#include <algorithm>

#include <QAbstractItemModel>
#include <QComboBox>
#include <QEvent>
#include <QStyle>
#include <QStyleOptionComboBox>

namespace ui {

namespace {

// Recomputes the minimum width of the combo it is a child of.
class ComboWidthKeeper : public QObject {
 public:
  static constexpr const char *name = "comboWidthKeeper";

  explicit ComboWidthKeeper(QComboBox *combo) : QObject(combo), m_combo(combo) {
    setObjectName(QLatin1String(name));
    combo->installEventFilter(this);
    QAbstractItemModel *model = combo->model();
    connect(model, &QAbstractItemModel::rowsInserted, this, &ComboWidthKeeper::update);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ComboWidthKeeper::update);
    connect(model, &QAbstractItemModel::dataChanged, this, &ComboWidthKeeper::update);
    connect(model, &QAbstractItemModel::modelReset, this, &ComboWidthKeeper::update);
    connect(model, &QAbstractItemModel::layoutChanged, this, &ComboWidthKeeper::update);
    update();
  }

  void update() {
    int widest = 0;
    for (int i = 0; i < m_combo->count(); ++i) widest = std::max(widest, comboWidthFor(*m_combo, m_combo->itemText(i)));
    if (widest != m_combo->minimumWidth()) m_combo->setMinimumWidth(widest);
  }

 protected:
  bool eventFilter(QObject *watched, QEvent *event) override {
    // The combo's font is already the new one when it hears of the change.
    if (watched == m_combo && (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)) update();
    return QObject::eventFilter(watched, event);
  }

 private:
  QComboBox *m_combo;  // the parent
};

}  // namespace

int comboWidthFor(const QComboBox &combo, const QString &text) {
  QStyleOptionComboBox option;
  option.initFrom(&combo);
  option.editable = combo.isEditable();
  option.frame = combo.hasFrame();
  // The frame and the arrow take what a wide combo has beyond its edit field; the label is drawn
  // 1 px in from each side of the field (QCommonStyle's CE_ComboBoxLabel).
  constexpr int trial = 1000;
  option.rect = QRect(0, 0, trial, combo.fontMetrics().height() + 8);
  const QRect field = combo.style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, &combo);
  return combo.fontMetrics().horizontalAdvance(text) + (trial - field.width()) + 2;
}

void keepWideEnoughForItems(QComboBox *combo) {
  if (combo->findChild<QObject *>(QLatin1String(ComboWidthKeeper::name), Qt::FindDirectChildrenOnly)) return;
  new ComboWidthKeeper(combo);
}

}  // namespace ui
