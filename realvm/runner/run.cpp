#include "realvm/runner/run.hpp"

#include <time.h>

#include <chrono>
#include <exception>
#include <future>
#include <utility>

#include "realvm/load/host_load.hpp"
#include "realvm/qemu/run_qemu.hpp"
#include "realvm/runner/summary.hpp"
#include "realvm/runner/trace_series.hpp"
#include "realvm/runner/workload_result.hpp"
#include "realvm/vmm/run_vm.hpp"
#include "realvm/vmm/vmm_scheduling.hpp"
#include "sim/runner/sampler.hpp"

namespace vtick::realvm::runner {
namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(100);
/// The load's hard deadline beyond the VM's timeout: the load must outlive the VM.
constexpr sim::TimeNs kLoadMargin = 2 * sim::kNsPerSec;

std::int64_t process_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return std::int64_t{now.tv_sec} * sim::kNsPerSec + now.tv_nsec;
}

/// Our VMM's threads inherit vmm.nice/affinity from this thread, which creates them; QEMU
/// takes them between fork and exec, so the threads reading its output keep ours.
vmm::RunResult run_engine(const MappedRun& mapped, const RunOptions& options) {
  if (!is_qemu(mapped.engine)) {
    vmm::apply_to_current_thread(mapped.scheduling);
    return vmm::run_vm(mapped.config);
  }
  qemu::QemuConfig config;
  config.vm = mapped.config;
  config.scheduling = mapped.scheduling;
  config.enable_kvm = mapped.engine == Engine::qemu_kvm;
  if (!options.qemu_binary.empty()) config.qemu_binary = options.qemu_binary;
  return qemu::run_qemu(config);
}

/// The run on a thread of its own, so that this one (which started the load: its children
/// die with it) keeps its scheduling and reports progress.
vmm::RunResult run_vm_scheduled(const MappedRun& mapped, const RunOptions& options) {
  auto vm = std::async(std::launch::async, [&] { return run_engine(mapped, options); });
  const auto start = std::chrono::steady_clock::now();
  while (vm.wait_for(kProgressInterval) != std::future_status::ready) {
    if (options.progress) {
      options.progress(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count(),
                       mapped.config.duration.count());
    }
  }
  return vm.get();
}

}  // namespace

RealRun run_scenario(const sim::Scenario& scenario, const RunOptions& options) {
  MappedRun mapped = map_scenario(scenario, options.mapping);
  mapped.config.stop_request = options.stop_request;

  load::HostLoad load(scenario.load, mapped.seed, mapped.config.timeout.count() + kLoadMargin);
  load.start();
  RunMeasurements measured;
  measured.build_id = options.build_id;
  const std::int64_t cpu_before = process_cpu_ns();
  // Run before building RealRun: GCC 12 frees never-constructed members when an exception
  // leaves a braced aggregate initialisation (KvmUnavailable, QemuUnavailable crashed here).
  vmm::RunResult vm = run_vm_scheduled(mapped, options);
  measured.vmm_cpu_ns = process_cpu_ns() - cpu_before;
  RealRun run{{nlohmann::ordered_json::object(), sim::SeriesWriter(sim::runner::Sampler::columns()),
               sim::TraceWriter(scenario.run.trace_max_events), {}},
              std::move(vm)};
  load.stop();
  measured.load = load.tasks();

  write_clock_samples(run.vm, mapped.config.hz, run.outputs.series, run.outputs.trace);
  // The timer instants are the periodic timer's (the first timer the guest traces arming).
  if (mapped.config.workload.kind == vmm::GuestWorkload::periodic_timer) {
    write_timer_firings(run.vm, run.outputs.trace);
  } else {
    write_workload_events(run.vm, run.outputs.trace);
  }
  run.outputs.lateness.emplace_back(mapped.workload, workload_result(mapped.workload_spec, run.vm).lateness_ns);
  run.outputs.summary = make_summary(scenario, mapped, run.vm, measured);
  run.outputs.trace.set_metadata("scenario", scenario.name);
  run.outputs.trace.set_metadata("seed", std::to_string(mapped.seed));
  run.outputs.trace.set_metadata("vtick", options.build_id);
  run.outputs.trace.set_metadata("engine", std::string(engine_name(mapped.engine)));
  return run;
}

}  // namespace vtick::realvm::runner
