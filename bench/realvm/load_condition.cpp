#include "bench/realvm/load_condition.hpp"

#include <sched.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vtick::realvm_bench {
namespace {

constexpr int kMeasuredCpu = 0;

std::vector<sim::LoadTaskSpec> tasks_for(Condition condition) {
  sim::LoadTaskSpec task;
  task.affinity = {kMeasuredCpu};
  switch (condition) {
    case Condition::idle:
      return {};
    case Condition::hogs:
      task.name = "hog";
      task.kind = sim::LoadKind::CpuHog;
      task.count = 2;
      return {task};
    case Condition::blackout:
      // 35 ms: more than three 10 ms ticks, so a discarding scheme loses ticks every period
      // whatever the phase; 35 % stays well inside the kernel's RT throttling limit (95 %).
      task.name = "blackout";
      task.kind = sim::LoadKind::Duty;
      task.policy = sim::SchedPolicy::Fifo;
      task.rt_priority = 50;
      task.run_ns = 35 * sim::kNsPerMs;
      task.period_ns = 100 * sim::kNsPerMs;
      return {task};
  }
  return {};
}

}  // namespace

std::string_view condition_name(Condition condition) {
  switch (condition) {
    case Condition::idle: return "idle";
    case Condition::hogs: return "hogs";
    case Condition::blackout: return "blackout";
  }
  return "unknown";
}

std::string_view condition_description(Condition condition) {
  switch (condition) {
    case Condition::idle: return "idle: no load of ours on CPU 0";
    case Condition::hogs: return "hogs: two cpu_hog processes pinned to CPU 0 with the VMM";
    case Condition::blackout: return "blackout: SCHED_FIFO duty task spinning 35 ms every 100 ms on CPU 0";
  }
  return "unknown";
}

void pin_to_measured_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(kMeasuredCpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) {
    throw std::runtime_error(std::string("sched_setaffinity(CPU 0): ") + std::strerror(errno));
  }
}

LoadScope::LoadScope(Condition condition, std::chrono::nanoseconds longest) {
  const auto tasks = tasks_for(condition);
  if (tasks.empty()) {
    return;
  }
  load_ = std::make_unique<realvm::load::HostLoad>(tasks, 0, longest.count());
  load_->start();
}

}  // namespace vtick::realvm_bench
