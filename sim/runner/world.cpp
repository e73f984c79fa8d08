#include "sim/runner/world.hpp"

#include <string>


namespace vtick::sim::runner {
namespace {

std::vector<std::unique_ptr<models::host::LoadTask>> make_load(models::host::HostKernel& host,
                                                               const std::vector<LoadTaskSpec>& specs,
                                                               std::uint64_t seed) {
  std::vector<std::unique_ptr<models::host::LoadTask>> tasks;
  for (const auto& spec : specs) {
    for (int i = 0; i < spec.count; ++i) {
      tasks.push_back(models::host::make_load_task(host, spec, spec.instance_name(i), seed));
    }
  }
  return tasks;
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
      load(make_load(host, scenario.load, seed)),
      device(scenario.vmm.timer_device, scenario.tick_period_ns()),
      tsc{models::host::TscModel::kDefaultNominalHz, scenario.host.tsc_ppm},
      scheme(protocols::make_scheme(scenario, {sim, host, tsc, seed})),
      guest(scenario.tick_period_ns(), scheme.clocksource.get(), scheme.timers.get()),
      workloads(models::guest::make_workloads(guest, sim, scenario.guest.workloads, seed)),
      timer_thread(host, device, *scheme.policy, scenario.vmm, &trace),
      vcpu(host, device, *scheme.policy, guest, scenario.vmm, scenario.guest, &trace),
      sampler(sim, scenario.run, guest, *scheme.policy, series, trace) {
  host.scheduler().set_observer(&tracer);
  protocols::attach(scheme, scenario, guest, vcpu, {sim, host, tsc, seed});
  noise = models::host::make_host_noise(host, scenario.host.noise, seed);  // after every other task
}

}  // namespace vtick::sim::runner
