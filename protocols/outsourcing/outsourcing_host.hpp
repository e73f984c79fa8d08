#pragma once
// timers=outsourced, host side: the host timer module. It receives the guest's hypercalls,
// arms one host hrtimer per guest timer (with the module's slack), and when one expires puts
// the expiry event in the ring shared with the guest and raises the event interrupt, which
// the vCPU serves like any other (the guest's handler drains the ring and queues callbacks).
//
// Where the module runs (vmm.outsourcing_module):
//   host_kernel - the event is raised from the host timer's interrupt itself, as the seed
//                 paper's host-OS module would; only the vCPU thread must then run.
//   vmm_process - the expiry wakes a VMM relay thread ("vmm.outsourcing") that must be
//                 scheduled, and spend device_cost, before the event reaches the ring.
#include <deque>
#include <unordered_map>

#include "models/guest/guest_kernel.hpp"
#include "models/host/host_kernel.hpp"
#include "models/vmm/interrupt_line.hpp"
#include "protocols/outsourcing/outsourced_timers.hpp"
#include "protocols/scheme.hpp"

namespace vtick::protocols::outsourcing {

class OutsourcingHost final : public Driver,
                              public HypercallSink,
                              public models::vmm::InterruptSource,
                              public models::host::HostTimerClient,
                              public models::host::TaskBody {
 public:
  OutsourcingHost(models::host::HostKernel& host, const sim::VmmSpec& vmm);

  /// The guest-side stub whose expiries this module delivers.
  void use(OutsourcedTimers& timers) { timers_ = &timers; }
  /// The guest that runs the callbacks, and the vCPU that serves the event interrupt (its
  /// CPU is where the host timers are queued).
  void attach(models::guest::GuestKernel& guest, models::vmm::VcpuThread& vcpu) override;

  void receive(const Hypercall& call, TimeNs guest_now_ns) override;
  void on_host_timer(models::host::HostTimerId timer, TimeNs now) override;
  TimeNs on_burst_complete(models::host::TaskId self, TimeNs now) override;
  models::vmm::InterruptLine& line() override { return line_; }
  void handled(TimeNs now) override;
  void summarize(nlohmann::ordered_json& section) const override;

 private:
  models::host::HostTimerId host_timer_for(TimerId timer);
  void publish(const ExpiryEvent& event);

  models::host::HostKernel& host_;
  sim::OutsourcingModule where_;
  TimeNs slack_;
  TimeNs relay_cost_;
  models::host::TaskId relay_task_ = models::host::kNoTask;
  models::host::TaskId vcpu_task_ = models::host::kNoTask;
  models::guest::GuestKernel* guest_ = nullptr;
  OutsourcedTimers* timers_ = nullptr;
  HostTimerModule module_;
  std::unordered_map<TimerId, models::host::HostTimerId> host_timers_;
  std::unordered_map<models::host::HostTimerId, TimerId> guest_timers_;
  std::deque<ExpiryEvent> relay_queue_;  ///< vmm_process: fired, waiting for the relay thread
  std::deque<ExpiryEvent> ring_;         ///< shared with the guest
  models::vmm::InterruptLine line_;
};

}  // namespace vtick::protocols::outsourcing
