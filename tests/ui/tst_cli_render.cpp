// `attnscope-cli render` end to end: every view as PNG and SVG from the command line, headless,
// the figure rules (a title, labelled axes and a legend in every figure; no widget chrome), the
// positional-encoding figure of every kind, every method's figures (--method), and the messages
// for what it cannot draw.

#include <algorithm>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QImage>
#include <QXmlStreamReader>
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

// Every <text> element's characters in an SVG, one entry each.
QStringList svgTexts(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  QXmlStreamReader xml(&file);
  QStringList texts;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == QLatin1String("text")) {
      texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
    }
  }
  return texts;
}

QString testData(const char *folder) { return QStringLiteral(ATTNSCOPE_TEST_DATA "/") + QLatin1String(folder); }

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

  // Each figure's title, axis titles and legend are in the SVG as text; widget chrome is not.
  void figuresFollowTheRules_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("view");
    QTest::addColumn<QStringList>("title");   // fragments of the title
    QTest::addColumn<QStringList>("axes");    // fragments of the x and y axis titles
    QTest::addColumn<QStringList>("legend");  // fragments of the legend
    const QString native = ui::test::defaultTestModel();
    QTest::newRow("graph") << native << "graph" << QStringList{"word graph", "head 2"}
                           << QStringList{"queries i (left)", "keys j (right)", "token position"}
                           << QStringList{"head 2: one line per pair", "wider, darker line"};
    QTest::newRow("heatmap") << native << "heatmap" << QStringList{"attention weights", "head 2"}
                             << QStringList{"key j", "query i"} << QStringList{"1.0", "0.5", "0.0"};
    QTest::newRow("grid") << native << "grid" << QStringList{"every layer and head"}
                          << QStringList{"head (each thumbnail", "layer"} << QStringList{"0.5"};
    QTest::newRow("pe sinusoidal") << native << "pe" << QStringList{"position vectors", "sinusoidal"}
                                   << QStringList{"position p", "dimension"} << QStringList{"value"};
    QTest::newRow("pe learned") << testData("peer/bert-tiny-short") << "pe" << QStringList{"position vectors", "learned"}
                                << QStringList{"position p", "dimension"} << QStringList{"value"};
    QTest::newRow("pe rotary") << testData("hf-cases/llama-tiny-gqa") << "pe" << QStringList{"rotary positional encoding"}
                               << QStringList{"first dim of the pair", "second dim"}
                               << QStringList{"position 0", "position 31", "pair 0", "positions"};
    QTest::newRow("pe alibi") << testData("hf-cases/bloom-tiny-alibi6") << "pe" << QStringList{"ALiBi bias"}
                              << QStringList{"head h", "distance i − j"} << QStringList{"bias"};
    QTest::newRow("pe t5") << testData("hf-cases/t5-tiny-v10") << "pe" << QStringList{"T5 relative bias"}
                           << QStringList{"head h", "distance i − j"} << QStringList{"bias"};
  }

  void figuresFollowTheRules() {
    QFETCH(QString, model);
    QFETCH(QString, view);
    QFETCH(QStringList, title);
    QFETCH(QStringList, axes);
    QFETCH(QStringList, legend);
    const QString name = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    for (const char *suffix : {"svg", "png"}) {
      const QString out = m_dir.filePath(QStringLiteral("rules-%1.%2").arg(name, QLatin1String(suffix)));
      const Run run = runCli({"render", "--model", model, "--text", "the big cat saw a small bird", "--target", "a b c",
                              "--view", view, "--head", "1", "--width", "800", "--height", "600", "--out", out});
      QVERIFY2(run.status == 0, qPrintable(run.output));
      if (QLatin1String(suffix) == QLatin1String("png")) {
        const QImage image(out);
        QCOMPARE(image.size(), QSize(800, 600));
        QVERIFY(image.convertToFormat(QImage::Format_Indexed8).colorCount() > 2);
        continue;
      }
      const QString texts = svgTexts(out).join(QLatin1Char('\n'));
      QVERIFY2(!texts.isEmpty(), "the SVG has no text");
      for (const QStringList &fragments : {title, axes, legend}) {
        for (const QString &fragment : fragments) {
          QVERIFY2(texts.contains(fragment, Qt::CaseInsensitive),
                   qPrintable(QStringLiteral("'%1' is missing from:\n%2").arg(fragment, texts)));
        }
      }
      // no chrome: the overview's kind chooser and hint, the explorer's controls
      for (const char *chrome : {"Click a thumbnail", "Attention:", "Shuffle the words", "Swap"}) {
        QVERIFY2(!texts.contains(QLatin1String(chrome)), chrome);
      }
    }
  }

  // --method: the figure draws the method's matrices and says so in its title and legend.
  void drawsTheChosenMethod_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("view");
    QTest::addColumn<QStringList>("texts");  // fragments of the title, legend or columns
    QTest::newRow("norm heatmap") << "norm" << "heatmap" << QStringList{"Norm-based, Decoder cross-attention", "head 2"};
    QTest::newRow("norm grid") << "norm" << "grid"
                               << QStringList{"Norm-based, Decoder cross-attention, every layer", "the layer's largest",
                                              "Head 2"};
    QTest::newRow("value zeroing heatmap") << "value-zeroing" << "heatmap" << QStringList{"Value zeroing", "all heads"};
    QTest::newRow("value zeroing graph") << "value-zeroing" << "graph"
                                         << QStringList{"word graph, Value zeroing", "all heads: one line per pair",
                                                        "larger Value zeroing"};
    QTest::newRow("rollout grid") << "rollout" << "grid" << QStringList{"Rollout, Decoder masked self-attention", "All heads"};
    QTest::newRow("flow graph") << "flow" << "graph" << QStringList{"Attention flow", "larger Attention flow"};
  }

  void drawsTheChosenMethod() {
    QFETCH(QString, method);
    QFETCH(QString, view);
    QFETCH(QStringList, texts);
    const bool selfOnly = method == QLatin1String("rollout") || method == QLatin1String("flow");
    const QString kind = selfOnly ? QStringLiteral("decoder_self") : QStringLiteral("decoder_cross");
    const bool perHead = method == QLatin1String("norm");
    const QString name = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString out = m_dir.filePath(QStringLiteral("method-%1.svg").arg(name));
    const QStringList common = {"--model", ui::test::defaultTestModel(), "--text", "the big cat saw a small bird",
                                "--target", "a b c"};
    const Run run = runCli(QStringList{"render"} + common +
                           QStringList{"--view", view, "--method", method, "--attention", kind, "--layer", "1", "--head",
                                       perHead ? "1" : "0", "--out", out});
    QVERIFY2(run.status == 0, qPrintable(run.output));
    const QString svg = svgTexts(out).join(QLatin1Char('\n'));
    for (const QString &fragment : texts) {
      QVERIFY2(svg.contains(fragment), qPrintable(QStringLiteral("'%1' is missing from:\n%2").arg(fragment, svg)));
    }
    QVERIFY2(!svg.contains(QStringLiteral("attention weights")), qPrintable(svg));
    if (method != QLatin1String("norm") || view != QLatin1String("heatmap")) return;
    // The numbers are the method's: the heatmap's colour bar ends at the layer's largest length,
    // the largest entry `dump --method norm` writes for that layer (both heads).
    const QString json = m_dir.filePath(QStringLiteral("method-norm.json"));
    const Run dump = runCli(QStringList{"dump"} + common + QStringList{"--method", "norm", "--out", json});
    QVERIFY2(dump.status == 0, qPrintable(dump.output));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray heads = QJsonDocument::fromJson(file.readAll()).object()["attention"].toObject()[kind].toArray()[1].toArray();
    QCOMPARE(heads.size(), 2);
    double largest = 0;
    for (const QJsonValue &head : heads) {
      for (const QJsonValue &row : head.toArray()) {
        for (const QJsonValue &cell : row.toArray()) largest = std::max(largest, cell.toDouble());
      }
    }
    QVERIFY(largest > 1.05);  // not α̂'s 1.0: lengths in the residual stream's units
    const QString top = QString::number(largest, 'f', 1);
    QVERIFY2(svgTexts(out).contains(top), qPrintable(QStringLiteral("the colour bar has no tick %1:\n%2").arg(top, svg)));
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
    // The memory guard: the pass (a mapped model), and opening a GGUF file (its weights are copied out).
    QTest::newRow("pass over the memory budget")
        << (base + QStringList{"--view", "heatmap", "--memory-budget", "1K", "--out", out}) << 1
        << QStringLiteral("but the memory budget is 1.0 KiB");
    QTest::newRow("GGUF weights over the memory budget")
        << QStringList{"render", "--model", testData("gguf/mistral-256.q4_k.gguf"), "--text", "a b", "--view", "heatmap",
                       "--memory-budget", "100K", "--out", out}
        << 1
        << QStringLiteral("mistral-256.q4_k.gguf: opening it needs about 2.6 MiB (weights 2.0 MiB as the model keeps "
                          "them: quantised ones as float32; converting the largest tensor 650.0 KiB) but the memory "
                          "budget is 100.0 KiB");
    QTest::newRow("per-layer method and a head")
        << (base + QStringList{"--view", "heatmap", "--method", "value-zeroing", "--head", "1", "--out", out}) << 1
        << QStringLiteral("--method value-zeroing has one matrix per layer (all heads): --head 1 does not apply");
    QTest::newRow("rollout of cross-attention")
        << (base + QStringList{"--view", "grid", "--method", "rollout", "--attention", "decoder_cross", "--out", out}) << 1
        << QStringLiteral("--method rollout follows one stack's self-attention: it has no decoder_cross matrices");
    QTest::newRow("unknown method") << (base + QStringList{"--view", "grid", "--method", "lrp", "--out", out}) << 2
                                    << QStringLiteral("--method takes raw|norm|value-zeroing|rollout|flow, not \"lrp\"");
    QTest::newRow("method of the pe figure") << (base + QStringList{"--view", "pe", "--method", "norm", "--out", out}) << 2
                                             << QStringLiteral("--method goes with --view graph, heatmap or grid");
    QTest::newRow("bad memory budget") << (base + QStringList{"--view", "graph", "--memory-budget", "lots", "--out", out})
                                       << 2 << QStringLiteral("--memory-budget takes a size such as 512M");
  }

  void reportsWhatItCannotDraw() {
    QFETCH(QStringList, arguments);
    QFETCH(int, status);
    QFETCH(QString, message);
    const Run run = runCli(arguments);
    QCOMPARE(run.status, status);
    QVERIFY2(run.output.contains(message), qPrintable(run.output));
    QVERIFY2(!QFileInfo::exists(m_dir.filePath(QStringLiteral("bad.png"))), "a refused figure writes no file");
  }

 private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(TstCliRender)
#include "tst_cli_render.moc"
