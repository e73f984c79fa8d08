// The four kinds of host load a scenario can ask for, and the host's own background task.
#include <vector>

#include "models/host/host_noise.hpp"
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

/// This host's own background work on one CPU (host.background): a run at each start of a
/// NoiseTimeline (exponential time between runs, lengths drawn from the measured quantiles,
/// stream "host/background/cpu<N>"). The timeline does not wait for the task: a run that
/// ends after the next one's start (it waited for the CPU) goes straight on to that one.
class BackgroundTask final : public LoadTask {
 public:
  BackgroundTask(HostKernel& host, const sim::LoadTaskSpec& spec, const sim::HostNoiseSpec& runs, std::uint64_t seed,
                 int cpu)
      : LoadTask(host, spec, spec.name), timeline_(runs, seed, cpu, GapKind::background), next_(timeline_.next()) {}

 protected:
  [[nodiscard]] TimeNs first_wake(TimeNs start) const override { return start + next_.start; }
  TimeNs burst_on_wake(TimeNs) override { return take_run(); }
  Next after_burst(TimeNs now) override {
    if (next_.start <= now) return {take_run(), 0};
    return {0, next_.start};
  }

 private:
  TimeNs take_run() {
    const TimeNs length = next_.length;
    next_ = timeline_.next();
    return length;
  }

  NoiseTimeline timeline_;
  NoiseGap next_;
};

}  // namespace

std::vector<std::unique_ptr<LoadTask>> make_background_tasks(HostKernel& host, const sim::HostNoiseSpec& runs,
                                                             std::uint64_t seed) {
  std::vector<std::unique_ptr<LoadTask>> tasks;
  if (runs.rate_per_s <= 0) return tasks;
  for (int cpu = 0; cpu < host.scheduler().cpu_count(); ++cpu) {
    sim::LoadTaskSpec spec;
    spec.name = "host.background.cpu" + std::to_string(cpu);
    spec.kind = sim::LoadKind::Sleeper;
    spec.affinity = {cpu};
    tasks.push_back(std::make_unique<BackgroundTask>(host, spec, runs, seed, cpu));
  }
  return tasks;
}

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
