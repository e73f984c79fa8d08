#include "calibration/qemu_tick_cost.hpp"

#include <stdexcept>

#include "realvm/protocol.h"
#include "realvm/qemu/run_qemu.hpp"

namespace vtick::calibration {
namespace {

namespace vmm = realvm::vmm;
using namespace std::chrono_literals;

QemuTickRun run_at(const QemuPlan& plan, std::uint32_t hz) {
  realvm::qemu::QemuConfig config;
  config.qemu_binary = plan.qemu_binary;
  config.vm.guest_image = plan.guest_image;
  config.vm.hz = hz;
  config.vm.duration = plan.run;
  config.vm.timeout = 3 * plan.run + 20s;
  const vmm::RunResult result = realvm::qemu::run_qemu(config);
  const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
  if (result.reason != vmm::ExitReason::guest_exit || summary.empty()) {
    throw std::runtime_error("the QEMU run at " + std::to_string(hz) + " Hz did not finish: " + vmm::describe(result));
  }
  return QemuTickRun{hz, static_cast<std::int64_t>(result.counter("qemu.cpu_ns")),
                     result.host_end_ns - result.host_start_ns, static_cast<std::uint64_t>(summary.front().arg)};
}

}  // namespace

QemuTickCost measure_qemu_tick_cost(const QemuPlan& plan) {
  QemuTickCost cost;
  cost.low = run_at(plan, plan.low_hz);
  cost.high = run_at(plan, plan.high_hz);
  if (cost.high.ticks <= cost.low.ticks) {
    throw std::runtime_error("QEMU's guest handled no more ticks at " + std::to_string(plan.high_hz) + " Hz than at " +
                             std::to_string(plan.low_hz) + " Hz");
  }
  cost.per_tick_ns = (cost.high.cpu_ns - cost.low.cpu_ns) / static_cast<std::int64_t>(cost.high.ticks - cost.low.ticks);
  return cost;
}

}  // namespace vtick::calibration
