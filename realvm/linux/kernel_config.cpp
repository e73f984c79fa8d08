#include "realvm/linux/kernel_config.hpp"

#include <charconv>
#include <fstream>
#include <string>

namespace vtick::realvm::linux_guest {

std::optional<int> config_hz(const std::filesystem::path& config) {
  std::ifstream in(config);
  std::string line;
  constexpr std::string_view key = "CONFIG_HZ=";
  while (std::getline(in, line)) {
    if (!line.starts_with(key)) continue;
    int hz = 0;
    const char* begin = line.data() + key.size();
    const char* end = line.data() + line.size();
    const auto [rest, error] = std::from_chars(begin, end, hz);
    if (error == std::errc() && rest == end && hz > 0) return hz;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace vtick::realvm::linux_guest
