#pragma once
// The small dialog of Replace Token…: what takes the token's place. OK stays disabled while the
// replacement is empty or a piece of it is not in the vocabulary (the message names it), so an
// edit the model cannot read is never made.

#include <QDialog>
#include <functional>
#include <memory>

namespace Ui {
class ReplaceTokenDialog;
}

namespace ui {

class ReplaceTokenDialog : public QDialog {
  Q_OBJECT

 public:
  // check: the problem with a replacement (empty when it can be used), run as the text changes.
  ReplaceTokenDialog(const QString &token, int position, std::function<QString(const QString &)> check,
                     QWidget *parent = nullptr);
  ~ReplaceTokenDialog() override;

  QString replacement() const;
  void setReplacement(const QString &text);
  QString problem() const;  // what the check said about the text typed; empty: OK is enabled
  bool canAccept() const;

 private:
  void validate();

  std::unique_ptr<Ui::ReplaceTokenDialog> m_ui;
  std::function<QString(const QString &)> m_check;
};

}  // namespace ui
