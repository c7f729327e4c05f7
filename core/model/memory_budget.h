#pragma once
// How much memory a pass may take: sizes as people write them ("512M", "1.5GiB"), as the messages
// print them, and the default budget (half of what the system can give without swapping).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// "512M", "2G", "1.5GiB", "300MB", "4096" (bytes), "0" (no limit). Units are binary whatever the
// spelling (K = KB = KiB = 1024 bytes, as `free -h` and Qt's format count them), case-insensitive.
// nullopt for anything else: no number, a negative one, an unknown unit, more than 2⁶⁴ bytes.
std::optional<std::size_t> parse_memory_size(std::string_view text);

// "1.5 GiB", "512.0 MiB", "12.0 KiB", "100 bytes": one decimal, the largest unit that is ≥ 1.
std::string format_bytes(std::size_t bytes);

// MemAvailable from the text of /proc/meminfo ("MemAvailable:    8123456 kB"), in bytes; nullopt
// when the line is missing or malformed (kernels before 3.14, other systems).
std::optional<std::size_t> mem_available_from_meminfo(std::string_view meminfo);

// Half of MemAvailable (read from meminfo_path now), or 0 (no limit) when it cannot be read:
// the default budget of the CLI and of the GUI's "Half the available RAM" setting.
std::size_t default_memory_budget(const std::string& meminfo_path = "/proc/meminfo");

}  // namespace core
