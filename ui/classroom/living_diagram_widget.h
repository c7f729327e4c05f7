#pragma once
// The Classroom's living diagram: the lecture's figure of one attention layer, animated, on the
// loaded model's numbers (tokens as vector strips → q, k, v → scores α → softmax α̂ → b = Σ α̂ v →
// the matrix form Q K^T → multi-head and W^O). Play/Pause, Step back and forward, Speed, and a
// scrubber drive the frames (painting only, a QTimer); the numbers follow the ViewState's layer,
// head, query (the focused token) and generation step live and are computed on the JobRunner's
// Diagram lane. Clicking a token's strip (or Left/Right on the figure) picks the query, in the
// ViewState, so every view follows; Export offers the frame on show as a figure.

#include <memory>

#include <QWidget>

#include "figure_frame.h"
#include "living_diagram_numbers.h"

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;
class QToolButton;

namespace ui {

class JobRunner;
class LivingDiagramCanvas;
class ViewState;

class LivingDiagramWidget : public QWidget {
  Q_OBJECT

 public:
  explicit LivingDiagramWidget(JobRunner *runner, QWidget *parent = nullptr);

  // The selection and input to follow, and where a picked query is written (nullptr: none, the
  // placeholder shows). Not owned.
  void setViewState(ViewState *state);

  LivingDiagramCanvas *canvas() const { return m_canvas; }
  int frame() const;
  bool isPlaying() const;
  double speed() const;          // 0.5, 1, 2 or 4
  int frameInterval() const;     // ms between frames while playing
  static constexpr int baseInterval = 140;  // ms per frame at speed 1

  QPushButton *playButton() const { return m_play; }
  QPushButton *backButton() const { return m_back; }
  QPushButton *forwardButton() const { return m_forward; }
  QComboBox *speedCombo() const { return m_speed; }
  QToolButton *exportButton() const { return m_export; }

  // The query the figure shows for the view state's selection (0-based row of the queries):
  // the focused token; for a decoder's queries at a generation step, that step's token, unless a
  // token was focused since the step was chosen; the first token when nothing is focused.
  int shownQuery() const;
  // Says when the focused token is past the end of the queries (a shorter text since it was
  // chosen): the figure shows the last query instead. Hidden otherwise.
  QLabel *queryNote() const { return m_queryNote; }

  // The figure rules for the frame on show: title, axes where the stage has them, legend.
  FigureDecor figureDecor(const QString &modelName) const;

 public slots:
  void play();
  void pause();
  void togglePlaying();
  void stepForward();
  void stepBack();
  void showFrame(int frame);
  void setSpeed(double speed);

 signals:
  void frameChanged(int frame);
  void playingChanged(bool playing);
  void numbersShown();  // the newest selection's numbers (or its message) are on the canvas
  // The Export button's entries: "png" or "svg" (to a file the user names), "clipboard".
  void exportRequested(const QString &format);

 protected:
  void showEvent(QShowEvent *event) override;
  void changeEvent(QEvent *event) override;

 private:
  void follow();
  void followGenerationStep();
  void followFocusToken();
  void pickQuery(int query);
  void retranslate();
  void recompute();
  void advance();
  void showMessage(const QString &message);
  void updateControls();
  // The query shown, and the focused token it stands in for when that is past the end (else −1).
  struct QueryChoice {
    int query = 0;
    int pastTheEnd = -1;
    int count = 0;  // the queries of the attention on show
  };
  QueryChoice chooseQuery() const;
  void showQueryNote(const QueryChoice &choice);

  JobRunner *m_runner;
  ViewState *m_state = nullptr;
  bool m_stale = true;  // the selection changed while the page was hidden
  bool m_followStep = false;  // the generation step was chosen after the focused token
  QString m_requested;  // the last request's key: the same selection is not computed twice

  LivingDiagramCanvas *m_canvas;
  QPushButton *m_back;
  QPushButton *m_play;
  QPushButton *m_forward;
  QComboBox *m_speed;
  QLabel *m_speedLabel;
  QToolButton *m_export;
  QAction *m_exportPng;
  QAction *m_exportSvg;
  QAction *m_copy;
  QSlider *m_scrubber;
  QLabel *m_stage;
  QLabel *m_queryNote;
  QTimer *m_timer;
};

}  // namespace ui
