#include "edits_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace ui {

EditsBanner::EditsBanner(QWidget *parent) : QFrame(parent) {
  setObjectName(QStringLiteral("editsBanner"));
  // The same look as the positional-encoding banner: this is not the text as typed.
  setStyleSheet(QStringLiteral("ui--EditsBanner { background: #fff3cd; border: 1px solid #e0b400; border-radius: 3px; }"
                               " QLabel { color: #5c4400; font-weight: bold; }"));
  m_text = new QLabel(this);
  m_text->setObjectName(QStringLiteral("editsBannerText"));
  m_text->setWordWrap(true);
  m_text->setToolTip(tr("Every view, export and prediction reads the edited tokens"));
  m_difference = new QPushButton(tr("Show Difference"), this);
  m_difference->setObjectName(QStringLiteral("editsBannerDifference"));
  m_difference->setToolTip(tr("The What If tab: the edited input against the input as typed"));
  m_clear = new QPushButton(tr("Clear Edits"), this);
  m_clear->setObjectName(QStringLiteral("editsBannerClear"));
  m_clear->setToolTip(tr("Undo every token edit: the views show the text as typed again"));
  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 2, 4, 2);
  layout->addWidget(m_text, 1);
  layout->addWidget(m_difference);
  layout->addWidget(m_clear);
  connect(m_clear, &QPushButton::clicked, this, &EditsBanner::clearRequested);
  connect(m_difference, &QPushButton::clicked, this, &EditsBanner::differenceRequested);
  setVisible(false);
}

void EditsBanner::showEdits(const QString &description) {
  m_text->setText(description);
  setVisible(!description.isEmpty());
}

QString EditsBanner::text() const {
  return m_text->text();
}

}  // namespace ui
