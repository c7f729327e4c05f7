// AttentionScope, the desktop app: opens a model and shows its attention.
//   attnscope [MODEL_FOLDER] [--text TEXT] [--target TEXT] [--step N] [--theme THEME] [--size WxH]
//             [--screenshot FILE.png]
// --screenshot renders the window to a PNG once the result of --text (and --target) is drawn,
// then quits (scripts/screenshot.sh runs it under Xvfb for the README). --theme (light, dark or
// presentation) and --size (such as 800x600) set the window's look for this run only.

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include "language.h"
#include "main_window.h"
#include "settings_recovery.h"
#include "startup_look.h"
#include "startup_screenshot.h"
#include "stepper_widget.h"
#include "tensor/memory_reuse.h"

int main(int argc, char *argv[]) {
  core::keep_freed_memory_for_reuse();  // each pass reuses the last one's pages (memory_reuse.h)
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
  const QCommandLineOption theme(
      QStringLiteral("theme"),
      QApplication::translate("main", "Theme for this run: light, dark or presentation (presentation mode)."),
      QStringLiteral("theme"));
  const QCommandLineOption size(
      QStringLiteral("size"), QApplication::translate("main", "Window size for this run, such as 800x600."),
      QStringLiteral("WxH"));
  parser.addOptions({text, target, step, theme, size, screenshot});
  parser.process(app);
  ui::StartupLook look;
  for (const QString &error : {parser.isSet(theme) ? ui::parseStartupTheme(parser.value(theme), look) : QString(),
                               parser.isSet(size) ? ui::parseStartupSize(parser.value(size), look) : QString()}) {
    if (error.isEmpty()) continue;
    qCritical("attnscope: %s", qPrintable(error));
    return 1;
  }

  ui::MainWindow window;
  ui::StartupInput input;
  if (parser.isSet(text)) input.text = parser.value(text);
  if (parser.isSet(target)) input.target = parser.value(target);
  ui::showStartupInput(window, input);
  if (parser.isSet(step)) {
    // The stepper is filled when the model has loaded.
    const int index = parser.value(step).toInt() - 1;
    QObject::connect(&window, &ui::MainWindow::modelLoaded, &window,
                     [&window, index] { window.layerStepper()->setCurrentIndex(index); });
  }
  if (parser.isSet(screenshot)) {
    // Waits for the result of the text given, then quits: 0 when the file is written.
    auto *shot = new ui::StartupScreenshot(&window, parser.value(screenshot), input);
    if (look.size) shot->setWindowSize(*look.size);
    QObject::connect(shot, &ui::StartupScreenshot::finished, &window, [](const QString &error) {
      if (!error.isEmpty()) qCritical("attnscope: %s", qPrintable(error));
      QApplication::exit(error.isEmpty() ? 0 : 1);
    });
  }
  window.show();
  ui::applyStartupLook(window, look);
  if (settingsRecovery.needed()) {
    QTimer::singleShot(0, &window, [&window, message = ui::recoveryMessage(settingsRecovery)] {
      QMessageBox::warning(&window, QApplication::translate("main", "Settings"), message);
    });
  }
  const QStringList positional = parser.positionalArguments();
  window.openStartupModel(positional.isEmpty() ? QString() : positional.front());
  return QApplication::exec();
}
