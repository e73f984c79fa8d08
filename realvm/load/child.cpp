#include "realvm/load/child.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <ctime>

#include "realvm/load/spin_meter.hpp"

namespace vtick::realvm::load {
namespace {

TimeNs clock_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<TimeNs>(ts.tv_sec) * sim::kNsPerSec + ts.tv_nsec;
}

/// The task's time line: CPU bursts and absolute sleeps, all ending at `end_`. Every wait
/// and every spin checks `end_`, so no child outlives its stop time or the hard deadline, not
/// even a SCHED_FIFO spinner whose parent (and its SIGKILL) is gone.
class Timeline {
 public:
  Timeline(TimeNs origin, TimeNs deadline, TimeNs stop) : origin_(origin), end_(origin + std::min(stop, deadline)) {}

  /// CLOCK_MONOTONIC of a time relative to the start call; clamped so it cannot overflow.
  [[nodiscard]] TimeNs at(TimeNs relative) const { return origin_ + std::min(relative, end_ - origin_); }

  /// Sleeps until absolute `wake`; false when the task's end came first.
  bool sleep_until(TimeNs wake) const {
    const TimeNs until = std::min(wake, end_);
    const timespec ts{static_cast<time_t>(until / sim::kNsPerSec), static_cast<long>(until % sim::kNsPerSec)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
    }
    return until < end_;
  }

  /// Spins until this process has run `cpu_ns` more, as spin_meter.hpp counts it (no system
  /// call); false when the task's end came first. CPU time, not elapsed time, as the
  /// simulator's bursts: a preempted burst runs on.
  [[nodiscard]] bool burn(TimeNs cpu_ns) const {
    TimeNs now = clock_ns(CLOCK_MONOTONIC);
    SpinMeter meter(now);
    while (meter.used() < cpu_ns) {
      if (now >= end_) return false;
      now = clock_ns(CLOCK_MONOTONIC);
      meter.step(now);
    }
    return true;
  }

  [[nodiscard]] TimeNs now() const { return clock_ns(CLOCK_MONOTONIC); }

 private:
  TimeNs origin_;
  TimeNs end_;
};

/// docs/scenarios.md's semantics of each kind, as models/host/load_kinds.cpp simulates them.
void behave(const sim::LoadTaskSpec& spec, sim::RandomStream& random, const Timeline& line) {
  if (!line.sleep_until(line.at(spec.start_ns))) return;
  switch (spec.kind) {
    case sim::LoadKind::CpuHog:
      while (line.burn(sim::kNsPerSec)) {
      }
      return;
    case sim::LoadKind::Duty: {
      const TimeNs origin = line.at(spec.start_ns) + spec.phase_ns;
      if (!line.sleep_until(origin)) return;
      for (TimeNs k = 1;; ++k) {
        if (!line.burn(spec.run_ns)) return;
        const TimeNs next = origin + k * spec.period_ns;
        // An overrun period runs on into the next without sleeping, as in the model.
        if (line.now() < next && !line.sleep_until(next)) return;
      }
    }
    case sim::LoadKind::Bursty:
      // Draw order (on, off, on, ...) is the model's, so both see the same lengths.
      while (line.burn(random.exponential_ns(spec.mean_on_ns)) &&
             line.sleep_until(line.now() + random.exponential_ns(spec.mean_off_ns))) {
      }
      return;
    case sim::LoadKind::Sleeper:
      while (line.burn(spec.run_ns) && line.sleep_until(line.now() + random.exponential_ns(spec.mean_sleep_ns))) {
      }
      return;
  }
}

[[noreturn]] void fail(const ChildStart& start, SetupStep step) {
  const SetupReport report{step, errno};
  // Nothing to do if the parent stopped listening: it reports the missing answer itself.
  [[maybe_unused]] const auto written = write(start.report_fd, &report, sizeof report);
  _exit(kExitSetupFailed);
}

void apply_scheduling(const ChildStart& start) {
  const TaskPlan& plan = *start.plan;
  if (!plan.spec.affinity.empty() && sched_setaffinity(0, sizeof plan.cpus, &plan.cpus) != 0) {
    fail(start, SetupStep::kAffinity);
  }
  // SCHED_OTHER is set explicitly too, so a child of a real-time parent is not real-time.
  const bool fifo = plan.spec.policy == sim::SchedPolicy::Fifo;
  const sched_param param{fifo ? plan.spec.rt_priority : 0};
  if (sched_setscheduler(0, fifo ? SCHED_FIFO : SCHED_OTHER, &param) != 0) fail(start, SetupStep::kPolicy);
  if (!fifo && setpriority(PRIO_PROCESS, 0, plan.spec.nice) != 0) fail(start, SetupStep::kNice);
}

}  // namespace

void run_child(const ChildStart& start) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(start, SetupStep::kDeathSignal);
  // The parent may have died between fork and prctl; then no signal will ever come.
  if (getppid() != start.parent) _exit(kExitOrphaned);
  if (setpgid(0, start.group) != 0) fail(start, SetupStep::kProcessGroup);
  apply_scheduling(start);
  const SetupReport ready{};
  if (write(start.report_fd, &ready, sizeof ready) != static_cast<ssize_t>(sizeof ready)) _exit(kExitOrphaned);
  close(start.report_fd);

  // The child's copy of the stream: drawing from it does not touch the parent's.
  sim::RandomStream random = start.plan->random;
  behave(start.plan->spec, random, Timeline(start.origin_ns, start.deadline_ns, start.plan->spec.stop_ns));
  _exit(kExitDone);
}

}  // namespace vtick::realvm::load
