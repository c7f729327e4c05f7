#include "hf_cache_dialog.h"

#include <QDir>
#include <QHeaderView>
#include <QPushButton>

#include "ui_hf_cache_dialog.h"

namespace ui {

HfCacheDialog::HfCacheDialog(const std::filesystem::path &cache, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::HfCacheDialog>()), m_table(new HfCacheTable(this)), m_cache(cache) {
  m_ui->setupUi(this);
  setObjectName(QStringLiteral("hfCacheDialog"));
  m_ui->models->setModel(m_table);
  m_ui->models->horizontalHeader()->setSectionResizeMode(HfCacheTable::StatusColumn, QHeaderView::Stretch);
  const QString where = QDir::toNativeSeparators(QString::fromStdString(cache.string()));
  m_ui->cacheLabel->setText(cache.empty() ? tr("No Hugging Face cache folder is set (HF_HUB_CACHE, HF_HOME or HOME).")
                                          : tr("Reading the Hugging Face cache %1…").arg(where));
  QPushButton *open = m_ui->buttons->button(QDialogButtonBox::Open);
  open->setEnabled(false);
  connect(open, &QPushButton::clicked, this, &HfCacheDialog::openSelected);
  connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_ui->models, &QTableView::doubleClicked, this, &HfCacheDialog::openSelected);
  connect(m_ui->models->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &HfCacheDialog::updateSelection);
}

void HfCacheDialog::showRows(std::vector<HfCacheTable::Row> rows) {
  m_table->setRows(std::move(rows));
  m_ui->models->resizeColumnsToContents();
  const QString where = QDir::toNativeSeparators(QString::fromStdString(m_cache.string()));
  if (m_cache.empty()) {
    m_ui->cacheLabel->setText(tr("No Hugging Face cache folder is set (HF_HUB_CACHE, HF_HOME or HOME)."));
  } else if (m_table->rowCount() == 0) {
    m_ui->cacheLabel->setText(tr("No models in %1. AttentionScope never downloads: fetch one with "
                                 "huggingface-cli download ORG/NAME.").arg(where));
  } else {
    m_ui->cacheLabel->setText(tr("Models in %1:").arg(where));
  }
  if (m_table->rowCount() > 0) m_ui->models->selectRow(0);
  m_listed = true;
  emit listed();
}

HfCacheDialog::~HfCacheDialog() = default;

QTableView *HfCacheDialog::view() const { return m_ui->models; }

int HfCacheDialog::selectedRow() const {
  const QModelIndexList rows = m_ui->models->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.front().row();
}

void HfCacheDialog::updateSelection() {
  const int row = selectedRow();
  const bool opens = row >= 0 && m_table->opens(row);
  m_ui->buttons->button(QDialogButtonBox::Open)->setEnabled(opens);
  if (row < 0) m_ui->detail->clear();
  else if (opens) m_ui->detail->setText(QDir::toNativeSeparators(m_table->folder(row)));
  else m_ui->detail->setText(tr("%1 cannot be opened: %2").arg(m_table->id(row), m_table->problem(row)));
}

void HfCacheDialog::openSelected() {
  const int row = selectedRow();
  if (row < 0 || !m_table->opens(row)) return;
  emit modelChosen(m_table->id(row), m_table->folder(row));
  accept();
}

}  // namespace ui
