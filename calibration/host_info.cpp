#include "calibration/host_info.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <string_view>

namespace vtick::calibration {

std::string kernel_release() {
  utsname names{};
  return ::uname(&names) == 0 ? names.release : "unknown";
}

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  constexpr std::string_view kKey = "model name";
  while (std::getline(cpuinfo, line)) {
    if (line.compare(0, kKey.size(), kKey) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

unsigned online_cpus() {
  const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<unsigned>(n) : 1;
}

std::vector<double> load_average() {
  std::ifstream file("/proc/loadavg");
  std::vector<double> out(3);
  if (!(file >> out[0] >> out[1] >> out[2])) return {};
  return out;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<std::int64_t> default_timer_slack_ns() {
  std::ifstream file("/proc/self/timerslack_ns");
  std::int64_t ns = 0;
  if (!(file >> ns)) return std::nullopt;
  return ns;
}

}  // namespace vtick::calibration
