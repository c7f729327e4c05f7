#include "model/memory_budget.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>

namespace core {

namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// The multiplier of a unit suffix: "" → 1, "k"/"kb"/"kib" → 2¹⁰, "m…" → 2²⁰, "g…" → 2³⁰, "t…" → 2⁴⁰.
std::optional<double> unit_multiplier(std::string_view suffix) {
  const std::string unit = lower(suffix);
  if (unit.empty() || unit == "b") return 1.0;
  static constexpr std::string_view prefixes = "kmgt";
  const std::size_t power = prefixes.find(unit.front());
  if (power == std::string_view::npos) return std::nullopt;
  const std::string rest = unit.substr(1);
  if (!rest.empty() && rest != "b" && rest != "ib") return std::nullopt;
  return std::ldexp(1.0, 10 * static_cast<int>(power + 1));
}

}  // namespace

std::optional<std::size_t> parse_memory_size(std::string_view text) {
  double number = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end == text.data() || !std::isfinite(number) || number < 0.0) return std::nullopt;
  const std::optional<double> multiplier = unit_multiplier(text.substr(static_cast<std::size_t>(end - text.data())));
  if (!multiplier) return std::nullopt;
  const double bytes = std::round(number * *multiplier);
  if (bytes >= std::ldexp(1.0, std::numeric_limits<std::size_t>::digits)) return std::nullopt;
  return static_cast<std::size_t>(bytes);
}

std::string format_bytes(std::size_t bytes) {
  static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(units)) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

std::optional<std::size_t> mem_available_from_meminfo(std::string_view meminfo) {
  static constexpr std::string_view key = "MemAvailable:";
  const std::size_t at = meminfo.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t start = at + key.size();
  while (start < meminfo.size() && meminfo[start] == ' ') ++start;
  std::size_t kib = 0;
  const auto [end, error] = std::from_chars(meminfo.data() + start, meminfo.data() + meminfo.size(), kib);
  if (error != std::errc() || end == meminfo.data() + start) return std::nullopt;
  // The kernel writes every figure in "kB", which it means as KiB.
  if (std::string_view(end, static_cast<std::size_t>(meminfo.data() + meminfo.size() - end)).rfind(" kB", 0) != 0) {
    return std::nullopt;
  }
  return kib * 1024;
}

std::size_t default_memory_budget(const std::string& meminfo_path) {
  std::ifstream stream(meminfo_path);
  const std::string meminfo((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  const std::optional<std::size_t> available = mem_available_from_meminfo(meminfo);
  return available ? *available / 2 : 0;
}

}  // namespace core
