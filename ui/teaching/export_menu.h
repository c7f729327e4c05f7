#pragma once
// File ▸ Export: the view on screen as PNG or SVG or on the clipboard (also from each view's
// right-click menu), and the current layer's α̂ as CSV, JSON or NumPy. A figure is drawn on the
// GUI thread (widgets paint only there); the attention is formatted and written on the JobRunner.

#include <QObject>
#include <QString>

#include "figure_frame.h"
#include "teaching_context.h"

class QAction;
class QMenu;
class QPoint;
class QWidget;

namespace ui {

class ClassroomPanel;
class DifferenceView;
class ViewStateApplier;

class ExportMenu : public QObject {
  Q_OBJECT

 public:
  ExportMenu(const TeachingContext &context, ClassroomPanel *classroom, const ViewStateApplier *applier,
             QObject *parent = nullptr);

  QMenu *createMenu(QWidget *parent) const;  // File ▸ Export
  // The What If tab's one difference view (every comparison, PE on/off included): while its tab is
  // on show, its heatmap is the figure (diverging colour bar, axes over the tokens A and B share)
  // and its B − A is the attention exported; its heatmap and grid get the figure menu.
  void addDifferenceView(DifferenceView *view);
  QAction *copyFigureAction() const { return m_copyFigure; }

  // The figure of the view on screen: word graph or heatmap (whichever was used last), the
  // overview grid, the classroom page, or the What If tab's difference heatmap.
  QWidget *currentFigure() const;
  // The figure rules for a figure (figure_frame.h): its title, axis titles and legend.
  FigureDecor figureDecor(QWidget *figure) const;
  // By extension: .png (at dpi) or .svg. Returns an empty string, or the message it also shows.
  QString exportFigure(QWidget *figure, const QString &path, double dpi = 192);
  // The current layer's α̂, every head (on the What If tab: the difference on show, B − A), by
  // extension: .csv, .json or .npy. Returns the message
  // of a request it refuses; else the file is written off the GUI thread and attentionExported
  // follows.
  QString exportAttention(const QString &path);

 signals:
  void messageShown(const QString &message);
  void attentionExported(const QString &path, const QString &error);
  // A view's context menu is about to open at position (figure's coordinates): others may add
  // their actions (the What If tab's token edits) before it is shown.
  void figureMenuAboutToShow(QWidget *figure, const QPoint &position, QMenu *menu);

 private:
  void chooseFigureFile(QWidget *figure, const QString &format);
  void chooseAttentionFile(const QString &format);
  void copyFigure(QWidget *figure);
  void showFigureMenu(QWidget *figure, const QPoint &position);
  QString fail(const QString &message);
  // Why `figure` cannot be exported yet (the model overview while its thumbnails are still
  // coming; the What If tab's figure or the Heads tab's ablation thumbnails while their newest is
  // still being built on its lane), or empty.
  QString stillFilling(QWidget *figure) const;

  TeachingContext m_context;
  ClassroomPanel *m_classroom;
  const ViewStateApplier *m_applier;
  DifferenceView *m_difference = nullptr;
  QAction *m_exportPng;
  QAction *m_exportSvg;
  QAction *m_copyFigure;
  QAction *m_exportCsv;
  QAction *m_exportJson;
  QAction *m_exportNpy;
};

}  // namespace ui
