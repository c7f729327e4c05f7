#pragma once
// Lessons and sessions store what a view shows as a core::ViewState. This turns the window's
// ViewState into one (capture) and back (apply): it opens the step's model, sets the text and the
// positional encoding, waits until the attention for them is in, then sets the view, layer, head,
// token and walkthrough page.

#include <map>
#include <optional>
#include <string>

#include <QObject>
#include <QString>

#include "classroom/view_state.h"
#include "teaching_context.h"

namespace ui {

class ClassroomPanel;

class ViewStateApplier : public QObject {
  Q_OBJECT

 public:
  using Toggles = std::map<std::string, bool>;  // a session's "pe_difference", "head_N_visible"

  ViewStateApplier(const TeachingContext &context, ClassroomPanel *classroom, QObject *parent = nullptr);

  core::ViewState capture() const;
  Toggles captureToggles() const;
  // Names resolve against baseFolder, then the bundled models. applied follows (at once when
  // nothing needs computing); a model that fails to load ends the wait without it.
  void apply(const core::ViewState &state, const QString &baseFolder = {}, std::optional<Toggles> toggles = {});
  bool isApplying() const { return m_pending.has_value(); }
  QString currentViewName() const;  // as core::ViewState names views

  // The window's events the wait depends on.
  void viewsUpdated();
  void modelLoadFailed();

 signals:
  void applied();

 private:
  struct Pending {
    core::ViewState state;
    std::optional<Toggles> toggles;
    QString folder;  // the model it waits for; empty: the open one
  };

  bool analysisReady() const;
  void finishPending();
  bool restoreStepText();  // true when the fields no longer held the step's text and now do
  void applyViewParts(const core::ViewState &state);
  void applyToggles(const Toggles &toggles);

  TeachingContext m_context;
  ClassroomPanel *m_classroom;
  QString m_lastAttentionView = QStringLiteral("heatmap");
  std::optional<Pending> m_pending;
};

}  // namespace ui
