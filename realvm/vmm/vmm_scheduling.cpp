#include "realvm/vmm/vmm_scheduling.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vtick::realvm::vmm {
namespace {

cpu_set_t cpu_mask(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : cpus) CPU_SET(cpu, &set);
  return set;
}

[[noreturn]] void refused_nice(int nice, const std::string& target, int error) {
  throw std::invalid_argument("realvm: vmm.nice: setpriority(PRIO_PROCESS, " + target + ", " + std::to_string(nice) +
                              ") failed: " + std::strerror(error) +
                              (nice < 0 ? " (a negative nice needs CAP_SYS_NICE)" : ""));
}

[[noreturn]] void refused_affinity(int error) {
  throw std::invalid_argument(std::string("realvm: vmm.affinity: sched_setaffinity failed: ") + std::strerror(error) +
                              " (a CPU outside this process's cpuset?)");
}

}  // namespace

bool keep_current_thread_off(const std::vector<int>& vmm_cpus) {
  if (vmm_cpus.empty()) return false;
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return false;
  for (int cpu : vmm_cpus) {
    if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_CLR(cpu, &allowed);
  }
  return CPU_COUNT(&allowed) > 0 && sched_setaffinity(0, sizeof allowed, &allowed) == 0;
}

void apply_to_current_thread(const VmmScheduling& scheduling) {
  // On Linux, PRIO_PROCESS with a thread id sets that thread's nice alone.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  if (setpriority(PRIO_PROCESS, tid, scheduling.nice) != 0) refused_nice(scheduling.nice, std::to_string(tid), errno);
  if (scheduling.affinity.empty()) return;
  const cpu_set_t set = cpu_mask(scheduling.affinity);
  if (sched_setaffinity(0, sizeof set, &set) != 0) refused_affinity(errno);
}

ChildScheduling::ChildScheduling(const VmmScheduling& scheduling)
    : nice_(scheduling.nice), pinned_(!scheduling.affinity.empty()), cpus_(cpu_mask(scheduling.affinity)) {}

ChildScheduling::Outcome ChildScheduling::apply() const noexcept {
  // The child has one thread, so who = 0 (the caller) is the whole process QEMU becomes.
  if (setpriority(PRIO_PROCESS, 0, nice_) != 0) return {Refused::nice, errno};
  if (pinned_ && sched_setaffinity(0, sizeof cpus_, &cpus_) != 0) return {Refused::affinity, errno};
  return {};
}

void ChildScheduling::throw_refusal(const Outcome& outcome) const {
  if (outcome.refused == Refused::nice) refused_nice(nice_, "the VMM's process", outcome.error);
  if (outcome.refused == Refused::affinity) refused_affinity(outcome.error);
  throw std::logic_error("ChildScheduling::throw_refusal without a refusal");
}

}  // namespace vtick::realvm::vmm
