#include "sim/runner/world.hpp"

#include <string>

#include "models/host/wakeup_latency.hpp"
#include "sim/rng.hpp"


namespace vtick::sim::runner {
namespace {

/// The scenario's load, then the host's own background tasks (host.background).
std::vector<std::unique_ptr<models::host::LoadTask>> make_load(models::host::HostKernel& host, const Scenario& scenario,
                                                               std::uint64_t seed) {
  std::vector<std::unique_ptr<models::host::LoadTask>> tasks;
  for (const auto& spec : scenario.load) {
    for (int i = 0; i < spec.count; ++i) {
      tasks.push_back(models::host::make_load_task(host, spec, spec.instance_name(i), seed));
    }
  }
  for (auto& task : models::host::make_background_tasks(host, scenario.host.background, seed)) tasks.push_back(std::move(task));
  return tasks;
}

/// The emulated timer's period for this run: 1/hz off by vmm.timer_period_error, a
/// distribution's draw (stream "vmm.timer_period") as each boot of a real guest calibrates
/// its own count.
TimeNs device_period(const Scenario& scenario, std::uint64_t seed) {
  const TimeNs nominal = scenario.tick_period_ns();
  const auto& error = scenario.vmm.timer_period_error_ppb;
  if (error.empty()) return nominal;
  const std::int64_t ppb =
      error.size() == 1 ? error.front()
                        : models::host::WakeupLatency::inverse_cdf(error, RandomStream(seed, "vmm.timer_period").next_u64() >> 11);
  // Rounded to the nearest ns (|ppb| <= 1e6, so nominal x ppb stays far inside int64).
  const std::int64_t scaled = nominal * ppb;
  return nominal + (scaled >= 0 ? scaled + 500'000'000 : scaled - 500'000'000) / 1'000'000'000;
}

}  // namespace

RunTracer::RunTracer(TraceWriter& trace, const models::host::CpuScheduler& scheduler)
    : trace_(trace), scheduler_(scheduler) {
  for (int cpu = 0; cpu < scheduler.cpu_count(); ++cpu) cpu_tracks_.push_back(trace.track("host", "cpu " + std::to_string(cpu)));
}

void RunTracer::on_ran(int cpu, models::host::TaskId task, TimeNs begin, TimeNs end) {
  trace_.slice(cpu_tracks_[static_cast<std::size_t>(cpu)], scheduler_.params(task).name, begin, end, "sched");
}

World::World(const Scenario& scenario, std::uint64_t seed, EngineKind engine, SeriesWriter& series, TraceWriter& trace)
    : sim(engine),
      host(sim, scenario.host, seed),
      tracer(trace, host.scheduler()),
      load(make_load(host, scenario, seed)),
      device(scenario.vmm.timer_device, device_period(scenario, seed)),
      tsc{models::host::TscModel::kDefaultNominalHz, scenario.host.tsc_ppm},
      scheme(protocols::make_scheme(scenario, {sim, host, tsc, seed})),
      guest(scenario.tick_period_ns(), scheme.clocksource.get(), scheme.timers.get()),
      workloads(models::guest::make_workloads(guest, sim, scenario.guest.workloads, seed)),
      timer_thread(host, device, *scheme.policy, vmm_lock, scenario.vmm, &trace),
      vcpu(host, device, *scheme.policy, guest, vmm_lock, scenario.vmm, scenario.guest, seed, &trace),
      sampler(sim, scenario.run, guest, *scheme.policy, series, trace) {
  host.scheduler().set_observer(&tracer);
  protocols::attach(scheme, scenario, guest, vcpu, {sim, host, tsc, seed});
  noise = models::host::make_host_noise(host, scenario.host.noise, seed);  // after every other task
  stalls = models::host::make_host_noise(host, scenario.host.stalls, seed, models::host::GapKind::stall);
}

}  // namespace vtick::sim::runner
