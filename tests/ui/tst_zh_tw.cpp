// Traditional Chinese everywhere: with the zh_TW translation installed, walk the whole window as a
// learner would see it — every tab (and every tab inside a tab), every menu and action, every dialog
// the menus open (each is read, then closed), and the text the custom views paint (read from an SVG
// rendering of each) — and fail on any English left: an ASCII word of three or more letters that
// is not a token of the input, a model, file or folder name, a unit, a key name, or a term on the
// allow-list below (each with its reason). The walker finds widgets and actions at run time, so
// pages added later are walked too.

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSvgGenerator>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QToolBar>
#include <QTranslator>
#include <QXmlStreamReader>

#include <functional>
#include <map>
#include <memory>

#include "attention_slice.h"
#include "attention_table_model.h"
#include "gui_test_support.h"
#include "heatmap_widget.h"
#include "language.h"
#include "layer_steps.h"
#include "main_window.h"
#include "model/model_input.h"

using namespace ui;

namespace {

// English that stays English under zh_TW, and why. Compared as whole words, case-sensitively.
const std::map<QString, const char *> &allowedWords() {
  static const std::map<QString, const char *> words = {
      {"AttentionScope", "the application's name"},
      {"English", "the language menu names each language in itself"},
      {"Hugging", "Hugging Face, a company's name"},
      {"Face", "Hugging Face, a company's name"},
      {"GGUF", "llama.cpp's file format, named as its users know it"},
      {"llama", "llama.cpp, a program's name"},
      {"cpp", "llama.cpp, a program's name"},
      {"PyTorch", "a program's name"},
      {"AttentionViz", "a program's name (Yeh et al. 2023), whose query/key normalisation the map offers"},
      {"NumPy", "a library's name, and its .npy format"},
      {"OpenBLAS", "a library's name"},
      {"Qt", "a library's name"},
      {"CSV", "a file format"},
      {"JSON", "a file format"},
      {"PNG", "a file format"},
      {"SVG", "a file format"},
      {"DPI", "a unit"},
      {"GiB", "a unit"},
      {"MiB", "a unit"},
      {"KiB", "a unit"},
      {"AVX", "an instruction set's name"},
      {"BF16", "a number format's name"},
      {"bfloat16", "a number format's name"},
      {"float32", "a number format's name"},
      {"RNN", "kept in English by the lecture notes (lecture-notes-zh.txt)"},
      {"CNN", "kept in English by the lecture notes"},
      {"GPU", "kept in English by the lecture notes"},
      {"Add", "Add & Norm, the block's name in the lecture's figure"},
      {"Norm", "Add & Norm, the block's name in the lecture's figure"},
      {"LayerNorm", "the operation's name as code and papers write it"},
      {"BatchNorm", "the operation's name as code and papers write it"},
      {"Pre", "Pre-LN, the layout's name in the literature"},
      {"Post", "Post-LN, the layout's name in the literature"},
      {"GQA", "grouped-query attention's abbreviation"},
      {"ALiBi", "a method's name"},
      {"softmax", "the function's name in every formula"},
      {"exp", "the function's name in every formula"},
      {"sublayer", "a formula's variable"},
      {"ReLU", "an activation's name"},
      {"GELU", "an activation's name"},
      {"SwiGLU", "an activation's name"},
      {"GeGLU", "an activation's name"},
      {"Transformer", "kept in English by the lecture notes"},
      {"Okabe", "Okabe–Ito, the colour scheme's authors"},
      {"Ito", "Okabe–Ito, the colour scheme's authors"},
      {"cividis", "a colour map's name"},
      {"Jensen", "Jensen–Shannon, a divergence's name"},
      {"Shannon", "Jensen–Shannon, a divergence's name"},
      {"Ctrl", "a key's name as the keyboard prints it"},
      {"Shift", "a key's name as the keyboard prints it"},
      {"Alt", "a key's name as the keyboard prints it"},
      {"Esc", "a key's name as the keyboard prints it"},
      {"Space", "a key's name as the keyboard prints it"},
      {"Page", "Page Up/Page Down, keys' names as the keyboard prints them"},
      {"Down", "Page Down, a key's name as the keyboard prints it"},
      {"PgUp", "a key's name as the keyboard prints it"},
      {"PgDn", "a key's name as the keyboard prints it"},
      {"Del", "a key's name as the keyboard prints it"},
      {"Tab", "a key's name as the keyboard prints it"},
      {"TAB", "a key's name, in the corpus file's format \"source<TAB>target\""},
      {"Abnar", "an author cited for the method (Abnar & Zuidema 2020)"},
      {"Zuidema", "an author cited for the method (Abnar & Zuidema 2020)"},
      {"Kobayashi", "an author cited for the method (Kobayashi 2020)"},
      {"Mohebbi", "an author cited for the method (Mohebbi 2023)"},
      {"argmax", "a function's name in formulas"},
      {"max", "a function's name in formulas (max |A' − P A Pᵀ|)"},
      {"nats", "a unit (entropy in natural-log units)"},
      {"reverse", "a built-in task's name, as the command line's --task spells it"},
      {"sort", "a built-in task's name, as the command line's --task spells it"},
      {"coreference", "a built-in task's name, as the command line's --task spells it"},
      {"Enter", "a key's name as the keyboard prints it"},
      {"BERT", "a model family's name"},
      {"RoBERTa", "a model family's name"},
      {"CLS", "[CLS], a special token as the tokenizer spells it"},
      {"SEP", "[SEP], a special token as the tokenizer spells it"},
      {"PCA", "principal component analysis, the method's abbreviation in the literature"},
      {"LCS", "longest common subsequence, the alignment rule's abbreviation (docs/methods.md)"},
      {"Top", "top-p, the method's name in the literature"},
      {"UTF", "UTF-8, an encoding's name"},
      {"translate", "translate-en-zh, a built-in task's and bundled model's name"},
      {"induction", "a built-in task's name, as the command line's --task spells it"},
      {"relu", "an activation's name as config.json writes it"},
      {"gelu", "an activation's name as config.json writes it"},
      {"silu", "an activation's name as config.json writes it"},
      {"tanh", "an activation's name as config.json writes it"},
      {"RMSNorm", "the operation's name as code and papers write it"},
      {"MQA", "multi-query attention's abbreviation"},
  };
  return words;
}

QString plain(const QString &text) {
  if (!Qt::mightBeRichText(text)) return text;
  QTextDocument document;
  document.setHtml(text);
  return document.toPlainText();
}

struct Seen {
  QString where;
  QString text;
};

// Everything a user can read, collected with where it was found.
class Walker {
 public:
  // Tokens of the input and names of the model, which stay as they are.
  void addTokens(const QSet<QString> &tokens) { m_tokens.unite(tokens); }
  // Whether a word is one known token of the open model (not <unk>).
  void setVocabulary(std::function<bool(const QString &)> known) { m_vocabulary = std::move(known); }

