// The lecture's notation, right everywhere: the one renderer (formula.h) turns the markup into
// Unicode scripts or <sub>/<sup>, keeps α̂'s hat on its α, and every walkthrough page and title,
// lesson caption, matrix title and legend, in English and in Traditional Chinese, shows no leftover
// markup and the formulas the lecture writes.

#include <QApplication>
#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTranslator>
#include <QXmlStreamReader>

#include <vector>

#include "classroom/lesson.h"
#include "classroom_matrix_view.h"
#include "classroom_positional_widget.h"
#include "classroom_sandbox_widget.h"
#include "classroom_walkthrough_pages.h"
#include "colour_scales.h"
#include "families/load_model.h"
#include "figure_export.h"
#include "formula.h"
#include "gui_test_support.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "lesson_bar.h"
#include "model/model_input.h"

namespace {

constexpr QChar hat(0x0302);
constexpr QChar alpha(0x03B1);

QString plain(const QString &html) {
  QTextDocument document;
  document.setHtml(html);
  return document.toPlainText();
}

// Why a rendered text is wrong, or an empty string: markup left over, or a hat without its α.
QString notationProblem(const QString &html) {
  const QString text = plain(html);
  if (text.contains(u'^')) return QStringLiteral("leftover ^");
  if (text.contains(QStringLiteral("_{"))) return QStringLiteral("leftover _{");
  if (text.contains(QStringLiteral("\\hat"))) return QStringLiteral("leftover \\hat");
  for (qsizetype i = 0; i < text.size(); ++i) {
    if (text[i] == hat && (i == 0 || text[i - 1] != alpha)) return QStringLiteral("a hat not on an α");
  }
  return {};
}

struct Shown {
  QString where;
  QString html;
};

}  // namespace

