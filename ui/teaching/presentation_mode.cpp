#include "presentation_mode.h"

#include <QApplication>
#include <QCoreApplication>
#include <QEvent>
#include <QDockWidget>
#include <QMainWindow>
#include <QStatusBar>

#include "colour_scales.h"

namespace ui {

PresentationMode::PresentationMode(QMainWindow *window) : QObject(window), m_window(window) {}

QPalette PresentationMode::highContrastPalette() {
  QPalette palette;
  const QColor black(Qt::black);
  const QColor white(Qt::white);
  const QColor highlight(0x00, 0x5a, 0x9c);  // Okabe–Ito blue, darkened to 7:1 against white text
  palette.setColor(QPalette::Window, white);
  palette.setColor(QPalette::WindowText, black);
  palette.setColor(QPalette::Base, white);
  palette.setColor(QPalette::AlternateBase, QColor(0xee, 0xee, 0xee));
  palette.setColor(QPalette::ToolTipBase, white);
  palette.setColor(QPalette::ToolTipText, black);
  palette.setColor(QPalette::PlaceholderText, QColor(0x55, 0x55, 0x55));
  palette.setColor(QPalette::Text, black);
  palette.setColor(QPalette::Button, white);
  palette.setColor(QPalette::ButtonText, black);
  palette.setColor(QPalette::BrightText, QColor(0xd5, 0x5e, 0x00));
  palette.setColor(QPalette::Link, highlight);
  palette.setColor(QPalette::Highlight, highlight);
  palette.setColor(QPalette::HighlightedText, white);
  palette.setColor(QPalette::Mid, QColor(0x44, 0x44, 0x44));
  palette.setColor(QPalette::Dark, black);
  palette.setColor(QPalette::Shadow, black);
  for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    palette.setColor(QPalette::Disabled, role, QColor(0x66, 0x66, 0x66));
  }
  return palette;
}

void PresentationMode::setActive(bool active) {
  if (active == m_active) return;
  m_active = active;
  if (active) {
    m_wasMaximized = m_window->isMaximized();
    m_savedState = m_window->saveState();
    m_savedDocks.clear();
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
      if (dock->isVisible() && !dock->isFloating()) m_savedDocks.push_back({dock, dock->size()});
    }
    m_savedFont = QApplication::font();
    m_savedPalette = QApplication::palette();
    QFont large = m_savedFont;
    if (large.pointSizeF() > 0) large.setPointSizeF(large.pointSizeF() * fontScale);
    else large.setPixelSize(static_cast<int>(large.pixelSize() * fontScale));
    QApplication::setFont(large);
    QApplication::setPalette(highContrastPalette());
    setHighContrastColours(true);
    // The model panel is for the desk, not the screen; so is the status bar (timings, the loaded
    // file). Both hidden, the window fits a 800 × 600 projector: with them its minimum height was
    // 640 px at the presenter's font (menu 33 + toolbars 85 + the central widget's 482 + status 40),
    // and the input's token rows were cut (tst_readable, presentation-800x600).
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) dock->hide();
    m_hadStatusBar = m_window->statusBar()->isVisibleTo(m_window);
    m_window->statusBar()->hide();
    m_window->showFullScreen();
  } else {
    setHighContrastColours(false);
    m_window->statusBar()->setVisible(m_hadStatusBar);
    QApplication::setPalette(m_savedPalette);
    QApplication::setFont(m_savedFont);
    if (m_wasMaximized) m_window->showMaximized();
    else m_window->showNormal();
    // The docks' size hints still hold the large font until their layouts hear of the small one;
    // restored now, a dock would keep the presenter's width (issue 18: the Model dock came back
    // ~75 % wider). Let the layouts catch up, restore, and give each dock its old size back.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    m_window->restoreState(m_savedState);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    restoreDockSizes();
  }
  emit activeChanged(active);
}

void PresentationMode::restoreDockSizes() {
  QList<QDockWidget *> sideDocks;
  QList<int> widths;
  QList<QDockWidget *> endDocks;
  QList<int> heights;
  for (const SavedDock &saved : m_savedDocks) {
    if (!saved.dock || !saved.dock->isVisible()) continue;
    const Qt::DockWidgetArea area = m_window->dockWidgetArea(saved.dock);
    if (area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea) {
      sideDocks << saved.dock;
      widths << saved.size.width();
    } else if (area == Qt::TopDockWidgetArea || area == Qt::BottomDockWidgetArea) {
      endDocks << saved.dock;
      heights << saved.size.height();
    }
  }
  if (!sideDocks.isEmpty()) m_window->resizeDocks(sideDocks, widths, Qt::Horizontal);
  if (!endDocks.isEmpty()) m_window->resizeDocks(endDocks, heights, Qt::Vertical);
}

}  // namespace ui
