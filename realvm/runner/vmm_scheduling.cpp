#include "realvm/runner/vmm_scheduling.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vtick::realvm::runner {
namespace {

[[noreturn]] void refused(const std::string& field, const std::string& call, const char* hint) {
  const int error = errno;
  throw std::invalid_argument("realvm: " + field + ": " + call + " failed: " + std::strerror(error) + hint);
}

}  // namespace

void apply_to_current_thread(const VmmScheduling& scheduling) {
  // On Linux, PRIO_PROCESS with a thread id sets that thread's nice alone.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  if (setpriority(PRIO_PROCESS, tid, scheduling.nice) != 0) {
    refused("vmm.nice", "setpriority(PRIO_PROCESS, " + std::to_string(tid) + ", " + std::to_string(scheduling.nice) + ")",
            scheduling.nice < 0 ? " (a negative nice needs CAP_SYS_NICE)" : "");
  }
  if (scheduling.affinity.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : scheduling.affinity) CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) refused("vmm.affinity", "sched_setaffinity", " (a CPU outside this process's cpuset?)");
}

}  // namespace vtick::realvm::runner
