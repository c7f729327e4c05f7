// `attnscope-cli render` end to end: every view as PNG and SVG from the command line, headless,
// and the messages for what it cannot draw.

#include <QImage>
#include <QProcess>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include "gui_test_support.h"

namespace {

struct Run {
  int status = -1;
  QString output;
};

Run runCli(const QStringList &arguments) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  // No display and no platform named: render must choose the offscreen platform itself.
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
  environment.remove(QStringLiteral("DISPLAY"));
  environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
  process.setProcessEnvironment(environment);
  process.start(QStringLiteral(ATTNSCOPE_CLI), arguments);
  Run run;
  if (!process.waitForFinished(60000)) return run;
  run.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
  run.output = QString::fromUtf8(process.readAll());
  return run;
}

}  // namespace

class TstCliRender : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QVERIFY(m_dir.isValid()); }

  void rendersEveryView_data() {
    QTest::addColumn<QString>("view");
    QTest::addColumn<QString>("suffix");
    for (const char *view : {"graph", "heatmap", "grid", "pe"}) {
      for (const char *suffix : {"png", "svg"}) {
        QTest::addRow("%s %s", view, suffix) << QString::fromLatin1(view) << QString::fromLatin1(suffix);
      }
    }
  }

  void rendersEveryView() {
    QFETCH(QString, view);
    QFETCH(QString, suffix);
    const QString out = m_dir.filePath(view + '.' + suffix);
    const Run run = runCli({QStringLiteral("render"), QStringLiteral("--model"), ui::test::defaultTestModel(),
                            QStringLiteral("--text"), QStringLiteral("the big cat saw a small bird"),
                            QStringLiteral("--target"), QStringLiteral("a b c"), QStringLiteral("--view"), view,
                            QStringLiteral("--attention"), QStringLiteral("decoder_cross"), QStringLiteral("--layer"),
                            QStringLiteral("1"), QStringLiteral("--head"), QStringLiteral("1"), QStringLiteral("--dpi"),
                            QStringLiteral("192"), QStringLiteral("--width"), QStringLiteral("640"),
                            QStringLiteral("--height"), QStringLiteral("480"), QStringLiteral("--out"), out});
    QVERIFY2(run.status == 0, qPrintable(run.output));
    QVERIFY(run.output.contains(QStringLiteral("wrote ")));
    if (suffix == QLatin1String("png")) {
      const QImage image(out);
      QVERIFY(!image.isNull());
      // 640 × 480 at 192 DPI (the overview grid may need more room than asked for)
      QVERIFY2(image.width() >= 1280 && image.height() >= 960, qPrintable(QStringLiteral("%1×%2").arg(image.width()).arg(image.height())));
      if (view != QLatin1String("grid")) QCOMPARE(image.size(), QSize(1280, 960));
      QVERIFY(image.convertToFormat(QImage::Format_Indexed8).colorCount() > 2);
    } else {
      QSvgRenderer svg(out);
      QVERIFY(svg.isValid());
      if (view != QLatin1String("grid")) QCOMPARE(svg.viewBoxF(), QRectF(0, 0, 640, 480));
    }
  }

  void reportsWhatItCannotDraw_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QString model = ui::test::defaultTestModel();
    const QString out = m_dir.filePath(QStringLiteral("bad.png"));
    const QStringList base = {QStringLiteral("render"), QStringLiteral("--model"), model, QStringLiteral("--text"),
                              QStringLiteral("the cat")};
    QTest::newRow("unknown view") << (base + QStringList{"--view", "movie", "--out", out}) << 1
                                  << QStringLiteral("unknown view 'movie' (one of graph, heatmap, grid, pe)");
    QTest::newRow("layer out of range") << (base + QStringList{"--view", "heatmap", "--layer", "9", "--out", out}) << 1
                                        << QStringLiteral("layer 9 is out of range");
    QTest::newRow("head out of range") << (base + QStringList{"--view", "graph", "--head", "-1", "--out", out}) << 1
                                       << QStringLiteral("head -1 is out of range");
    QTest::newRow("format") << (base + QStringList{"--view", "graph", "--out", m_dir.filePath("figure.gif")}) << 1
                            << QStringLiteral("name it .png or .svg");
    QTest::newRow("no text") << QStringList{"render", "--model", model, "--view", "graph", "--out", out} << 2
                             << QStringLiteral("--text is required");
    QTest::newRow("bad number") << (base + QStringList{"--view", "graph", "--layer", "two", "--out", out}) << 2
                                << QStringLiteral("--layer needs a whole number");
    QTest::newRow("bad model") << QStringList{"render", "--model", m_dir.path(), "--text", "x", "--view", "pe", "--out", out}
                               << 1 << QStringLiteral("cannot open");
  }

  void reportsWhatItCannotDraw() {
    QFETCH(QStringList, arguments);
    QFETCH(int, status);
    QFETCH(QString, message);
    const Run run = runCli(arguments);
    QCOMPARE(run.status, status);
    QVERIFY2(run.output.contains(message), qPrintable(run.output));
  }

 private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(TstCliRender)
#include "tst_cli_render.moc"
