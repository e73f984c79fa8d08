#pragma once
// The host OS as the guest's VMM experiences it: CPUs under a fair scheduler, and hrtimers.
#include <cstdint>
#include <optional>

#include "models/host/cpu_scheduler.hpp"
#include "models/host/host_timers.hpp"
#include "sim/scenario.hpp"

namespace vtick::models::host {

class HostKernel {
 public:
  /// `seed` is the run seed: the wake-up latency and the host tick's phase draw from their
  /// own streams keyed by it. `tick_phase` fixes the phase instead (worked examples use 0).
  HostKernel(sim::Simulation& sim, const sim::HostSpec& spec, std::uint64_t seed,
             std::optional<TimeNs> tick_phase = std::nullopt)
      : sim_(sim),
        spec_(spec),
        scheduler_(sim, spec.scheduler, spec.cpus, spec.hz, WakeupLatency(spec.wakeup_latency, seed),
                   tick_phase.value_or(CpuScheduler::draw_tick_phase(seed, spec.hz))),
        timers_(sim, spec.cpus) {}

  [[nodiscard]] sim::Simulation& sim() { return sim_; }
  [[nodiscard]] CpuScheduler& scheduler() { return scheduler_; }
  [[nodiscard]] const CpuScheduler& scheduler() const { return scheduler_; }
  [[nodiscard]] HostTimers& timers() { return timers_; }
  [[nodiscard]] const HostTimers& timers() const { return timers_; }
  [[nodiscard]] const sim::HostSpec& spec() const { return spec_; }

  /// Slack Linux applies to a task's timed sleeps: none for real-time tasks
  /// (hrtimer_nanosleep uses 0 for rt_task), the host default otherwise.
  [[nodiscard]] TimeNs sleep_slack(const TaskParams& task) const {
    return task.policy == sim::SchedPolicy::Fifo ? 0 : spec_.hrtimer_slack_ns;
  }
  /// The CPU whose timer queue a sleeping task's timer goes on: the one it last ran on.
  [[nodiscard]] int timer_cpu(TaskId task) const {
    const int cpu = scheduler_.cpu_of(task);
    return cpu >= 0 ? cpu : first_allowed_cpu(scheduler_.params(task));
  }

 private:
  static int first_allowed_cpu(const TaskParams& task) { return task.affinity.empty() ? 0 : task.affinity.front(); }

  sim::Simulation& sim_;
  sim::HostSpec spec_;
  CpuScheduler scheduler_;
  HostTimers timers_;
};

}  // namespace vtick::models::host
