#pragma once
// Keeps the method switch's matrices in step with the view state: when the method, the result
// on show, the PE setting or the heads rollout and flow average change, it asks the JobRunner's Method lane (latest-only) for the
// selected method's matrices and hands them to ViewState::setMethodTrace, which drops any that
// no longer fit. Raw needs no job: the views read α̂ from the analysis itself.

#include <vector>

#include <QObject>

namespace ui {

class JobRunner;
class ViewState;

class MethodController : public QObject {
  Q_OBJECT

 public:
  MethodController(JobRunner *runner, ViewState *state, QObject *parent = nullptr);

  bool isBusy() const;
  // Stops the running method (value zeroing and flow are slow on long inputs); its message
  // ("… cancelled") comes back as the trace's error.
  void cancel();

 signals:
  void progressChanged(double fraction);  // of the newest job, in [0, 1]
  void busyChanged(bool busy);

 public slots:
  // Asks for the matrices the state needs, unless they are on show or already being computed.
  void requestMethod();

 private:
  JobRunner *m_runner;
  ViewState *m_state;
  const void *m_requestedAnalysis = nullptr;  // what the newest job is for (identity only)
  int m_requestedMethod = -1;
  bool m_requestedEncoding = true;
  std::vector<int> m_requestedHeads;
};

}  // namespace ui
