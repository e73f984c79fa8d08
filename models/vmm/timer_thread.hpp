#pragma once
// The VMM's timer/device thread: sleeps on a host hrtimer, and when the host lets it run
// (after timer slack and scheduling delay) spends device_cost of CPU emulating the device,
// lets the lost-tick policy raise the guest's timer interrupt, and re-arms for the next run.
// All of its lateness comes from the host: it is an ordinary task on the host scheduler.
// Each wake-up also pays the thread's at-rest demand (vmm.timer_rest_cpu) accrued since the
// previous one (rest_demand.hpp). Under QEMU this thread is QEMU's main loop, which runs its
// emulated timers.
#include "models/host/host_kernel.hpp"
#include "models/vmm/lost_tick_policy.hpp"
#include "models/vmm/rest_demand.hpp"
#include "sim/trace_writer.hpp"

namespace vtick::models::vmm {

class TimerThread final : public host::TaskBody, public host::HostTimerClient {
 public:
  TimerThread(host::HostKernel& host, TimerDevice& device, LostTickPolicy& policy, const sim::VmmSpec& spec,
              sim::TraceWriter* trace);

  [[nodiscard]] host::TaskId task() const { return task_; }
  [[nodiscard]] std::uint64_t runs() const { return runs_; }

  void on_host_timer(host::HostTimerId timer, TimeNs now) override;
  TimeNs on_burst_complete(host::TaskId self, TimeNs now) override;

 private:
  host::HostKernel& host_;
  TimerDevice& device_;
  LostTickPolicy& policy_;
  TimeNs device_cost_;
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
