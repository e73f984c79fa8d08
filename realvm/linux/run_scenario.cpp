#include "realvm/linux/run_scenario.hpp"

#include <sys/resource.h>

#include "realvm/linux/run_linux.hpp"
#include "realvm/linux/summary.hpp"
#include "realvm/load/host_load.hpp"
#include "realvm/runner/summary.hpp"
#include "realvm/runner/trace_series.hpp"
#include "sim/runner/sampler.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::realvm::linux_guest {
namespace {

/// The load's hard deadline beyond QEMU's timeout: the load must outlive the VM.
constexpr sim::TimeNs kLoadMargin = 2 * sim::kNsPerSec;

/// CPU time of reaped children: QEMU is the only child reaped while it runs (the load's
/// children are reaped after it), so the difference across a run is QEMU's.
std::int64_t children_cpu_ns() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  const auto ns = [](const timeval& t) { return std::int64_t{t.tv_sec} * sim::kNsPerSec + std::int64_t{t.tv_usec} * 1000; };
  return ns(usage.ru_utime) + ns(usage.ru_stime);
}

}  // namespace

LinuxRealRun run_scenario(const sim::Scenario& scenario, const LinuxRunOptions& options) {
  LinuxMappedRun mapped = map_scenario(scenario, options.mapping);
  mapped.config.stop_request = options.stop_request;
  load::HostLoad load(scenario.load, mapped.seed, mapped.config.timeout.count() + kLoadMargin);
  load.start();
  LinuxMeasurements measured;
  measured.build_id = options.build_id;
  const std::int64_t cpu_before = children_cpu_ns();
  vmm::RunResult vm = run_linux(mapped.config);
  measured.qemu_cpu_ns = children_cpu_ns() - cpu_before;
  load.stop();
  measured.load = load.tasks();

  LinuxRealRun run{{nlohmann::ordered_json::object(), sim::SeriesWriter(sim::runner::Sampler::columns()),
                    sim::TraceWriter(scenario.run.trace_max_events), {}},
                   mapped, std::move(vm)};
  runner::write_clock_samples(run.vm, static_cast<std::uint32_t>(mapped.kernel.hz), run.outputs.series, run.outputs.trace);
  runner::write_timer_firings(run.vm, run.outputs.trace);
  run.outputs.lateness.emplace_back(mapped.workload, runner::workload_lateness(run.vm));
  run.outputs.summary = make_summary(scenario, mapped, run.vm, measured);
  run.outputs.trace.set_metadata("scenario", scenario.name);
  run.outputs.trace.set_metadata("seed", std::to_string(mapped.seed));
  run.outputs.trace.set_metadata("vtick", options.build_id);
  run.outputs.trace.set_metadata("engine", std::string(sim::name_of(sim::VmmEngine::qemu_tcg_linux)));
  return run;
}

}  // namespace vtick::realvm::linux_guest
