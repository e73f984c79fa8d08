#pragma once
// The VMM's vCPU thread. The guest executes only while this host task runs. The guest is
// idle (HLT) between interrupts, so the thread blocks in the host until the timer device
// requests an interrupt, then, each step costing host CPU time:
//   inject   - VM entry with the interrupt injected (vmm.inject)
//   handler  - the guest's tick handler (guest.tick_cost); jiffies advance at its end
//   eoi      - the guest's EOI write traps to the VMM (one VM exit, vmm.vm_exit);
//              the lost-tick policy sees the acknowledgement here
//   callback - each due guest timer function (guest.timer_callback_cost), in order; the
//              clock sampler's (run.sampling guest_timer) costs vmm.vcpu_sample_cost when set
//   hypercall- after a callback whose timer operations were hypercalls (timer
//              outsourcing): one VM exit each
//   halt     - HLT traps (one VM exit) and the thread blocks, unless another request is
//              already pending, in which case it injects again without halting.
// Besides the timer device it serves other interrupt sources (add_source); the timer
// device's IRQ 0 has priority, as on the 8259.
// A busy guest (a `busy` workload) never halts: the thread runs guest code whenever the
// host lets it, and a request that arrives meanwhile kicks it out of the guest first
//   kick     - the VMM signals the vCPU thread, which exits the guest (one VM exit)
// and after the interrupt work it re-enters guest code instead of halting. A request that
// arrives while the thread waits for a host CPU waits with it.
// Costs below 1 ns count as 1 ns (a step always takes time).
// Engines (vmm.engine): the handler step costs vmm.vcpu_tick_cost when set (else
// guest.tick_cost) and the callback step vmm.vcpu_callback_cost when set (else
// guest.timer_callback_cost), the handler step plus the thread's at-rest demand accrued since it last paid it
// (rest_demand.hpp). With vmm.vcpu_tick_cost_spread / vcpu_callback_cost_spread each handler
// and callback step costs its mean times its own draw (cost_spread.hpp). Under TCG the guest's interrupt delivery, EOI and HLT are translated
// guest code inside that measured per-tick cost, not VM exits: inject and every exit step
// then cost the least a step costs (1 ns), so the thread's CPU per tick is the measured one.
// With vmm.vcpu_lock_attempt (QEMU's global lock, vmm_lock.hpp) the inject step costs that
// much instead, and if the timer thread still holds the lock when it ends, the thread blocks
//   wait lock - asleep until the timer thread lets the lock go, then 1 ns to take it
// before it takes the interrupt.
#include <cstdint>
#include <optional>
#include <vector>

#include "models/guest/guest_kernel.hpp"
#include "models/host/host_kernel.hpp"
#include "models/vmm/cost_spread.hpp"
#include "models/vmm/lost_tick_policy.hpp"
#include "models/vmm/rest_demand.hpp"
#include "models/vmm/vmm_lock.hpp"
#include "sim/trace_writer.hpp"

namespace vtick::models::vmm {

class VcpuThread final : public host::TaskBody, public InterruptSink, public LockWaiter {
 public:
  VcpuThread(host::HostKernel& host, TimerDevice& device, LostTickPolicy& policy, guest::GuestKernel& guest,
             VmmLock& lock, const sim::VmmSpec& vmm, const sim::GuestSpec& guest_spec, std::uint64_t seed,
             sim::TraceWriter* trace);

  /// The random streams of vmm.vcpu_tick_cost_spread, vcpu_callback_cost_spread and
  /// vcpu_sample_cost_spread.
  static constexpr const char* kTickSpreadStream = "vmm/vcpu/tick_cost";
  static constexpr const char* kCallbackSpreadStream = "vmm/vcpu/callback_cost";
  static constexpr const char* kSampleSpreadStream = "vmm/vcpu/sample_cost";

  [[nodiscard]] host::TaskId task() const { return task_; }
  [[nodiscard]] std::uint64_t vm_exits() const { return vm_exits_; }
  [[nodiscard]] std::uint64_t injections() const { return injections_; }

  /// Another device whose interrupts this vCPU serves.
  void add_source(InterruptSource& source);

  void on_interrupt_requested() override;
  TimeNs on_burst_complete(host::TaskId self, TimeNs now) override;
  void on_lock_released() override;

 private:
  enum class Step { Halted, GuestCode, Kick, Inject, WaitLock, TakeLock, Handler, Eoi, Callback, Hypercall, Halt };

  TimeNs take_interrupt(TimeNs now);
  TimeNs begin(Step step);
  TimeNs after_eoi_or_callback();
  [[nodiscard]] bool any_requested() const;
  /// The line being served: the timer device's when serving_ is null.
  InterruptLine& serving_line() { return serving_ != nullptr ? serving_->line() : device_.line(); }

  host::HostKernel& host_;
  TimerDevice& device_;
  LostTickPolicy& policy_;
  guest::GuestKernel& guest_;
  VmmLock* lock_;  ///< null: the lock is not modelled
  [[nodiscard]] TimeNs callback_step_cost();

  TimeNs inject_cost_, handler_cost_, exit_cost_, callback_cost_;
  std::optional<TimeNs> sample_cost_;  ///< unset: a clock sample costs as a callback
  CostSpread handler_spread_, callback_spread_, sample_spread_;
  RestDemand rest_;
  bool guest_busy_;
  host::TaskId task_;
  Step step_ = Step::Halted;
  std::vector<InterruptSource*> sources_;
  InterruptSource* serving_ = nullptr;
  std::uint64_t pending_hypercalls_ = 0;
  std::uint64_t vm_exits_ = 0;
  std::uint64_t injections_ = 0;
  sim::TraceWriter* trace_;
  int track_ = 0;
};

}  // namespace vtick::models::vmm