  void add(const QString &where, const QString &text) {
    if (!text.trimmed().isEmpty()) m_seen.push_back({where, text});
  }

  void addAction(const QString &where, const QAction *action) {
    if (action->isSeparator()) return;
    const QString name = where + QStringLiteral(" ▸ ") + action->text();
    add(name, action->text());
    if (action->toolTip() != QString(action->text()).remove(u'&')) add(name + QStringLiteral(" (tool tip)"), action->toolTip());
    add(name + QStringLiteral(" (status tip)"), action->statusTip());
  }

  void addWidget(const QWidget *widget) {
    const QString where = path(widget);
    if (widget->isWindow()) add(where + QStringLiteral(" (title)"), widget->windowTitle());
    add(where + QStringLiteral(" (tool tip)"), widget->toolTip());
    add(where + QStringLiteral(" (status tip)"), widget->statusTip());
    if (auto *label = qobject_cast<const QLabel *>(widget)) add(where, label->text());
    if (auto *button = qobject_cast<const QAbstractButton *>(widget)) add(where, button->text());
    if (auto *group = qobject_cast<const QGroupBox *>(widget)) add(where, group->title());
    if (auto *dock = qobject_cast<const QDockWidget *>(widget)) add(where, dock->windowTitle());
    if (auto *toolbar = qobject_cast<const QToolBar *>(widget)) add(where, toolbar->windowTitle());
    if (auto *line = qobject_cast<const QLineEdit *>(widget)) add(where + QStringLiteral(" (placeholder)"), line->placeholderText());
    if (auto *edit = qobject_cast<const QPlainTextEdit *>(widget)) add(where + QStringLiteral(" (placeholder)"), edit->placeholderText());
    if (auto *combo = qobject_cast<const QComboBox *>(widget)) {
      for (int i = 0; i < combo->count(); ++i) {
        add(where + QStringLiteral(" item %1").arg(i + 1), combo->itemText(i));
        add(where + QStringLiteral(" item %1 (tool tip)").arg(i + 1), combo->itemData(i, Qt::ToolTipRole).toString());
      }
    }
    if (auto *tabs = qobject_cast<const QTabBar *>(widget)) {
      for (int i = 0; i < tabs->count(); ++i) {
        add(where + QStringLiteral(" tab %1").arg(i + 1), tabs->tabText(i));
        add(where + QStringLiteral(" tab %1 (tool tip)").arg(i + 1), tabs->tabToolTip(i));
      }
    }
    if (auto *view = qobject_cast<const QAbstractItemView *>(widget); view && view->model()) {
      const QAbstractItemModel *model = view->model();
      for (int column = 0; column < model->columnCount(); ++column) {
        add(where + QStringLiteral(" column %1").arg(column + 1), model->headerData(column, Qt::Horizontal).toString());
        add(where + QStringLiteral(" column %1 (tool tip)").arg(column + 1),
            model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString());
      }
      // Cells hold numbers, tokens and names; the first column often names its row ("Entropy").
      for (int row = 0; row < std::min(model->rowCount(), 40); ++row) {
        add(where + QStringLiteral(" row %1").arg(row + 1), model->headerData(row, Qt::Vertical).toString());
        for (int column = 0; column < std::min(model->columnCount(), 12); ++column) {
          const QModelIndex index = model->index(row, column);
          // A line of one word from the model's vocabulary is data (the logit lens's predictions).
          QStringList lines = model->data(index).toString().split(u'\n');
          lines.removeIf([this](const QString &line) { return m_vocabulary && m_vocabulary(line.trimmed()); });
          add(where + QStringLiteral(" cell %1,%2").arg(row + 1).arg(column + 1), lines.join(u'\n'));
          add(where + QStringLiteral(" cell %1,%2 (tool tip)").arg(row + 1).arg(column + 1),
              model->data(index, Qt::ToolTipRole).toString());
        }
      }
    }
    // What a custom view paints (titles, legends, axis labels): the text items of an SVG of it.
    if (QString::fromLatin1(widget->metaObject()->className()).startsWith(QStringLiteral("ui::")) &&
        widget->isVisible() && widget->width() > 0 && widget->height() > 0) {
      for (const QString &painted : paintedText(const_cast<QWidget *>(widget))) add(where + QStringLiteral(" (painted)"), painted);
    }
  }

