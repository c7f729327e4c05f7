#include "workshop_dialog.h"

#include <algorithm>

#include <QComboBox>
#include <QListWidget>
#include <QPushButton>

#include "formula.h"
#include "ui_workshop_dialog.h"

namespace ui {

WorkshopDialog::WorkshopDialog(std::vector<WorkshopLesson> lessons, core::LessonLanguage language, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::WorkshopDialog>()), m_lessons(std::move(lessons)) {
  m_ui->setupUi(this);
  setObjectName(QStringLiteral("workshopDialog"));
  // Each language named in itself, as View ▸ Language does.
  m_ui->language->addItem(QStringLiteral("English"), static_cast<int>(core::LessonLanguage::English));
  m_ui->language->addItem(QStringLiteral("繁體中文"), static_cast<int>(core::LessonLanguage::TraditionalChinese));
  m_ui->language->setCurrentIndex(language == core::LessonLanguage::English ? 0 : 1);
  showTitles();
  if (!m_lessons.empty()) m_ui->lessons->setCurrentRow(0);
  m_ui->buttons->button(QDialogButtonBox::Ok)->setText(tr("Start Workshop"));
  m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_lessons.empty());
  connect(m_ui->language, &QComboBox::currentIndexChanged, this, &WorkshopDialog::showTitles);
  connect(m_ui->lessons, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
  connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

WorkshopDialog::~WorkshopDialog() = default;

QListWidget *WorkshopDialog::lessonList() const { return m_ui->lessons; }
QComboBox *WorkshopDialog::languageBox() const { return m_ui->language; }

QString WorkshopDialog::chosenPath() const {
  const int row = m_ui->lessons->currentRow();
  return row >= 0 && row < static_cast<int>(m_lessons.size()) ? m_lessons[static_cast<std::size_t>(row)].path
                                                               : QString();
}

core::LessonLanguage WorkshopDialog::chosenLanguage() const {
  return static_cast<core::LessonLanguage>(m_ui->language->currentData().toInt());
}

void WorkshopDialog::showTitles() {
  const int row = std::max(m_ui->lessons->currentRow(), 0);
  m_ui->lessons->clear();
  const bool chinese = chosenLanguage() == core::LessonLanguage::TraditionalChinese;
  for (const WorkshopLesson &lesson : m_lessons) {
    const QString &title = chinese && !lesson.titleChinese.isEmpty() ? lesson.titleChinese : lesson.title;
    m_ui->lessons->addItem(formulaText(title));
  }
  if (!m_lessons.empty()) m_ui->lessons->setCurrentRow(std::min(row, static_cast<int>(m_lessons.size()) - 1));
}

}  // namespace ui
