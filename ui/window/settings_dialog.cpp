#include "settings_dialog.h"

#include <QPushButton>

#include "language.h"
#include "ui_settings_dialog.h"

namespace ui {

namespace {

void selectData(QComboBox *box, const QString &data) {
  const int index = box->findData(data);
  box->setCurrentIndex(index >= 0 ? index : 0);
}

}  // namespace

SettingsDialog::SettingsDialog(const Preferences &preferences, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SettingsDialog>()) {
  m_ui->setupUi(this);
  setObjectName(QStringLiteral("settingsDialog"));
  m_ui->threads->setRange(0, maximumThreads());
  m_ui->precision->addItem(tr("Exact"), QStringLiteral("exact"));
  m_ui->precision->addItem(tr("Fast"), QStringLiteral("fast"));
  for (const QString &code : languageCodes()) m_ui->language->addItem(languageName(code), code);
  m_ui->theme->addItem(tr("System"), QStringLiteral("system"));
  m_ui->theme->addItem(tr("Light"), QStringLiteral("light"));
  m_ui->theme->addItem(tr("Dark"), QStringLiteral("dark"));
  connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_ui->buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
          [this] { showPreferences(Preferences{}); });
  showPreferences(preferences);
}

SettingsDialog::~SettingsDialog() = default;

Preferences SettingsDialog::preferences() const {
  Preferences p;
  p.threads = m_ui->threads->value();
  p.precision = m_ui->precision->currentData().toString();
  p.memoryBudgetMb = m_ui->memoryBudget->value();
  p.language = m_ui->language->currentData().toString();
  p.theme = m_ui->theme->currentData().toString();
  p.positionalEncoding = m_ui->positionalEncoding->isChecked();
  p.peDifference = m_ui->peDifference->isChecked();
  p.threshold = m_ui->threshold->value();
  p.words = m_ui->words->isChecked();
  p.hideSpecial = m_ui->hideSpecial->isChecked();
  p.topPLines = m_ui->topPLines->isChecked();
  p.topP = m_ui->topP->value();
  return p;
}

void SettingsDialog::showPreferences(const Preferences &p) {
  m_ui->threads->setValue(p.threads);
  selectData(m_ui->precision, p.precision);
  m_ui->memoryBudget->setValue(p.memoryBudgetMb);
  selectData(m_ui->language, p.language);
  selectData(m_ui->theme, p.theme);
  m_ui->positionalEncoding->setChecked(p.positionalEncoding);
  m_ui->peDifference->setChecked(p.peDifference);
  m_ui->threshold->setValue(p.threshold);
  m_ui->words->setChecked(p.words);
  m_ui->hideSpecial->setChecked(p.hideSpecial);
  m_ui->topPLines->setChecked(p.topPLines);
  m_ui->topP->setValue(p.topP);
}

}  // namespace ui
