#include "qk_map_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "corpus_picker.h"
#include "job_runner.h"
#include "layer_steps.h"
#include "qk_scatter_widget.h"

namespace ui {

QkMapResult computeQkMap(const std::shared_ptr<const core::Model> &model, const QString &corpusPath,
                         const core::HeadRef &head, const core::ForwardOptions &forwardOptions,
                         const core::MethodProgress &progress, bool normalise) {
  QkMapResult result;
  result.model = model;
  runCorpusWork(model != nullptr, result, [&] {
    const std::vector<core::CorpusSentence> sentences = readCorpusFile(corpusPath, result.notes);
    core::QkMapOptions options;
    options.progress = progress;
    options.normalise = normalise;
    result.map = std::make_shared<const core::QkMap>(core::compute_qk_map(
        *model, sentences, corpusPath.toStdString(), head, options, forwardOptions, noteInto(result)));
  });
  return result;
}

QkMapPage::QkMapPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_picker(new CorpusPicker(tr("Compute Map"), this)),
      m_colouring(new QComboBox(this)),
      m_normalise(new QCheckBox(tr("Centre and scale queries and keys separately"), this)),
      m_message(new QLabel(this)),
      m_scatter(new QkScatterWidget(this)) {
  m_colouring->setObjectName(QStringLiteral("qkMapColouring"));
  m_colouring->addItem(tr("Colour by position"));
  m_colouring->addItem(tr("Colour by token"));
  m_normalise->setObjectName(QStringLiteral("qkMapNormalise"));
  m_normalise->setToolTip(tr("As AttentionViz does: before the projection the queries and the keys are each moved "
                             "to mean 0 and scaled to mean squared length 1, so the two clouds overlap and the axes "
                             "show how each is arranged. Compute the map again after changing it."));
  m_message->setObjectName(QStringLiteral("qkMapMessage"));
  m_message->setWordWrap(true);
  m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_message->setText(introduction());
  m_scatter->setObjectName(QStringLiteral("qkMapScatter"));
  auto *options = new QHBoxLayout;
  options->addWidget(m_colouring);
  options->addWidget(m_normalise);
  options->addStretch(1);
  auto *layout = new QVBoxLayout(this);
  layout->addWidget(m_picker);
  layout->addLayout(options);
  layout->addWidget(m_message);
  layout->addWidget(m_scatter, 1);
  connect(m_picker, &CorpusPicker::runRequested, this, &QkMapPage::compute);
  connect(m_picker, &CorpusPicker::cancelRequested, this, &QkMapPage::cancel);
  connect(m_colouring, &QComboBox::currentIndexChanged, this, [this](int index) {
    m_scatter->setColouring(index == 0 ? QkScatterWidget::Colouring::Position : QkScatterWidget::Colouring::Token);
  });
  connect(m_scatter, &QkScatterWidget::pointClicked, this, &QkMapPage::showPoint);
}

QString QkMapPage::message() const { return m_message->text(); }

QString QkMapPage::introduction() const {
  return tr("The selected head's queries (●) and keys (■) over a corpus, projected onto the two axes "
            "that keep most of their spread (PCA): a query lies near the keys it scores highly. "
            "Click a point to open its sentence.");
}

bool QkMapPage::isBusy() const { return m_runner->isBusy(JobLane::WhyMap); }

void QkMapPage::setModel(std::shared_ptr<const core::Model> model, const core::ForwardOptions &forwardOptions) {
  if (model != m_model) {
    m_runner->supersede(JobLane::WhyMap);
    m_picker->setBusy(false);
    m_scatter->setMap(nullptr);
    m_result = {};
    // (not "Computing the map…" of a run just dropped, nor the count of a map no longer drawn)
    m_message->setText(introduction());
  }
  m_model = std::move(model);
  m_forwardOptions = forwardOptions;
}

void QkMapPage::setHead(const core::HeadRef &head) { m_head = head; }

void QkMapPage::compute() {
  m_picker->setBusy(true);
  m_message->setText(tr("Computing the map of %1, layer %2, head %3…")
                         .arg(describeKind(m_head.kind))
                         .arg(m_head.layer + 1)
                         .arg(m_head.head + 1));
  m_runner->submit(
      JobLane::WhyMap, this,
      [model = m_model, path = m_picker->corpusPath(), head = m_head, options = m_forwardOptions,
       normalise = m_normalise->isChecked(),
       progress = m_picker->progressFor(m_runner, JobLane::WhyMap)](const JobContext &context) {
        return computeQkMap(model, path, head, options, progress(context), normalise);
      },
      [this](QkMapResult result) { showResult(std::move(result)); });
}

void QkMapPage::cancel() { m_runner->cancel(JobLane::WhyMap); }

void QkMapPage::showResult(QkMapResult result) {
  m_result = std::move(result);
  m_scatter->setMap(m_result.map.get());
  m_message->setText(m_picker->finish(m_result, tr("No map: %1"), [this] {
    const QString text = tr("%1 points (queries and keys) from %2 sentences.")
                             .arg(m_result.map->points.size())
                             .arg(m_result.map->sentences.size());
    return m_result.map->normalised ? text + QLatin1Char(' ') + tr("Queries and keys centred and scaled separately.")
                                    : text;
  }));
  emit mapShown();
}

void QkMapPage::showPoint(int n) {
  if (!m_result.map) return;
  const core::QkPoint &point = m_result.map->points[static_cast<std::size_t>(n)];
  const core::CorpusSentence &sentence = m_result.map->sentences[point.sentence];
  m_scatter->setToolTip(tr("%1 %2 “%3”, line %4: %5")
                            .arg(point.kind == core::QkPointKind::Query ? tr("query") : tr("key"))
                            .arg(point.position + 1)
                            .arg(QString::fromStdString(point.token))
                            .arg(sentence.line)
                            .arg(QString::fromStdString(sentence.text)));
  emit openSentence(QString::fromStdString(sentence.text), QString::fromStdString(sentence.target));
}

}  // namespace ui
