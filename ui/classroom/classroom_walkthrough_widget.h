#pragma once
// The walkthrough of one attention layer, one page per step of the lecture (a^i → q, k, v → α →
// mask → α̂ → b → matrix form → multi-head), with the model's actual numbers and Next/Back.
// Embeddable: give it a model and its input; layer, head, query and page are slots.

#include <cstddef>
#include <memory>
#include <optional>

#include <QStringList>
#include <QWidget>

#include "model/model.h"
#include "text/tokenizer.h"
#include "classroom/walkthrough.h"

class QLabel;
class QPushButton;
class QTextBrowser;

namespace ui {

class JobRunner;

class ClassroomWalkthroughWidget : public QWidget {
  Q_OBJECT

 public:
  // runner: where the walkthrough's forward pass runs; walkthroughShown follows each change.
  explicit ClassroomWalkthroughWidget(JobRunner *runner, QWidget *parent = nullptr);

  // source feeds the encoder, target the decoder, as core::forward takes them. memoryBudget: bytes
  // the pass may allocate (Settings ▸ Memory budget; 0: no limit); a pass over it shows the guard's message.
  void setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &source,
                const core::Tokenization &target, bool positionalEncoding, std::size_t memoryBudget = 0);

  int page() const { return m_page; }
  const core::Walkthrough *walkthrough() const { return m_walkthrough ? &*m_walkthrough : nullptr; }
  QString pageText() const;  // the page as plain text, as a screen reader or a test reads it
  QString errorText() const { return m_error; }
  QPushButton *backButton() const { return m_back; }
  QPushButton *nextButton() const { return m_next; }

 public slots:
  void showAttention(core::AttentionKind kind, int layer);
  void showHead(int head);
  void showQuery(int query);
  void showPage(int page);
  void nextPage();
  void previousPage();

 signals:
  void pageChanged(int page);
  void queryChanged(int query);
  void walkthroughShown();  // the newest request's numbers (or its error) are on the page

 protected:
  void changeEvent(QEvent *event) override;

 private:
  void showTitleFont();
  void recompute();
  void render();

  JobRunner *m_runner;
  std::shared_ptr<const core::Model> m_model;
  core::Tokenization m_source;
  core::Tokenization m_target;
  bool m_positionalEncoding = true;
  std::size_t m_memoryBudget = 0;  // Settings ▸ Memory budget for the pass; 0: no limit
  core::WalkthroughRequest m_request;
  std::optional<core::Walkthrough> m_walkthrough;
  QString m_error;
  int m_page = 0;

  QLabel *m_title;
  QTextBrowser *m_text;
  QPushButton *m_back;
  QPushButton *m_next;
};

}  // namespace ui
