// How busy the whole host was over an interval, from /proc/stat: the QEMU tests hold the
// guest's clock to a tight bound only when nothing else competed with QEMU for the CPUs.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace vtick::realvm::qemu::testing {

struct CpuTimes {
  std::uint64_t busy = 0;
  std::uint64_t total = 0;
};

/// The "cpu" line of /proc/stat: all CPUs, in clock ticks.
inline CpuTimes read_cpu_times() {
  std::ifstream stat("/proc/stat");
  std::string label;
  stat >> label;
  CpuTimes times;
  for (int field = 0; field < 8; ++field) {
    std::uint64_t value = 0;
    stat >> value;
    times.total += value;
    if (field != 3 && field != 4) {  // idle, iowait
      times.busy += value;
    }
  }
  return times;
}

/// Fraction of all CPUs' time that was busy between two readings.
inline double busy_fraction(const CpuTimes& before, const CpuTimes& after) {
  const auto total = after.total - before.total;
  return total == 0 ? 0.0 : static_cast<double>(after.busy - before.busy) / static_cast<double>(total);
}

}  // namespace vtick::realvm::qemu::testing
