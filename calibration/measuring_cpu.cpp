#include "calibration/measuring_cpu.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vtick::calibration {

int measuring_cpu() { return allowed_cpus().front(); }

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

PinnedTo::PinnedTo(int cpu) {
  CPU_ZERO(&previous_);
  if (sched_getaffinity(0, sizeof previous_, &previous_) != 0) {
    throw std::runtime_error(std::string("sched_getaffinity: ") + std::strerror(errno));
  }
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) {
    throw std::runtime_error("sched_setaffinity(CPU " + std::to_string(cpu) + "): " + std::strerror(errno));
  }
}

PinnedTo::~PinnedTo() { sched_setaffinity(0, sizeof previous_, &previous_); }

}  // namespace vtick::calibration