  void addWindow(const QWidget *window) {
    addWidget(window);
    for (const QWidget *child : window->findChildren<QWidget *>()) addWidget(child);
    for (const QAction *action : window->findChildren<QAction *>()) addAction(path(window), action);
  }

  // The English words in what was seen that are none of the allowed kinds, one line each.
  QStringList untranslated() const {
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{3,}"));
    QStringList problems;
    QSet<QString> reported;
    for (const Seen &seen : m_seen) {
      const QString text = withoutAllowedParts(plain(seen.text));
      QStringList words;
      for (const QRegularExpressionMatch &match : word.globalMatch(text)) {
        if (!allowed(match.captured())) words << match.captured();
      }
      if (words.isEmpty()) continue;
      const QString line = seen.where + QStringLiteral(": “") + plain(seen.text).left(160) + QStringLiteral("” (") +
                           words.join(QStringLiteral(", ")) + u')';
      if (!reported.contains(plain(seen.text))) problems << line;
      reported.insert(plain(seen.text));
    }
    return problems;
  }

  int count() const { return static_cast<int>(m_seen.size()); }

 private:
  static QString path(const QWidget *widget) {
    QStringList parts;
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
      parts.prepend(w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName());
      if (parts.size() >= 4) break;
    }
    return parts.join(u'/');
  }

