#pragma once
// The VMM's timer/device thread: sleeps on a host hrtimer, and when the host lets it run
// (after timer slack and scheduling delay) spends device_cost of CPU emulating the device,
// lets the lost-tick policy raise the guest's timer interrupt, and re-arms for the next run.
// All of its lateness comes from the host: it is an ordinary task on the host scheduler.
// Each wake-up also pays the thread's at-rest demand (vmm.timer_rest_cpu) accrued since the
// previous one (rest_demand.hpp). Under QEMU this thread is QEMU's main loop, which runs its
// emulated timers. Its device_cost falls in three parts (vmm.timer_kick_share,
// timer_tail_share): the work before it raises the interrupt (which kicks the vCPU), the work
// after it with QEMU's global lock held, and the tail after it lets the lock go
// (vmm_lock.hpp), so a vCPU the host runs first makes it wait. With the defaults (share 1,
// tail 0) it raises the interrupt at the end of its work and sleeps.
#include "models/host/host_kernel.hpp"
#include "models/vmm/lost_tick_policy.hpp"
#include "models/vmm/rest_demand.hpp"
#include "models/vmm/vmm_lock.hpp"
#include "sim/trace_writer.hpp"

namespace vtick::models::vmm {

class TimerThread final : public host::TaskBody, public host::HostTimerClient {
 public:
  TimerThread(host::HostKernel& host, TimerDevice& device, LostTickPolicy& policy, VmmLock& lock,
              const sim::VmmSpec& spec, sim::TraceWriter* trace);

  [[nodiscard]] host::TaskId task() const { return task_; }
  [[nodiscard]] std::uint64_t runs() const { return runs_; }

  void on_host_timer(host::HostTimerId timer, TimeNs now) override;
  TimeNs on_burst_complete(host::TaskId self, TimeNs now) override;

 private:
  enum class Part { BeforeKick, Locked, Tail };

  TimeNs begin_work(TimeNs now);
  void raise_interrupt(TimeNs now);

  host::HostKernel& host_;
  TimerDevice& device_;
  LostTickPolicy& policy_;
  VmmLock& lock_;
  TimeNs before_kick_cost_, locked_cost_, tail_cost_;
  Part part_ = Part::BeforeKick;
  bool awake_ = false;
  bool expired_meanwhile_ = false;
  RestDemand rest_;
  TimeNs slack_;
  host::TaskId task_;
  host::HostTimerId timer_;
  std::int64_t periods_accounted_ = 0;
  std::uint64_t runs_ = 0;
  sim::TraceWriter* trace_;
  int track_ = 0;
};

}  // namespace vtick::models::vmm
