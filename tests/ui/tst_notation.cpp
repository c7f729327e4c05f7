// The lecture's notation, right everywhere: the one renderer (formula.h) turns the markup into
// Unicode scripts or <sub>/<sup>, keeps α̂'s hat on its α, and every walkthrough page and title,
// lesson caption, matrix title and legend, in English and in Traditional Chinese, shows no leftover
// markup and the formulas the lecture writes.

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTranslator>

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
    // A letter with a hat comes in a span naming one font that draws both (hatBelongsToItsAlpha).
    static const QRegularExpression hatFont(QStringLiteral("<span style=\"font-family:'[^']+'\">(.\u0302)</span>"));
    QString got = ui::formulaHtml(markup);
    QCOMPARE(got.count(hatFont), markup.count(QStringLiteral("\\hat")) + markup.count(QChar(0x0302)));
    got.replace(hatFont, QStringLiteral("\\1"));
    QCOMPARE(got, html);
    QCOMPARE(ui::formulaText(markup), text);
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