  static QStringList paintedText(QWidget *widget) {
    QBuffer svg;
    svg.open(QIODevice::WriteOnly);
    {
      QSvgGenerator generator;
      generator.setOutputDevice(&svg);
      generator.setSize(widget->size());
      generator.setViewBox(QRect(QPoint(0, 0), widget->size()));
      QPainter painter(&generator);
      widget->render(&painter, {}, {}, QWidget::RenderFlags());  // its own painting; children are walked too
    }
    QStringList texts;
    QXmlStreamReader xml(svg.data());
    while (!xml.atEnd()) {
      if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text")) {
        texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
      }
    }
    return texts;
  }

  // Removes tokens, file and folder names, paths, numbers with units and keys before words are read.
  QString withoutAllowedParts(QString text) const {
    static const QRegularExpression fileName(
        QStringLiteral("[\\w./~-]*\\.(json|csv|png|svg|npy|safetensors|gguf|txt|bin|model|spm|qm|ts)\\b"));
    static const QRegularExpression pathLike(QStringLiteral("(^|\\s)[~.]?/[\\w./-]+"));
    static const QRegularExpression units(QStringLiteral("\\d\\s*(ms|KB|MB|GB|kB|px|pt|tok/s)\\b"));
    static const QRegularExpression modelId(QStringLiteral("\\b[\\w.-]+/[\\w.-]+\\b"));  // org/name
    static const QRegularExpression identifier(QStringLiteral("\\b\\w*_\\w*\\b"));         // encoder_self, d_model
    static const QRegularExpression withDigits(QStringLiteral("\\b[A-Za-z]+\\d+\\b"));      // float32, llama3
    static const QRegularExpression checkpoint(QStringLiteral("\\bstep-N+\\b"));             // a checkpoint folder's name
    static const QRegularExpression quotedToken(QStringLiteral("「[^」]*」"));  // a token, as the zh strings quote it
    static const QRegularExpression oneHot(QStringLiteral("\\bone-hot\\b"));  // kept in English by the lecture notes
    text.remove(fileName).remove(pathLike).remove(units).remove(modelId).remove(identifier);
    text.remove(withDigits).remove(checkpoint).remove(oneHot).remove(quotedToken);
    return text;
  }

  bool allowed(const QString &word) const {
    return allowedWords().count(word) > 0 || m_tokens.contains(word) || m_tokens.contains(word.toLower());
  }

  QSet<QString> m_tokens;
  std::function<bool(const QString &)> m_vocabulary;
  std::vector<Seen> m_seen;
};

// Closes, after reading it, every dialog or message box that opens (modal ones too: the timer runs
// in their event loops), so one walk can trigger every menu entry.
class DialogReader : public QObject {
 public:
  explicit DialogReader(Walker &walker) : m_walker(walker) {
    connect(&m_timer, &QTimer::timeout, this, &DialogReader::readOpenDialogs);
    m_timer.start(30);
  }
  int dialogsRead() const { return m_read; }

 private:
  void readOpenDialogs() {
    for (QWidget *widget : QApplication::topLevelWidgets()) {
      auto *dialog = qobject_cast<QDialog *>(widget);
      if (!dialog || !dialog->isVisible()) continue;
      if (auto *files = qobject_cast<QFileDialog *>(dialog)) {
        // Qt's own dialog (qtbase_zh_TW.qm translates it); its title is ours.
        m_walker.add(QStringLiteral("file dialog (title)"), files->windowTitle());
      } else {
        m_walker.addWindow(dialog);
      }
      ++m_read;
      dialog->reject();
    }
  }

  Walker &m_walker;
  QTimer m_timer;
  int m_read = 0;
};

// Every tab of every tab widget in turn, depth first, so lazily built pages exist and are shown.
void visitEveryTab(QWidget *root, Walker &walker) {
  for (QTabWidget *tabs : root->findChildren<QTabWidget *>()) {
    for (int index = 0; index < tabs->count(); ++index) {
      tabs->setCurrentIndex(index);
      QApplication::processEvents();
      QTest::qWait(30);
      walker.addWindow(tabs->widget(index));
    }
  }
}

// Every action of a menu and its submenus, except those that quit or leave the window's model.
void collectMenuActions(QMenu *menu, QList<QAction *> &actions) {
  for (QAction *action : menu->actions()) {
    if (action->menu()) collectMenuActions(action->menu(), actions);
    else if (!action->isSeparator()) actions << action;
  }
}

}  // namespace

class TstZhTw : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void everyVisibleStringIsTranslated();
  void theLayerListAndHeatmapTitleAreChinese();
  void toolTipsKeepTheHatOnItsAlpha();
  void languageMenuSwitchesEveryTab();

 private:
  void openWindow();
  QSet<QString> inputTokens() const;
  bool isVocabularyWord(const QString &word) const;  // one known token of the open model
  // The English words left on each page of the window (each tab, and each page of a tab that has
  // pages), read with the walker; the tabs' captions in captions.
  std::map<QString, QStringList> englishOnEveryPage(QStringList &captions);
  // Triggers View ▸ Language ▸ the entry for code, as a click would, and closes the note it shows.
  bool chooseLanguageInTheMenu(const QString &code);

  std::unique_ptr<MainWindow> m_window;
};

