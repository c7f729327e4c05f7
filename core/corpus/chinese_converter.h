#pragma once
// Simplified → Traditional Chinese with OpenCC (Debian's libopencc, its configurations and
// dictionaries in libopencc-data). Two configurations only:
//   s2t    OpenCC's own Traditional standard (爲, 裏, 衆)
//   s2tw   Traditional as written in Taiwan (為, 裡, 眾)
// Both convert character by character plus OpenCC's phrase table for one-to-many characters
// (乐 → 樂, 发 → 發 or 髮). s2twp is left out on purpose: it also swaps vocabulary for modern
// Taiwanese words (循環 → 迴圈 "loop", 消息 → 訊息 "message"), which garbles classical verse.

#include <memory>
#include <string>
#include <string_view>

namespace core {

enum class ChineseConversion { S2T, S2TW };

// "s2t" or "s2tw"; throws InputError naming the other configurations for anything else.
ChineseConversion chinese_conversion_from_name(std::string_view name);
// The OpenCC configuration file of a conversion: "s2t.json" or "s2tw.json".
std::string opencc_config_file(ChineseConversion conversion);

class ChineseConverter {
 public:
  // Opens OpenCC's configuration for the conversion from its data folder.
  explicit ChineseConverter(ChineseConversion conversion);
  // Opens a configuration file by name or path ("s2t.json", "/usr/share/opencc/s2t.json").
  // Throws LoadError naming the file and OpenCC's reason when it cannot be opened.
  explicit ChineseConverter(const std::string& config_file);
  ~ChineseConverter();
  ChineseConverter(const ChineseConverter&) = delete;
  ChineseConverter& operator=(const ChineseConverter&) = delete;
  ChineseConverter(ChineseConverter&&) noexcept;
  ChineseConverter& operator=(ChineseConverter&&) noexcept;

  // UTF-8 in, UTF-8 out; characters without a Traditional form pass through unchanged.
  std::string convert(std::string_view text) const;
  const std::string& config_file() const { return config_file_; }

 private:
  struct Handle;  // OpenCC's opencc_t, closed by the destructor
  std::unique_ptr<Handle> handle_;
  std::string config_file_;
};

}  // namespace core
