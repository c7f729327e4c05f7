#pragma once
// Presentation mode for a lecture hall: the window full screen, every font larger, a
// high-contrast palette, and colour-blind-safe colours in every view (Okabe–Ito heads, cividis
// weights; see colour_scales.h). Leaving it restores the window, fonts, palette and colours
// exactly as they were.

#include <vector>

#include <QByteArray>
#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>
#include <QSize>

class QDockWidget;
class QMainWindow;

namespace ui {

class PresentationMode : public QObject {
  Q_OBJECT

 public:
  // How much larger the fonts are while presenting.
  static constexpr double fontScale = 1.6;

  explicit PresentationMode(QMainWindow *window);

  bool isActive() const { return m_active; }
  // Black on white with a strong blue highlight: the most legible on a projector, and what
  // Okabe–Ito and cividis were designed against.
  static QPalette highContrastPalette();

 public slots:
  void setActive(bool active);

 signals:
  void activeChanged(bool active);

 private:
  struct SavedDock {
    QPointer<QDockWidget> dock;
    QSize size;
  };
  void restoreDockSizes();

  QMainWindow *m_window;
  bool m_active = false;
  bool m_wasMaximized = false;
  bool m_hadStatusBar = false;
  QByteArray m_savedState;  // toolbars and docks
  QFont m_savedFont;
  QPalette m_savedPalette;
  std::vector<SavedDock> m_savedDocks;  // the docks on screen before, with their sizes
};

}  // namespace ui
