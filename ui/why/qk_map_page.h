#pragma once
// The Query/Key Map page (AttentionViz; core/analysis/why/qk_map.h): the selected head's queries
// and keys over a corpus file, projected onto their two principal axes, coloured by position or by
// token, optionally with the queries and keys centred and scaled separately first. Clicking a
// point opens its sentence in the main views. Computed on the JobRunner's
// WhyMap lane with progress and Cancel.

#include <memory>

#include <QStringList>
#include <QWidget>

#include "analysis/why/qk_map.h"
#include "corpus_picker.h"
#include "model/model.h"
#include "model/transformer.h"

class QCheckBox;
class QComboBox;
class QLabel;

namespace ui {

class JobRunner;
class QkScatterWidget;

struct QkMapResult : CorpusOutcome {
  std::shared_ptr<const core::Model> model;  // the model it was computed with
  std::shared_ptr<const core::QkMap> map;    // null on error or cancel
};

// Reads the corpus file and computes the map, never throwing. progress as core::MethodProgress;
// normalise: queries and keys centred and scaled separately first (core::QkMapOptions).
QkMapResult computeQkMap(const std::shared_ptr<const core::Model> &model, const QString &corpusPath,
                         const core::HeadRef &head, const core::ForwardOptions &forwardOptions,
                         const core::MethodProgress &progress, bool normalise = false);

class QkMapPage : public QWidget {
  Q_OBJECT

 public:
  explicit QkMapPage(JobRunner *runner, QWidget *parent = nullptr);

  // Another model drops the map, and a run in flight, with its message.
  void setModel(std::shared_ptr<const core::Model> model, const core::ForwardOptions &forwardOptions);
  void setHead(const core::HeadRef &head);  // the view state's layer and head; a new map needs Compute

  CorpusPicker *picker() const { return m_picker; }
  QkScatterWidget *scatter() const { return m_scatter; }
  QComboBox *colouring() const { return m_colouring; }
  QCheckBox *normaliseBox() const { return m_normalise; }
  const QkMapResult &result() const { return m_result; }
  QString message() const;
  bool isBusy() const;

 public slots:
  void compute();
  void cancel();

 signals:
  void mapShown();  // a new map, or its error, is on screen
  void openSentence(const QString &text, const QString &target);

 private:
  void showResult(QkMapResult result);
  void showPoint(int n);
  QString introduction() const;  // what the page says before its first map

  JobRunner *m_runner;
  std::shared_ptr<const core::Model> m_model;
  core::ForwardOptions m_forwardOptions;
  core::HeadRef m_head;
  QkMapResult m_result;
  CorpusPicker *m_picker;
  QComboBox *m_colouring;
  QCheckBox *m_normalise;
  QLabel *m_message;
  QkScatterWidget *m_scatter;
};

}  // namespace ui
