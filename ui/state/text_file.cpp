#include "text_file.h"

#include <string>
#include <string_view>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include "model/memory_budget.h"
#include "text/unicode.h"

namespace ui {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("ui::TextFile", text); }

QString sizeText(qint64 bytes) { return QString::fromStdString(core::format_bytes(static_cast<std::size_t>(bytes))); }

// Offset of the first byte that does not start a valid UTF-8 sequence, or npos. core's
// sanitize_utf8 leaves valid text unchanged and replaces each ill-formed sequence, so the first
// difference lies inside the first ill-formed sequence; stepping back over its continuation
// bytes (10xxxxxx) finds where that sequence starts.
std::size_t firstInvalidUtf8(std::string_view bytes) {
  const std::string sanitized = core::sanitize_utf8(bytes);
  if (sanitized == bytes) return std::string_view::npos;
  std::size_t at = 0;
  while (at < bytes.size() && at < sanitized.size() && bytes[at] == sanitized[at]) ++at;
  for (int back = 0; back < 3 && at > 0 && (static_cast<unsigned char>(bytes[at]) & 0xC0) == 0x80; ++back) --at;
  return at;
}

}  // namespace

TextFile readTextFile(const QString &path, qint64 maxBytes) {
  TextFile result;
  const QString name = QFileInfo(path).fileName();
  QFile file(path);
  if (QFileInfo(path).isDir()) {
    result.error = tr("%1 is a folder, not a text file.").arg(name);
    return result;
  }
  if (!file.open(QIODevice::ReadOnly)) {
    result.error = tr("%1 cannot be read: %2").arg(name, file.errorString());
    return result;
  }
  if (file.size() > maxBytes) {
    result.error = tr("%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).")
                       .arg(name, sizeText(file.size()), sizeText(maxBytes));
    return result;
  }
  // One more byte than allowed: a file that grew since size() was read is caught too.
  const QByteArray bytes = file.read(maxBytes + 1);
  if (bytes.size() > maxBytes) {
    result.error = tr("%1 is larger than %2.").arg(name, sizeText(maxBytes));
    return result;
  }
  if (bytes.isEmpty()) {
    result.error = tr("%1 is empty.").arg(name);
    return result;
  }
  const qsizetype nul = bytes.indexOf('\0');
  if (nul >= 0) {
    result.error = tr("%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).").arg(name).arg(nul);
    return result;
  }
  const std::string_view view(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  const std::size_t invalid = firstInvalidUtf8(view);
  if (invalid != std::string_view::npos) {
    // Line and column as an editor counts them: from 1, the column in characters of that line.
    const QByteArray before = bytes.left(static_cast<qsizetype>(invalid));
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    const int line = static_cast<int>(before.count('\n')) + 1;
    const int column = static_cast<int>(QString::fromUtf8(before.mid(lineStart)).size()) + 1;
    result.error = tr("%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file "
                      "as UTF-8 and open it again.")
                       .arg(name)
                       .arg(QString::number(static_cast<unsigned char>(bytes[static_cast<qsizetype>(invalid)]), 16).toUpper().rightJustified(2, QLatin1Char('0')))
                       .arg(line)
                       .arg(column);
    return result;
  }
  constexpr std::string_view byteOrderMark = "\xEF\xBB\xBF";
  const qsizetype skip = view.starts_with(byteOrderMark) ? qsizetype{3} : qsizetype{0};
  result.text = QString::fromUtf8(bytes.mid(skip));
  return result;
}

}  // namespace ui