void TstZhTw::initTestCase() {
  test::isolateSettings();
  QSettings().clear();
  setChosenLanguage(QStringLiteral("zh_TW"));
  QVERIFY2(!installTranslations(*QCoreApplication::instance()).isEmpty(), "the zh_TW translation did not load");
  // Qt's own strings (OK, Cancel, the file dialog) come from Debian's qt6-translations-l10n.
  QTranslator probe;
  QVERIFY2(probe.load(QLocale(QLocale::Chinese, QLocale::TraditionalChineseScript, QLocale::Taiwan), QStringLiteral("qtbase"),
                      QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)),
           "qtbase_zh_TW.qm is missing: install qt6-translations-l10n (scripts/install-deps.sh)");
}

void TstZhTw::cleanupTestCase() { m_window.reset(); }

void TstZhTw::openWindow() {
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 860);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  m_window->viewState()->setSourceText(QStringLiteral("the big cat saw a small bird"));
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(test::defaultTestModel());
  QVERIFY(loaded.wait(20000));
  QVERIFY(QTest::qWaitFor([this] { return m_window->analysis() && !m_window->isComputing(); }, 20000));
}

QSet<QString> TstZhTw::inputTokens() const {
  QSet<QString> tokens;
  const auto analysis = m_window->analysis();
  for (const core::Tokenization *side : {&analysis->source, &analysis->target}) {
    for (const TokenLabel &token : tokenSequence(*side).tokens) {
      for (const QString &part : token.text.split(QRegularExpression(QStringLiteral("\\W+")), Qt::SkipEmptyParts)) {
        tokens.insert(part);
      }
    }
  }
  // The model's own names: its name, its folder and its architecture as config.json spells it.
  tokens.insert(QString::fromStdString(m_window->model()->spec().name));
  tokens.insert(QString::fromStdString(m_window->model()->spec().family));  // config.json's model_type
  for (const QString &part : QFileInfo(m_window->modelFolder()).fileName().split(u'-')) tokens.insert(part);
  return tokens;
}

bool TstZhTw::isVocabularyWord(const QString &word) const {
  if (word.isEmpty() || word.contains(u' ') || !m_window->model()) return false;
  for (const core::InputSide side : {core::InputSide::Source, core::InputSide::Target}) {
    try {
      const core::Tokenization tokens = core::tokenize_input(*m_window->model(), side, word.toStdString());
      const TokenSequence shown = tokenSequence(tokens);
      // Special tokens (<s>, </s>) may surround it; the word itself is one known token.
      for (const TokenLabel &token : shown.tokens) {
        if (!token.unknown && token.text == word) return true;
      }
    } catch (const std::exception &) {
    }
  }
  return false;
}

void TstZhTw::everyVisibleStringIsTranslated() {
  openWindow();
  Walker walker;
  walker.addTokens(inputTokens());
  walker.setVocabulary([this](const QString &word) { return isVocabularyWord(word); });
  walker.addWindow(m_window.get());
  visitEveryTab(m_window.get(), walker);
  // Every menu entry, triggered: dialogs are read and closed, toggles show what they show.
  DialogReader reader(walker);
  QList<QAction *> actions;
  for (QAction *menu : m_window->menuBar()->actions()) {
    walker.addAction(QStringLiteral("menu bar"), menu);
    if (menu->menu()) collectMenuActions(menu->menu(), actions);
  }
  for (QAction *action : actions) {
    walker.addAction(QStringLiteral("menu"), action);
    // Not Quit, not the recent models (a reload), not the lessons that change the model.
    if (action->shortcut() == QKeySequence(QKeySequence::Quit) || !action->isEnabled()) continue;
    if (action->parent() && action->parent()->objectName() == QLatin1String("recentMenu")) continue;
    if (QFileInfo(action->text()).isAbsolute()) continue;
    action->trigger();
    QTest::qWait(60);
    walker.addWindow(m_window.get());
    if (m_window->analysis()) walker.addTokens(inputTokens());  // a lesson may have opened another model
    if (action->isCheckable() && action->isChecked()) {
      action->trigger();  // back off (presentation mode, difference, the Train panel …)
      QTest::qWait(30);
    }
  }
  QTest::qWait(100);
  QVERIFY(reader.dialogsRead() >= 3);  // at least Settings, About, the Hugging Face cache
  QVERIFY(walker.count() > 500);
  const QStringList problems = walker.untranslated();
  for (const QString &problem : problems) qWarning().noquote() << "untranslated:" << problem;
  QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 untranslated strings (listed above)").arg(problems.size())));
}

