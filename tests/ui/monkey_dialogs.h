#pragma once
// The monkey's hands for dialogs: a timer (running inside modal event loops too) that answers
// every dialog the window opens the way a hurried user would. File dialogs get a file or folder
// chosen at random from what the monkey prepared (good, damaged and hostile ones; a save goes to
// a fresh name, or into a folder that is a file); Settings gets random preferences; the Hugging
// Face cache dialog waits for its listing and opens a row; the PNG resolution question gets 72;
// message boxes and every other dialog are closed. Each answer is logged for the failure report.

#include <cstdint>
#include <random>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

class QDialog;
class QFileDialog;

namespace ui {
class HfCacheDialog;
class SettingsDialog;
}  // namespace ui

namespace ui::test {

class MonkeyDialogs : public QObject {
  Q_OBJECT

 public:
  // workFolder: where saves go and what opens pick from (with extraFiles and modelFolders).
  MonkeyDialogs(std::uint32_t seed, const QString &workFolder, QObject *parent = nullptr);

  void setModelFolders(const QStringList &folders) { m_modelFolders = folders; }
  void setExtraFiles(const QStringList &files) { m_extraFiles = files; }
  // Whether any dialog (modal or not) is still open.
  bool anyDialogOpen() const;

  int answered() const { return m_answered; }
  int saves() const { return m_saves; }
  int brokenSaves() const { return m_brokenSaves; }
  QString lastAnswer() const { return m_lastAnswer; }

 private:
  void answerOpenDialogs();
  void answer(QDialog *dialog);
  void answerFileDialog(QFileDialog *dialog);
  void answerSettings(SettingsDialog *dialog);
  void answerHfCache(HfCacheDialog *dialog);
  QString pickFileToOpen(const QStringList &patterns);
  QString pickSavePath(const QString &suffix);
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_random); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(m_random) < p; }
  void log(const QString &what);

  std::mt19937 m_random;
  QString m_workFolder;
  QStringList m_modelFolders;
  QStringList m_extraFiles;
  QTimer m_timer;
  int m_answered = 0;
  int m_saves = 0;
  int m_brokenSaves = 0;
  int m_hfCacheWaits = 0;
  QString m_lastAnswer;
};

}  // namespace ui::test
