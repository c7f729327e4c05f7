#include "model_panel.h"

#include <algorithm>

#include <QLabel>
#include <QLocale>

#include "model/model.h"
#include "model_description.h"
#include "ui_model_panel.h"

namespace ui {

namespace {

QString architectureText(core::Architecture architecture) {
  switch (architecture) {
    case core::Architecture::EncoderOnly: return ModelPanel::tr("encoder only");
    case core::Architecture::DecoderOnly: return ModelPanel::tr("decoder only");
    case core::Architecture::EncoderDecoder: return ModelPanel::tr("encoder–decoder");
  }
  return {};
}

}  // namespace

ModelPanel::ModelPanel(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::ModelPanel>()) {
  m_ui->setupUi(this);
  // The folder (or a training run's "step N") never sets the panel's width: as it changes during
  // training, a label that asked for its text's width would widen the dock and shift the views.
  m_ui->folder->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_ui->folder->setMinimumWidth(0);
}

void ModelPanel::resizeEvent(QResizeEvent *event) {
  QWidget::resizeEvent(event);
  showFolder();
}

void ModelPanel::showFolder() {
  // Elided to the room the label has; the tooltip holds it whole.
  const int room = std::max(m_ui->folder->width(), 40);
  m_ui->folder->setText(m_ui->folder->fontMetrics().elidedText(m_folder, Qt::ElideMiddle, room));
}

ModelPanel::~ModelPanel() = default;

void ModelPanel::showModel(const core::Model &model, const QString &folder) {
  const core::ModelSpec &config = model.spec();
  const QLocale locale;
  m_ui->name->setText(QString::fromStdString(config.name));
  m_ui->architecture->setText(tr("%1 (%2)").arg(architectureText(config.architecture), QString::fromStdString(config.family)));
  QStringList layers;
  if (config.has_encoder()) layers << tr("%1 encoder").arg(config.encoder_layers());
  if (config.has_decoder()) layers << tr("%1 decoder").arg(config.decoder_layers());
  m_ui->layers->setText(layers.join(tr(" + ")));
  m_ui->heads->setText(attentionDescription(config));
  m_ui->dModel->setText(QString::number(config.d_model));
  m_ui->parameters->setText(locale.toString(static_cast<qlonglong>(model.tensors().parameter_count)));
  m_ui->positions->setText(QString::number(config.max_positions));
  m_ui->encoding->setText(positionsDescription(config));
  m_ui->blocks->setText(blocksDescription(config));
  m_folder = folder;
  m_ui->folder->setToolTip(folder);
  showFolder();
}

QString ModelPanel::field(const QString &name) const {
  const auto *label = findChild<QLabel *>(name);
  return label ? label->text() : QString();
}

}  // namespace ui
