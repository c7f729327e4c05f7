#pragma once
// attnscope --text T --target U --screenshot FILE: the command line's input and the screenshot
// taken of it. The screenshot waits for the result of the text given (not the first result: the
// window opens with the text it remembers, and a result for that can reach the views first), lets
// the views repaint (and the Model overview, when on show, fill; the What If tab's difference
// figure and the Heads tab's ablation thumbnails be built), saves the window as a PNG and reports.

#include <optional>

#include <QObject>
#include <QSize>
#include <QString>

namespace ui {

struct Analysis;
class MainWindow;

// What the command line asked to see; an empty optional: not given.
struct StartupInput {
  std::optional<QString> text;    // --text: the source (a decoder-only model's prompt)
  std::optional<QString> target;  // --target: an encoder-decoder model's decoder text
};

// Puts the input in the fields and settles it at once (no typing pause), so the first computation
// after the model loads is the one asked for.
void showStartupInput(MainWindow &window, const StartupInput &input);

class StartupScreenshot : public QObject {
  Q_OBJECT

 public:
  // Saves window into file once the views show a result of input (any result when input is empty).
  StartupScreenshot(MainWindow *window, QString file, StartupInput input);

  // Whether a result was computed from the input asked for (a target only counts for a model
  // with a decoder input: an encoder-decoder).
  bool isResultOfInput(const Analysis &analysis) const;
  // The window's size asked for (attnscope --size): set again just before the picture is taken
  // (leaving full screen can bring the old geometry back late), and a window that cannot be that
  // size (smaller than its minimum) is an error, not a picture of another size.
  void setWindowSize(const QSize &size) { m_size = size; }

 signals:
  // The file is written (error empty) or not (error says why), or the model failed to load.
  void finished(const QString &error);

 private:
  void viewsUpdated();
  void save();

  MainWindow *m_window;
  QString m_file;
  StartupInput m_input;
  QSize m_size;  // invalid: the window's own size
  bool m_taken = false;
};

}  // namespace ui
