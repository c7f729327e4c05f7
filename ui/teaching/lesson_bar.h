#pragma once
// The bar under the views while a lesson is open: its title, the current step's caption, "Step n of
// N", Back and Next. It holds the lesson; whoever owns the window applies the chosen step's view
// state (see TeachingTools). Record adds the window's current view as a new step. Captions are
// shown in the bar's language (the interface's, or the one the workshop chose), falling back to
// the lesson's other language where a step has only one.

#include <QWidget>

#include "classroom/lesson.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace ui {

class LessonBar : public QWidget {
  Q_OBJECT

 public:
  explicit LessonBar(QWidget *parent = nullptr);

  void setLesson(const core::Lesson &lesson);
  core::LessonLanguage language() const { return m_language; }
  void setLanguage(core::LessonLanguage language);
  // Locked (the workshop): no caption to type, no Record, no Close; Back, Next and the caption stay.
  void setLocked(bool locked);
  bool isLocked() const { return m_locked; }
  const core::Lesson &lesson() const { return m_lesson; }
  int currentStep() const { return m_step; }  // −1 before the first step
  int stepCount() const { return static_cast<int>(m_lesson.steps.size()); }
  QString caption() const;  // the current step's caption as shown
  QString progressText() const;
  QPushButton *backButton() const { return m_back; }
  QPushButton *nextButton() const { return m_next; }
  QPushButton *recordButton() const { return m_record; }
  QPushButton *closeButton() const { return m_close; }

  // The caption typed in the bar, for the next recorded step.
  QString draftCaption() const;
  void appendStep(const core::LessonStep &step);
  void setTitle(const QString &title);

 public slots:
  void showStep(int index);  // clamped; emits stepChosen
  void next();
  void back();

 signals:
  void stepChosen(int index);
  void closeRequested();
  void recordRequested();

 protected:
  void changeEvent(QEvent *event) override;
  void resizeEvent(QResizeEvent *event) override;

 private:
  void updateLabels();
  void showCaptionFont();
  void reserveCaptionHeight();

  core::Lesson m_lesson;
  int m_step = -1;
  core::LessonLanguage m_language = core::LessonLanguage::English;
  bool m_locked = false;

  QLabel *m_title;
  QLabel *m_caption;
  QLabel *m_progress;
  QLineEdit *m_draft;
  QPushButton *m_back;
  QPushButton *m_next;
  QPushButton *m_record;
  QPushButton *m_close;
};

}  // namespace ui
