#pragma once
// File ▸ Open Text… and a text file dropped on the window: a UTF-8 text file read whole into the
// source field. A file that is not text is refused with a message naming the file and what is
// wrong (too large, a NUL byte, invalid UTF-8 with its line and column), never pasted as garbage.

#include <QString>

namespace ui {

// 1 MiB: about 250,000 tokens of English, far past any model's maximum positions (the text is cut
// there with the ✂ notice); anything larger is almost certainly not a text to read.
inline constexpr qint64 kMaxTextFileBytes = qint64{1} << 20;

struct TextFile {
  QString text;   // the file's text (a UTF-8 byte-order mark dropped); empty on error
  QString error;  // empty when the file was read
};

TextFile readTextFile(const QString &path, qint64 maxBytes = kMaxTextFileBytes);

}  // namespace ui
