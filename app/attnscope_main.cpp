// AttentionScope, the desktop app: opens a model and shows its attention.
//   attnscope [MODEL_FOLDER] [--text TEXT] [--target TEXT] [--step N] [--screenshot FILE.png]
// --screenshot renders the window to a PNG once the first result is drawn, then quits
// (scripts/screenshot.sh runs it under Xvfb for the README).

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include "input_panel.h"
#include "source_edit.h"
#include "language.h"
#include "main_window.h"
#include "settings_recovery.h"
#include "stepper_widget.h"

namespace {

// Saves the window once a result (not the "computing" placeholder) has reached the views.
void takeScreenshotWhenReady(ui::MainWindow &window, const QString &file) {
  QObject::connect(&window, &ui::MainWindow::viewsUpdated, &window, [&window, file, taken = false]() mutable {
    if (!window.analysis() || taken) return;
    taken = true;
    // One more turn of the event loop lets every view finish its pending repaint.
    QTimer::singleShot(200, &window, [&window, file] {
      const bool saved = window.grab().save(file);
      if (!saved) qCritical("attnscope: cannot write %s", qPrintable(file));
      QApplication::exit(saved ? 0 : 1);
    });
  });
  QObject::connect(&window, &ui::MainWindow::modelLoadFailed, &window, [](const QString &, const QString &message) {
    qCritical("attnscope: %s", qPrintable(message));
    QApplication::exit(1);
  });
}

}  // namespace

int main(int argc, char *argv[]) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("AttentionScope"));
  QApplication::setApplicationName(QStringLiteral("attnscope"));
  QApplication::setApplicationDisplayName(QStringLiteral("AttentionScope"));
  QApplication::setApplicationVersion(QStringLiteral(ATTNSCOPE_VERSION));
  QApplication::setDesktopFileName(QStringLiteral("attnscope"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/attnscope.svg")));
  // Before anything reads a setting: a damaged settings file keeps its readable values and a copy.
  const ui::SettingsRecovery settingsRecovery = [] {
    QSettings settings;
    return ui::recoverSettings(settings);
  }();
  // English or Traditional Chinese: the system locale, or the choice in View ▸ Language.
  ui::installTranslations(app);

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "See what Transformer attention does."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("model"), QApplication::translate("main", "Model folder to open."),
                               QStringLiteral("[model]"));
  const QCommandLineOption text(QStringLiteral("text"), QApplication::translate("main", "Source text to show."),
                                QStringLiteral("text"));
  const QCommandLineOption target(QStringLiteral("target"), QApplication::translate("main", "Target (decoder) text."),
                                  QStringLiteral("text"));
  const QCommandLineOption screenshot(
      QStringLiteral("screenshot"), QApplication::translate("main", "Save the window as a PNG once it is drawn, then quit."),
      QStringLiteral("file"));
  const QCommandLineOption step(QStringLiteral("step"),
                                QApplication::translate("main", "Open layer step N (1 = encoder layer 1)."),
                                QStringLiteral("N"));
  parser.addOptions({text, target, step, screenshot});
  parser.process(app);

  ui::MainWindow window;
  if (parser.isSet(text)) window.inputPanel()->sourceEdit()->setText(parser.value(text));
  if (parser.isSet(target)) window.inputPanel()->targetEdit()->setText(parser.value(target));
  if (parser.isSet(step)) {
    // The stepper is filled when the model has loaded.
    const int index = parser.value(step).toInt() - 1;
    QObject::connect(&window, &ui::MainWindow::modelLoaded, &window,
                     [&window, index] { window.layerStepper()->setCurrentIndex(index); });
  }
  if (parser.isSet(screenshot)) takeScreenshotWhenReady(window, parser.value(screenshot));
  window.show();
  if (settingsRecovery.needed()) {
    QTimer::singleShot(0, &window, [&window, message = ui::recoveryMessage(settingsRecovery)] {
      QMessageBox::warning(&window, QApplication::translate("main", "Settings"), message);
    });
  }
  const QStringList positional = parser.positionalArguments();
  window.openStartupModel(positional.isEmpty() ? QString() : positional.front());
  return QApplication::exec();
}