class TstNotation : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    m_model = std::make_shared<const core::Model>(core::load_model(ui::test::defaultTestModel().toStdString()));
    m_source = core::tokenize_input(*m_model, core::InputSide::Source, "the big cat saw a small bird");
    m_target = core::tokenize_input(*m_model, core::InputSide::Target, "a b c");
  }

  void markupRenders_data() {
    QTest::addColumn<QString>("markup");
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("text");
    const QString alphaHat = QString(alpha) + hat;
    QTest::newRow("a^i") << "a^i" << "aⁱ" << "aⁱ";
    QTest::newRow("W^O") << "W^O" << "Wᴼ" << "Wᴼ";
    QTest::newRow("K^T") << "softmax(QK^T/√d)V" << "softmax(QKᵀ/√d)V" << "softmax(QKᵀ/√d)V";
    QTest::newRow("W^q has no Unicode q") << "W^q a^i" << "W<sup>q</sup> aⁱ" << "Wq aⁱ";
    QTest::newRow("Σ_j") << "Σ_j exp(α_{1,j})" << "Σⱼ exp(α<sub>1,j</sub>)" << "Σⱼ exp(α₁,ⱼ)";
    QTest::newRow("\\hat") << "\\hat{α}_{1,i}" << alphaHat + "<sub>1,i</sub>" << alphaHat + "₁,ᵢ";
    QTest::newRow("α̂ written out") << alphaHat + "_{1,i}" << alphaHat + "<sub>1,i</sub>" << alphaHat + "₁,ᵢ";
    QTest::newRow("b^{i,h}") << "b^{i,h}" << "b<sup>i,h</sup>" << "bⁱ,ʰ";
    QTest::newRow("b^12") << "b^{12}" << "b¹²" << "b¹²";
    QTest::newRow("identifier") << "d_model and x^2y" << "d_model and x^2y" << "d_model and x^2y";
    QTest::newRow("d_k") << "d_k" << "dₖ" << "dₖ";
    QTest::newRow("escaped") << "'cat' < & >" << "'cat' &lt; &amp; &gt;" << "'cat' < & >";
    QTest::newRow("Chinese") << "輸入 a^i" << "輸入 aⁱ" << "輸入 aⁱ";
  }

  void markupRenders() {
    QFETCH(QString, markup);
    QFETCH(QString, html);
    QFETCH(QString, text);
    // A letter with a hat comes in a span naming one font that draws both (hatBelongsToItsAlpha),
    // the hat in a format run of its own on a raster (hatSitsOverItsAlpha), with its letter in SVG.
    static const QRegularExpression hatFont(
        QStringLiteral("<span style=\"font-family:'[^']+'\">(.)<span style=\"letter-spacing:0px\">(\u0302)</span></span>"));
    static const QRegularExpression svgHatFont(QStringLiteral("<span style=\"font-family:'[^']+'\">(.\u0302)</span>"));
    const int hats = int(markup.count(QStringLiteral("\\hat")) + markup.count(QChar(0x0302)));
    QString got = ui::formulaHtml(markup);
    QCOMPARE(got.count(hatFont), hats);
    got.replace(hatFont, QStringLiteral("\\1\\2"));
    QCOMPARE(got, html);
    QString svg = ui::formulaHtml(markup, ui::FormulaTarget::Svg);
    QCOMPARE(svg.count(svgHatFont), hats);
    svg.replace(svgHatFont, QStringLiteral("\\1"));
    QCOMPARE(svg, html);
    QCOMPARE(ui::formulaText(markup), text);
  }

  // A title of a few words stays on the one line it is given: drawFormula had let QStaticText
  // choose a width for rich text, which broke the PE explorer's title over three lines and
  // out of its box. Every dark pixel lies inside the line's rect, and the title is one line wide.
  void drawnFormulaStaysOnItsLine() {
    QImage image(640, 80, QImage::Format_RGB32);
    image.fill(Qt::white);
    const QRectF line(0, 30, image.width(), QFontMetricsF(QApplication::font()).height() + 4);
    {
      QPainter painter(&image);
      painter.setFont(QApplication::font());
      painter.setPen(Qt::black);
      ui::drawFormula(painter, line, Qt::AlignCenter,
                      QStringLiteral("Position vectors e^p (rows: positions, columns: dimensions)"));
    }
    QRect inked;
    for (int y = 0; y < image.height(); ++y) {
      for (int x = 0; x < image.width(); ++x) {
        if (qGray(image.pixel(x, y)) < 128) inked |= QRect(x, y, 1, 1);
      }
    }
    QVERIFY(!inked.isEmpty());
    QVERIFY2(line.toAlignedRect().contains(inked), qPrintable(QStringLiteral("ink at (%1, %2) %3×%4")
                                                                  .arg(inked.x()).arg(inked.y())
                                                                  .arg(inked.width()).arg(inked.height())));
    const double oneLine = QFontMetricsF(QApplication::font()).horizontalAdvance(
        QStringLiteral("Position vectors ep (rows: positions, columns: dimensions)"));
    QVERIFY2(inked.width() > 0.8 * oneLine, qPrintable(QString::number(inked.width())));
  }

  // The hat is one grapheme with its α and shaped in the same glyph run (the same font), so it sits
  // on the α whichever font draws it, in a sentence and next to a subscript.
  void hatBelongsToItsAlpha_data() {
    QTest::addColumn<QString>("family");
    QTest::newRow("application font") << QString();
    for (const QString &family : QFontDatabase::families()) {
      if (family.startsWith(QStringLiteral("DejaVu Sans")) || family.startsWith(QStringLiteral("Noto Sans CJK TC"))) {
        QTest::newRow(qPrintable(family)) << family;
      }
    }
  }

  void hatBelongsToItsAlpha() {
    QFETCH(QString, family);
    QTextDocument document;
    if (!family.isEmpty()) document.setDefaultFont(QFont(family));
    document.setHtml(ui::formulaHtml(QStringLiteral("5. Softmax \\hat{α}_{1,i} = exp(α_{1,i}), b^1 = Σ_i α̂_{1,i} v^i")));
    document.adjustSize();  // lays the text out
    const QTextBlock block = document.begin();
    QTextLayout *layout = block.layout();
    QVERIFY(layout);
    const QString text = block.text();
    int hats = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
      if (text[i] != hat) continue;
      ++hats;
      QCOMPARE(text[i - 1], alpha);
      QVERIFY2(!layout->isValidCursorPosition(int(i)), "the hat is a grapheme of its own");
      QVERIFY(layout->isValidCursorPosition(int(i - 1)));
      QCOMPARE(layout->glyphRuns(int(i - 1), 2).size(), 1);
    }
    QCOMPARE(hats, 2);
  }

  // The hat is drawn over its α, not a line above it (Qt 6.4 drew DejaVu Sans regular's U+0302 so
  // when the shaper attached it), in the regular and the bold weight, by drawFormula and by a
  // QLabel: the hat's ink lies above the α's, at most half the font's size above it, and spans the
  // α's horizontal centre.
  void hatSitsOverItsAlpha_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("bold");
    QTest::addColumn<bool>("label");
    QStringList families = {QString()};
    for (const QString &family : QFontDatabase::families()) {
      if (family == QLatin1String("DejaVu Sans") || family == QLatin1String("Noto Sans CJK TC")) families << family;
    }
    for (const QString &family : families) {
      for (const bool bold : {false, true}) {
        for (const bool label : {false, true}) {
          const QString name = QStringLiteral("%1, %2, %3")
                                   .arg(family.isEmpty() ? QStringLiteral("application font") : family,
                                        bold ? QStringLiteral("bold") : QStringLiteral("regular"),
                                        label ? QStringLiteral("QLabel") : QStringLiteral("drawFormula"));
          QTest::newRow(qPrintable(name)) << family << bold << label;
        }
      }
    }
  }

  void hatSitsOverItsAlpha() {
    QFETCH(QString, family);
    QFETCH(bool, bold);
    QFETCH(bool, label);
    QFont font = family.isEmpty() ? QApplication::font() : QFont(family);
    font.setPixelSize(40);
    font.setBold(bold);
    const auto render = [&](const QString &markup) {
      QImage image(160, 160, QImage::Format_RGB32);
      image.fill(Qt::white);
      if (label) {
        QLabel shown;
        shown.setTextFormat(Qt::RichText);
        shown.setFont(font);
        shown.setText(ui::formulaHtml(markup));
        shown.setAutoFillBackground(false);
        shown.setStyleSheet(QStringLiteral("color: black; background: white"));
        shown.resize(120, 120);
        shown.setAlignment(Qt::AlignCenter);
        shown.render(&image, QPoint(20, 20));
      } else {
        QPainter painter(&image);
        painter.setFont(font);
        painter.setPen(Qt::black);
        ui::drawFormula(painter, QRectF(20, 20, 120, 120), Qt::AlignCenter, markup);
      }
      return image;
    };
    // The ink falls in two bands of rows with a blank row between: the hat's, then the α's.
    const QImage image = render(QStringLiteral("\\hat{α}"));
    std::vector<QRect> bands;
    bool previousRowInked = false;
    for (int y = 0; y < image.height(); ++y) {
      QRect row;
      for (int x = 0; x < image.width(); ++x) {
        if (qGray(image.pixel(x, y)) < 128) row |= QRect(x, y, 1, 1);
      }
      if (!row.isEmpty() && previousRowInked) bands.back() |= row;
      else if (!row.isEmpty()) bands.push_back(row);
      previousRowInked = !row.isEmpty();
    }
    QCOMPARE(bands.size(), std::size_t{2});
    const QRect hatInk = bands[0];
    const QRect alphaInk = bands[1];
    const QString where = QStringLiteral("α ink (%1, %2) %3×%4, hat ink (%5, %6) %7×%8")
                              .arg(alphaInk.x()).arg(alphaInk.y()).arg(alphaInk.width()).arg(alphaInk.height())
                              .arg(hatInk.x()).arg(hatInk.y()).arg(hatInk.width()).arg(hatInk.height());
    QVERIFY2(hatInk.height() < alphaInk.height(), qPrintable(where));  // a hat, not a letter
    QVERIFY2(alphaInk.top() - hatInk.bottom() <= 20, qPrintable(where));  // on it, not a line away
    const double centre = (alphaInk.left() + alphaInk.right()) / 2.0;
    QVERIFY2(hatInk.left() <= centre && centre <= hatInk.right(), qPrintable(where));  // over its middle
  }

  // The legend's title α̂ stands above the colour bar, beside it, not over its colours.
  void legendTitleSitsAboveTheBar() {
    ui::HeatmapWidget heatmap;
    const core::RowMatrix weights = core::RowMatrix::Constant(3, 3, 1.0f / 3);
    heatmap.setSlice(ui::test::makeTestSlice({weights}), 0);
    heatmap.resize(420, 400);
    const QImage image = heatmap.grab().toImage();
    const QRectF matrix = heatmap.matrixRect();
    const int left = int(matrix.right()) + 14;  // the legend's left edge, where the bar is drawn
    const int top = int(matrix.top());
    const QColor background = image.pixelColor(1, 1);
    const auto count = [&](int x0, int x1, int y0, int y1, const auto &matches) {
      int n = 0;
      for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) n += matches(image.pixel(x, y)) ? 1 : 0;
      }
      return n;
    };
    const auto barTop = [](QRgb pixel) { return ui::test::colourDistance(pixel, ui::weightColour(1.0f)) <= 10; };
    const auto ink = [&](QRgb pixel) { return ui::test::colourDistance(pixel, background) > 60; };
    QCOMPARE(count(left + 2, left + 11, top, top + 17, barTop), 0);  // the title's band holds no bar
    QVERIFY(count(left + 2, left + 11, top + 22, top + 24, barTop) >= 20);  // the bar starts below it
    QVERIFY(count(left, left + 16, top, top + 11, ink) > 0);  // and the title is there
  }

  // An exported figure's SVG title is the rendered formula, not its markup.
  void svgTitleIsRendered() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui::HeatmapWidget heatmap;
    const core::RowMatrix weights = core::RowMatrix::Identity(2, 2);
    heatmap.setSlice(ui::test::makeTestSlice({weights}), 0);
    heatmap.resize(300, 300);
    const QString path = dir.filePath(QStringLiteral("figure.svg"));
    QCOMPARE(ui::exportSvg(&heatmap, path, QStringLiteral("\\hat{α}_{1,i} and W^O")), QString());
    QFile svg(path);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(svg.readAll());
    QVERIFY2(text.contains(QStringLiteral("<title>α\u0302₁,ᵢ and Wᴼ</title>")), qPrintable(text.left(400)));
  }

  // Issue 17: a QLabel holds α̂ in the screen's form (the hat in a run of its own), and Qt's SVG
  // generator writes each run as a <text> element: the hat came after its α, alone. Exported, each
  // hat follows its letter in one element.
  void labelSvgKeepsTheHatWithItsAlpha() {
    const auto svgTexts = [](const QByteArray &svg) {
      QStringList texts;
      QXmlStreamReader xml(svg);
      while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text")) {
          texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
        }
      }
      return texts;
    };
    // the hats that start a text element, and all hats
    const auto detachedHats = [](const QStringList &texts, int &hats) {
      int detached = 0;
      hats = 0;
      for (const QString &text : texts) {
        for (qsizetype at = text.indexOf(QChar(0x0302)); at >= 0; at = text.indexOf(QChar(0x0302), at + 1)) {
          ++hats;
          if (at == 0 || text[at - 1].isSpace()) ++detached;
        }
      }
      return detached;
    };
    const QString html = ui::formulaHtml(QStringLiteral("\\hat{α}_{1,i} = softmax(α_{1,i}), then \\hat{α} v"));
    QLabel label(html);
    label.setTextFormat(Qt::RichText);
    label.resize(label.sizeHint());
    label.show();
    QVERIFY(QTest::qWaitForWindowExposed(&label));

    // drawn as it is on screen, the hat is an element of its own: what the export must not write
    QBuffer raw;
    raw.open(QIODevice::WriteOnly);
    {
      QSvgGenerator generator;
      generator.setOutputDevice(&raw);
      generator.setSize(label.size());
      QPainter painter(&generator);
      label.render(&painter, {}, {}, QWidget::DrawChildren);
    }
    int hats = 0;
    QVERIFY2(detachedHats(svgTexts(raw.data()), hats) > 0, qPrintable(svgTexts(raw.data()).join(QLatin1Char('|'))));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("label.svg"));
    QCOMPARE(ui::exportSvg(&label, path, QStringLiteral("\\hat{α}")), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList texts = svgTexts(file.readAll());
    QCOMPARE(detachedHats(texts, hats), 0);
    QCOMPARE(hats, 2);
    QVERIFY2(texts.join(QString()).contains(QStringLiteral("α\u0302")), qPrintable(texts.join(QLatin1Char('|'))));
    QCOMPARE(label.text(), html);  // the screen's form is back
    // and the framed export too (File ▸ Export's figures)
    ui::FigureDecor decor;
    decor.title = QStringLiteral("\\hat{α}");
    const QString framed = dir.filePath(QStringLiteral("framed.svg"));
    QCOMPARE(ui::exportSvg(&label, decor, framed), QString());
    QFile framedFile(framed);
    QVERIFY(framedFile.open(QIODevice::ReadOnly));
    QCOMPARE(detachedHats(svgTexts(framedFile.readAll()), hats), 0);
    QVERIFY(hats >= 3);  // the title's and the label's two
    QCOMPARE(label.text(), html);
  }

  void everythingShownIsRendered_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QString();
    QTest::newRow("zh_TW") << QStringLiteral(":/i18n/attnscope_zh_TW.qm");
  }

  void everythingShownIsRendered() {
    QFETCH(QString, language);
    QTranslator translator;
    if (!language.isEmpty()) {
      QVERIFY(translator.load(language));
      QVERIFY(QCoreApplication::installTranslator(&translator));
    }
    std::vector<Shown> shown;
    const QStringList sources = ui::tokenLabels(m_source);
    const QStringList targets = ui::tokenLabels(m_target);
    for (const core::AttentionKind kind : {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf}) {
      core::WalkthroughRequest request;
      request.kind = kind;
      request.head = 1;
      request.query = 1;
      const core::Walkthrough w = core::walk_through(*m_model, m_source.ids, m_target.ids, request);
      const QStringList &queries = kind == core::AttentionKind::EncoderSelf ? sources : targets;
      for (int page = 0; page < core::walkthrough_page_count; ++page) {
        const auto p = static_cast<core::WalkthroughPage>(page);
        shown.push_back({QStringLiteral("title %1").arg(page + 1), ui::walkthroughPageTitle(p)});
        shown.push_back({QStringLiteral("page %1").arg(page + 1), ui::walkthroughPageHtml(w, p, queries, queries)});
      }
    }
    ui::ClassroomSandboxWidget sandbox;
    ui::JobRunner runner;
    ui::ClassroomPositionalWidget positional(&runner);
    for (const QWidget *owner : {static_cast<QWidget *>(&sandbox), static_cast<QWidget *>(&positional)}) {
      for (const ui::ClassroomMatrixView *view : owner->findChildren<ui::ClassroomMatrixView *>()) {
        shown.push_back({QStringLiteral("matrix title ") + view->title(), ui::formulaHtml(view->title())});
      }
    }
    for (const char *legend : {"α̂", "Δ α̂"}) {
      shown.push_back({QStringLiteral("legend"), ui::formulaHtml(ui::HeatmapWidget::tr(legend))});
    }
    int captions = 0;
    ui::LessonBar bar;
    for (const QFileInfo &file : QDir(QStringLiteral(":/lessons")).entryInfoList(QDir::Files)) {
      QFile in(file.filePath());
      QVERIFY(in.open(QIODevice::ReadOnly));
      const core::LessonFile lesson = core::read_lesson(in.readAll().toStdString());
      QVERIFY2(lesson.error.empty(), lesson.error.c_str());
      bar.setLesson(lesson.lesson);
      for (int step = 0; step < bar.stepCount(); ++step) {
        bar.showStep(step);
        shown.push_back({file.fileName() + QStringLiteral(" caption %1").arg(step + 1), bar.caption()});
        ++captions;
      }
    }
    QVERIFY(captions >= 18);

    QString all;
    for (const Shown &s : shown) {
      const QString problem = notationProblem(s.html);
      QVERIFY2(problem.isEmpty(), qPrintable(s.where + ": " + problem + " in " + plain(s.html)));
      all += plain(s.html) + u'\n';
    }
    // The formulas the lecture writes, as the reader sees them (query 2 plays the lecture's "1").
    const QString alphaHat = QString(alpha) + hat;
    const QStringList formulas = {
        QStringLiteral("aⁱ"),
        QStringLiteral("α2,i = q² · kⁱ / √d"),
        alphaHat + QStringLiteral("2,i = exp(α2,i) / Σⱼ exp(α2,j)"),
        QStringLiteral("b² = Σᵢ ") + alphaHat + QStringLiteral("2,i vⁱ"),
        QStringLiteral("softmax(Q Kᵀ / √d) V"),
        QStringLiteral("A = Kᵀ Q / √d"),
        QStringLiteral("Wᴼ"),
        alphaHat + QStringLiteral(" = softmax(α)"),
        alphaHat + QStringLiteral("1,i = exp(α1,i) / Σⱼ exp(α1,j)"),
        QStringLiteral("b¹ = Σᵢ ") + alphaHat + QStringLiteral("1,i vⁱ"),
        QStringLiteral("α1,i = q¹ · kⁱ / √d"),
        language.isEmpty() ? QStringLiteral("Position vectors eᵖ") : QStringLiteral("位置向量 eᵖ"),
    };
    for (const QString &formula : formulas) {
      QVERIFY2(all.contains(formula), qPrintable(QStringLiteral("missing: ") + formula));
    }
    QCoreApplication::removeTranslator(&translator);
  }

 private:
  std::shared_ptr<const core::Model> m_model;
  core::Tokenization m_source;
  core::Tokenization m_target;
};

QTEST_MAIN(TstNotation)
#include "tst_notation.moc"
