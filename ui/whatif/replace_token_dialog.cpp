#include "replace_token_dialog.h"

#include <QPushButton>

#include "ui_replace_token_dialog.h"

namespace ui {

ReplaceTokenDialog::ReplaceTokenDialog(const QString &token, int position,
                                       std::function<QString(const QString &)> check, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ReplaceTokenDialog>()), m_check(std::move(check)) {
  m_ui->setupUi(this);
  m_ui->prompt->setText(tr("Replace token %1 “%2” with:").arg(position).arg(token));
  connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_ui->replacement, &QLineEdit::textChanged, this, &ReplaceTokenDialog::validate);
  validate();
}

ReplaceTokenDialog::~ReplaceTokenDialog() = default;

QString ReplaceTokenDialog::replacement() const {
  return m_ui->replacement->text();
}

void ReplaceTokenDialog::setReplacement(const QString &text) {
  m_ui->replacement->setText(text);
}

QString ReplaceTokenDialog::problem() const {
  return m_ui->problem->text();
}

bool ReplaceTokenDialog::canAccept() const {
  return m_ui->buttons->button(QDialogButtonBox::Ok)->isEnabled();
}

void ReplaceTokenDialog::validate() {
  const QString text = m_ui->replacement->text();
  const QString problem = text.trimmed().isEmpty() ? QString() : (m_check ? m_check(text) : QString());
  m_ui->problem->setText(problem);
  m_ui->problem->setVisible(!problem.isEmpty());
  m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty() && problem.isEmpty());
}

}  // namespace ui
