#include "realvm/load/setup_error.hpp"

#include <cerrno>
#include <cstring>

#include "sim/join.hpp"

namespace vtick::realvm::load {
namespace {

std::string failed_call(const TaskPlan& plan, SetupStep step) {
  const auto& spec = plan.spec;
  switch (step) {
    case SetupStep::kReady: break;
    case SetupStep::kDeathSignal: return "prctl(PR_SET_PDEATHSIG, SIGKILL)";
    case SetupStep::kProcessGroup: return "setpgid";
    case SetupStep::kAffinity: {
      std::vector<std::string> cpus;
      for (const int cpu : spec.affinity) cpus.push_back(std::to_string(cpu));
      return "sched_setaffinity(CPUs " + sim::join(cpus, ",") + ")";
    }
    case SetupStep::kPolicy:
      return spec.policy == sim::SchedPolicy::Fifo
                 ? "sched_setscheduler(SCHED_FIFO, priority " + std::to_string(spec.rt_priority) + ")"
                 : "sched_setscheduler(SCHED_OTHER)";
    case SetupStep::kNice: return "setpriority(nice " + std::to_string(spec.nice) + ")";
  }
  return "setup";
}

}  // namespace

std::string describe_setup_failure(const TaskPlan& plan, const SetupReport& report) {
  std::string text = "load task '" + plan.name + "': " + failed_call(plan, report.step) +
                     " failed: " + std::strerror(report.error);
  const bool scheduling = report.step == SetupStep::kPolicy || report.step == SetupStep::kNice;
  if (scheduling && (report.error == EPERM || report.error == EACCES)) {
    text += " (a negative nice or SCHED_FIFO needs root or CAP_SYS_NICE, or a high enough "
            "RLIMIT_NICE / RLIMIT_RTPRIO)";
  }
  return text;
}

}  // namespace vtick::realvm::load
