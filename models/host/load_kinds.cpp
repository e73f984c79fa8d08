// The four kinds of host load a scenario can ask for.
#include "models/host/load_task.hpp"

namespace vtick::models::host {
namespace {

/// Always runnable: a compiler, a render job.
class CpuHog final : public LoadTask {
 public:
  using LoadTask::LoadTask;

 protected:
  TimeNs burst_on_wake(TimeNs) override { return kEndlessBurst; }
  Next after_burst(TimeNs) override { return {kEndlessBurst, 0}; }
};

/// Runs `run` of CPU at the start of every period (origin = start + phase). A period whose
/// work is not done when the next one begins runs on (overrun) without sleeping.
class DutyTask final : public LoadTask {
 public:
  DutyTask(HostKernel& host, const sim::LoadTaskSpec& spec, std::string name)
      : LoadTask(host, spec, std::move(name)), run_(spec.run_ns), period_(spec.period_ns), phase_(spec.phase_ns) {}

 protected:
  [[nodiscard]] TimeNs first_wake(TimeNs start) const override { return start + phase_; }
  TimeNs burst_on_wake(TimeNs now) override {
    if (origin_ < 0) origin_ = now;
    return run_;
  }
  Next after_burst(TimeNs now) override {
    ++period_index_;
    const TimeNs next_start = origin_ + period_index_ * period_;
    if (now >= next_start) return {run_, 0};
    return {0, next_start};
  }

 private:
  TimeNs run_, period_, phase_;
  TimeNs origin_ = -1;
  TimeNs period_index_ = 0;
};

/// Exponentially distributed CPU bursts and sleeps: interactive or batchy background work.
class BurstyTask final : public LoadTask {
 public:
  BurstyTask(HostKernel& host, const sim::LoadTaskSpec& spec, std::string name, std::uint64_t seed)
      : LoadTask(host, spec, name), on_(spec.mean_on_ns), off_(spec.mean_off_ns), random_(seed, "load/" + name) {}

 protected:
  TimeNs burst_on_wake(TimeNs) override { return random_.exponential_ns(on_); }
  Next after_burst(TimeNs now) override { return {0, now + random_.exponential_ns(off_)}; }

 private:
  TimeNs on_, off_;
  sim::RandomStream random_;
};

/// Short fixed runs between exponentially distributed sleeps: I/O-bound work.
class SleeperTask final : public LoadTask {
 public:
  SleeperTask(HostKernel& host, const sim::LoadTaskSpec& spec, std::string name, std::uint64_t seed)
      : LoadTask(host, spec, name), run_(spec.run_ns), sleep_(spec.mean_sleep_ns), random_(seed, "load/" + name) {}

 protected:
  TimeNs burst_on_wake(TimeNs) override { return run_; }
  Next after_burst(TimeNs now) override { return {0, now + random_.exponential_ns(sleep_)}; }

 private:
  TimeNs run_, sleep_;
  sim::RandomStream random_;
};

}  // namespace

std::unique_ptr<LoadTask> make_load_task(HostKernel& host, const sim::LoadTaskSpec& spec, std::string name,
                                         std::uint64_t seed) {
  switch (spec.kind) {
    case sim::LoadKind::CpuHog: return std::make_unique<CpuHog>(host, spec, std::move(name));
    case sim::LoadKind::Duty: return std::make_unique<DutyTask>(host, spec, std::move(name));
    case sim::LoadKind::Bursty: return std::make_unique<BurstyTask>(host, spec, std::move(name), seed);
    case sim::LoadKind::Sleeper: return std::make_unique<SleeperTask>(host, spec, std::move(name), seed);
  }
  throw std::logic_error("unknown load kind");
}

}  // namespace vtick::models::host
