#pragma once
// Everything one run simulates, wired together from a scenario: the host kernel and its
// load, the VMM (timer device, lost-tick policy, timer thread, vCPU thread), the guest
// kernel and its workloads, and the observers that record the run.
#include <memory>
#include <vector>

#include "models/guest/guest_kernel.hpp"
#include "models/guest/workload.hpp"
#include "models/host/host_kernel.hpp"
#include "models/host/host_noise.hpp"
#include "models/host/load_task.hpp"
#include "models/host/tsc.hpp"
#include "models/vmm/timer_thread.hpp"
#include "models/vmm/vcpu_thread.hpp"
#include "sim/runner/sampler.hpp"
#include "protocols/scheme.hpp"
#include "sim/scenario.hpp"

namespace vtick::sim::runner {

/// Emits one trace slice per interval a task ran on a CPU.
class RunTracer final : public models::host::RunObserver {
 public:
  RunTracer(TraceWriter& trace, const models::host::CpuScheduler& scheduler);
  void on_ran(int cpu, models::host::TaskId task, TimeNs begin, TimeNs end) override;

 private:
  TraceWriter& trace_;
  const models::host::CpuScheduler& scheduler_;
  std::vector<int> cpu_tracks_;
};

struct World {
  World(const Scenario& scenario, std::uint64_t seed, EngineKind engine, SeriesWriter& series, TraceWriter& trace);

  Simulation sim;
  models::host::HostKernel host;
  RunTracer tracer;
  std::vector<std::unique_ptr<models::host::LoadTask>> load;
  models::vmm::TimerDevice device;
  models::host::TscModel tsc;
  protocols::SchemeParts scheme;
  models::guest::GuestKernel guest;
  std::vector<std::unique_ptr<models::guest::Workload>> workloads;
  models::vmm::VmmLock vmm_lock;
  models::vmm::TimerThread timer_thread;
  models::vmm::VcpuThread vcpu;
  Sampler sampler;
  /// host.noise and host.stalls, each null without it.
  std::unique_ptr<models::host::HostNoise> noise;
  std::unique_ptr<models::host::HostNoise> stalls;
};

}  // namespace vtick::sim::runner
