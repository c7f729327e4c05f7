#pragma once
// The model panel: name, architecture, layers, heads, d_model and parameter count of the open model.

#include <memory>

#include <QWidget>

namespace core {
class Model;
}

namespace Ui {
class ModelPanel;
}

namespace ui {

class ModelPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ModelPanel(QWidget *parent = nullptr);
  ~ModelPanel() override;

  void showModel(const core::Model &model, const QString &folder);
  QString field(const QString &name) const;  // the text of one field, by object name ("heads", …)

 protected:
  void resizeEvent(QResizeEvent *event) override;

 private:
  void showFolder();

  std::unique_ptr<Ui::ModelPanel> m_ui;
  QString m_folder;
};

}  // namespace ui
