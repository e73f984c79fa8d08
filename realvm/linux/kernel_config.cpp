#include "realvm/linux/kernel_config.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace vtick::realvm::linux_guest {

std::optional<int> config_hz_in(std::string_view config_text) {
  constexpr std::string_view key = "CONFIG_HZ=";
  while (!config_text.empty()) {
    const std::size_t end_of_line = std::min(config_text.find('\n'), config_text.size());
    const std::string_view line = config_text.substr(0, end_of_line);
    config_text.remove_prefix(std::min(end_of_line + 1, config_text.size()));
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

std::optional<int> config_hz(const std::filesystem::path& config) {
  std::ifstream in(config);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return config_hz_in(text.str());
}

}  // namespace vtick::realvm::linux_guest