// The issue's own example: "第 1 個頭 · Encoder layer 1 · self-attention".
void TstZhTw::theLayerListAndHeatmapTitleAreChinese() {
  if (!m_window) openWindow();
  const QString step = describeStep({core::AttentionKind::EncoderSelf, 0});
  QVERIFY2(!step.contains(QStringLiteral("Encoder")), qPrintable(step));
  QVERIFY2(step.contains(QStringLiteral("編碼器")), qPrintable(step));
  QVERIFY(!describeStep({core::AttentionKind::DecoderCross, 1}).contains(QStringLiteral("cross")));
  QVERIFY(!describeKind(core::AttentionKind::DecoderSelf).contains(QStringLiteral("Decoder")));
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  QVERIFY(QTest::qWaitFor([this] { return !m_window->isComputing(); }, 20000));
  const QString title = m_window->heatmap()->title();
  QVERIFY2(title.contains(QStringLiteral("編碼器")) && !title.contains(QStringLiteral("Encoder")), qPrintable(title));
}

// A tooltip is plain text unless it says otherwise, and in a CJK interface font α̂'s hat would come
// from a fallback font and stand beside its α: every tooltip with a hat is rich text that sets the
// letter and its hat in one font (formula.h, plainToolTip).
void TstZhTw::toolTipsKeepTheHatOnItsAlpha() {
  if (!m_window) openWindow();
  QStringList tips;
  for (const QWidget *widget : m_window->findChildren<QWidget *>()) {
    tips << widget->toolTip();
    if (auto *combo = qobject_cast<const QComboBox *>(widget)) {
      for (int i = 0; i < combo->count(); ++i) tips << combo->itemData(i, Qt::ToolTipRole).toString();
    }
    if (auto *tabs = qobject_cast<const QTabBar *>(widget)) {
      for (int i = 0; i < tabs->count(); ++i) tips << tabs->tabToolTip(i);
    }
  }
  for (const QAction *action : m_window->findChildren<QAction *>()) tips << action->toolTip();
  const QAbstractItemModel *cells = m_window->heatmap()->tableModel();
  QVERIFY(cells->rowCount() > 1);
  tips << cells->data(cells->index(1, 0), Qt::ToolTipRole).toString();
  // the letter and its hat in one font; the hat in a run of its own, as formula.h sets it on screen
  static const QRegularExpression hatInItsFont(
      QStringLiteral("<span style=\"font-family:'[^']+'\">.<span style=\"letter-spacing:0px\">\u0302</span></span>"));
  int withHat = 0;
  for (const QString &tip : tips) {
    const int hats = static_cast<int>(tip.count(QChar(0x0302)));
    if (hats == 0) continue;
    ++withHat;
    QVERIFY2(Qt::mightBeRichText(tip), qPrintable(QStringLiteral("plain text: ") + tip));
    QVERIFY2(tip.count(hatInItsFont) == hats, qPrintable(QStringLiteral("a hat outside its letter's font: ") + tip));
    QVERIFY2(plain(tip).contains(QStringLiteral("α\u0302")), qPrintable(tip));
  }
  // At least PE Difference, the Sandbox tab, the export actions, the method list and a heatmap cell.
  QVERIFY2(withHat >= 5, qPrintable(QString::number(withHat)));
}

