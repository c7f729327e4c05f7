#pragma once
// What the teaching tools work with: the view state they read and change, the job runner, and
// the window's views they export or emphasise. The window fills it in; the teaching library never
// includes the window, so it links one way (teaching → classroom, views, state).

#include <functional>
#include <vector>

#include <QList>
#include <QString>

#include "classroom/session.h"

class QAction;
class QMainWindow;
class QTabWidget;
class QWidget;

namespace ui {

class HeatmapWidget;
class JobRunner;
class ModelOverviewWidget;
class ThumbnailGrid;
class ViewState;
class WordGraphWidget;

struct TeachingContext {
  QMainWindow *window = nullptr;  // parent of the dialogs, menus and tool bars; its status bar
  ViewState *state = nullptr;
  JobRunner *runner = nullptr;
  QTabWidget *tabs = nullptr;     // the Classroom tab is added here
  WordGraphWidget *wordGraph = nullptr;
  HeatmapWidget *heatmap = nullptr;
  ModelOverviewWidget *overview = nullptr;
  ThumbnailGrid *smallMultiples = nullptr;
  QAction *previousLayer = nullptr;  // their Page Up/Down keys turn walkthrough pages instead
  QAction *nextLayer = nullptr;
  std::function<void(const QString &folder)> openModel;  // loads; the view state follows
  std::function<void()> redrawViews;                     // after a change of colours
  // The What If tab's token edits, for sessions: read them; make them again on the input on show
  // (returns why they were refused, then none is made, or an empty string).
  std::function<std::vector<core::SessionEdit>()> tokenEdits;
  std::function<QString(const std::vector<core::SessionEdit> &)> restoreTokenEdits;
  // What the workshop locks besides the File menu: actions and widgets that change the model, the
  // settings or the window's look (training, head ablation, theme, docks).
  QList<QAction *> modelEditingActions;
  QList<QWidget *> modelEditingWidgets;
};

}  // namespace ui
