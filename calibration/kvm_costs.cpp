#include "calibration/kvm_costs.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "realvm/measure/exit_round_trip.hpp"
#include "realvm/measure/injection_latency.hpp"
#include "realvm/measure/pit_tick.hpp"
#include "realvm/vmm/run_vm.hpp"

namespace vtick::calibration {
namespace {

namespace vmm = realvm::vmm;
using namespace std::chrono_literals;

// The bench's tick run (bench/realvm): 100 Hz, a 20 ms timer, 100 ms clock samples, so that
// every other tick's handler writes a trace record that names its jiffy.
constexpr std::uint32_t kHz = 100;

void exits(const KvmPlan& plan, KvmFigures& out) {
  for (std::size_t b = 0; b < plan.exit_batches; ++b) {
    const auto run = realvm::measure::exit_round_trip(plan.guest_image, plan.exits_per_batch);
    if (!run.figures) {
      throw std::runtime_error("the exit benchmark did not complete: " + vmm::describe(run.run));
    }
    out.exit_ns.push_back(std::llround(run.figures->per_exit_ns()));
  }
}

void injection(const KvmPlan& plan, KvmFigures& out) {
  vmm::VmConfig config;
  config.guest_image = plan.guest_image;
  config.scheme = vmm::TimerScheme::user_pit;
  config.lost_tick_policy = vmm::LostTickPolicy::discard;
  config.clock = vmm::ClockKind::jiffies;  // jiffy j = the j-th delivered pulse (injection_latency.hpp)
  config.hz = kHz;
  config.period = 20ms;
  config.sample_interval = 100ms;
  config.duration = plan.injection_run;
  config.timeout = 3 * plan.injection_run + 10s;
  const vmm::RunResult result = vmm::run_vm(config);
  if (result.reason != vmm::ExitReason::guest_exit) {
    throw std::runtime_error("the tick run did not finish: " + vmm::describe(result));
  }
  auto samples = realvm::measure::injection_latencies(result, realvm::measure::pit_tick_ns(kHz));
  out.injection_ns = std::move(samples.latency_ns);
  out.injection_unmatched = samples.unmatched;
  out.hz = kHz;
  out.tick_thread_wakeups = result.counter("user_tick.wakeups");
  out.tick_thread_cpu_ns = result.counter("user_tick.cpu_ns");
}

}  // namespace

KvmFigures measure_kvm(const KvmPlan& plan) {
  KvmFigures out;
  exits(plan, out);
  injection(plan, out);
  return out;
}

}  // namespace vtick::calibration
