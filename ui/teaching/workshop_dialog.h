#pragma once
// File ▸ Workshop…: which section of the lecture to show, and in which language (the lesson
// carries both; docs/lessons.md). Its OK button starts the workshop.

#include <memory>
#include <vector>

#include <QDialog>

#include "classroom/lesson.h"
#include "workshop_mode.h"

namespace Ui {
class WorkshopDialog;
}

class QComboBox;
class QListWidget;

namespace ui {

class WorkshopDialog : public QDialog {
  Q_OBJECT

 public:
  WorkshopDialog(std::vector<WorkshopLesson> lessons, core::LessonLanguage language, QWidget *parent = nullptr);
  ~WorkshopDialog() override;

  QListWidget *lessonList() const;
  QComboBox *languageBox() const;
  QString chosenPath() const;  // empty when no lesson is selected
  core::LessonLanguage chosenLanguage() const;

 private:
  void showTitles();

  std::unique_ptr<Ui::WorkshopDialog> m_ui;
  std::vector<WorkshopLesson> m_lessons;
};

}  // namespace ui
