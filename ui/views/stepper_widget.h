#pragma once
// Previous / a list of steps / Next / Play: walks the layers of a model, or the steps of a
// generation. Play advances on a timer and stops at the last step.

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QTimer;
class QToolButton;

namespace ui {

class StepperWidget : public QWidget {
  Q_OBJECT

 public:
  explicit StepperWidget(const QString &title, QWidget *parent = nullptr);

  void setItems(const QStringList &items, int current);
  int currentIndex() const;
  int count() const;
  QString itemText(int index) const;  // the label the list shows for a step
  bool isPlaying() const;
  void setInterval(int milliseconds);
  void setToolTips(const QString &previous, const QString &list, const QString &next, const QString &play);

  void setCurrentIndex(int index);
  void next();
  void previous();
  void setPlaying(bool playing);

 signals:
  void currentIndexChanged(int index);
  void playingChanged(bool playing);

 private:
  void advance();
  void updateButtons();

  QLabel *m_title;
  QToolButton *m_previous;
  QComboBox *m_steps;
  QToolButton *m_next;
  QToolButton *m_play;
  QTimer *m_timer;
};

}  // namespace ui