// View ▸ Language, as a user switches it: the menu entry (not setChosenLanguage) stores the choice,
// and the window of the next start shows every tab in that language, Chinese after English and
// English again after Chinese. The next start is a new window after installTranslations, as
// main() does it.
void TstZhTw::languageMenuSwitchesEveryTab() {
  m_window.reset();
  setChosenLanguage(QStringLiteral("en"));
  QCOMPARE(installTranslations(*QCoreApplication::instance()), QString());
  openWindow();
  QStringList englishCaptions;
  const std::map<QString, QStringList> english = englishOnEveryPage(englishCaptions);
  QVERIFY(english.size() >= 6);
  // every tab says something in English (a page inside one may be charts and numbers only)
  for (const auto &[page, words] : english) {
    QVERIFY2(!words.isEmpty() || page.contains(QLatin1String(" page ")), qPrintable(page + QStringLiteral(" shows no English")));
  }

  QVERIFY(chooseLanguageInTheMenu(QStringLiteral("zh_TW")));
  QCOMPARE(chosenLanguage(), QStringLiteral("zh_TW"));
  m_window.reset();
  QVERIFY(!installTranslations(*QCoreApplication::instance()).isEmpty());
  openWindow();
  QStringList chineseCaptions;
  const std::map<QString, QStringList> chinese = englishOnEveryPage(chineseCaptions);
  QCOMPARE(chinese.size(), english.size());
  for (const auto &[page, words] : chinese) {
    QVERIFY2(words.isEmpty(), qPrintable(page + QStringLiteral(":\n") + words.join(QLatin1Char('\n'))));
  }
  QCOMPARE(chineseCaptions.size(), englishCaptions.size());
  static const QRegularExpression englishWord(QStringLiteral("[A-Za-z]{3,}"));
  for (int tab = 0; tab < chineseCaptions.size(); ++tab) {
    if (!englishCaptions[tab].contains(englishWord)) continue;  // "q·k" reads the same in both
    QVERIFY2(chineseCaptions[tab] != englishCaptions[tab], qPrintable(chineseCaptions[tab]));
  }

  QVERIFY(chooseLanguageInTheMenu(QStringLiteral("en")));
  QCOMPARE(chosenLanguage(), QStringLiteral("en"));
  m_window.reset();
  QCOMPARE(installTranslations(*QCoreApplication::instance()), QString());
  openWindow();
  QStringList againCaptions;
  const std::map<QString, QStringList> again = englishOnEveryPage(againCaptions);
  QCOMPARE(againCaptions, englishCaptions);
  QCOMPARE(again.size(), english.size());
  for (const auto &[page, words] : again) {
    QVERIFY2(words.size() == english.at(page).size(), qPrintable(page + QStringLiteral(":\n") + words.join(QLatin1Char('\n'))));
  }

  // the other tests of this suite read Chinese
  m_window.reset();
  setChosenLanguage(QStringLiteral("zh_TW"));
  QVERIFY(!installTranslations(*QCoreApplication::instance()).isEmpty());
}

std::map<QString, QStringList> TstZhTw::englishOnEveryPage(QStringList &captions) {
  std::map<QString, QStringList> pages;
  QTabWidget *tabs = m_window->tabs();
  const QSet<QString> tokens = inputTokens();
  const auto read = [&](const QString &page, const QWidget *widget) {
    Walker walker;
    walker.addTokens(tokens);
    walker.setVocabulary([this](const QString &word) { return isVocabularyWord(word); });
    walker.addWindow(widget);
    pages[page] = walker.untranslated();
  };
  captions.clear();
  for (int tab = 0; tab < tabs->count(); ++tab) {
    tabs->setCurrentIndex(tab);
    QApplication::processEvents();
    QTest::qWait(30);
    captions << tabs->tabText(tab);
    const QString name = QStringLiteral("tab %1").arg(tab + 1);
    read(name, tabs->widget(tab));
    for (QTabWidget *inner : tabs->widget(tab)->findChildren<QTabWidget *>()) {
      for (int page = 0; page < inner->count(); ++page) {
        inner->setCurrentIndex(page);
        QApplication::processEvents();
        QTest::qWait(30);
        read(name + QStringLiteral(" page %1").arg(page + 1), inner->widget(page));
      }
      inner->setCurrentIndex(0);
    }
  }
  tabs->setCurrentIndex(0);
  return pages;
}

bool TstZhTw::chooseLanguageInTheMenu(const QString &code) {
  QMenu *view = m_window->findChild<QMenu *>(QStringLiteral("viewMenu"));
  if (!view) return false;
  QList<QAction *> actions;
  collectMenuActions(view, actions);
  for (QAction *action : actions) {
    if (action->data().toString() != code || !action->isCheckable()) continue;
    action->trigger();
    auto *note = m_window->findChild<QMessageBox *>(QStringLiteral("languageBox"));
    if (!note || !note->text().contains(languageName(code))) return false;
    note->close();
    QApplication::processEvents();
    return action->isChecked();
  }
  return false;
}

QTEST_MAIN(TstZhTw)
#include "tst_zh_tw.moc"
