#include "protocols/outsourcing/outsourcing_host.hpp"

#include <algorithm>

namespace vtick::protocols::outsourcing {

OutsourcingHost::OutsourcingHost(models::host::HostKernel& host, const sim::VmmSpec& vmm)
    : host_(host),
      where_(vmm.outsourcing_module),
      slack_(vmm.outsourcing_slack_ns.value_or(host.spec().hrtimer_slack_ns)),
      relay_cost_(std::max<TimeNs>(1, vmm.device_cost_ns)) {
  if (where_ == sim::OutsourcingModule::VmmProcess) {
    relay_task_ = host.scheduler().add_task(
        models::host::TaskParams{"vmm.outsourcing", vmm.nice, sim::SchedPolicy::Normal, 0, vmm.affinity}, *this);
  }
}

void OutsourcingHost::attach(models::guest::GuestKernel& guest, models::vmm::VcpuThread& vcpu) {
  guest_ = &guest;
  vcpu_task_ = vcpu.task();
  vcpu.add_source(*this);
}

models::host::HostTimerId OutsourcingHost::host_timer_for(TimerId timer) {
  const auto it = host_timers_.find(timer);
  if (it != host_timers_.end()) return it->second;
  const auto id = host_.timers().create(*this);
  host_timers_.emplace(timer, id);
  guest_timers_.emplace(id, timer);
  return id;
}

// The hypercall runs on the vCPU's CPU, so that is where the host timer is queued.
void OutsourcingHost::receive(const Hypercall& call, TimeNs guest_now_ns) {
  const TimeNs now = host_.sim().now();
  const auto action = module_.on_hypercall(call, now, guest_now_ns);
  if (action.kind == HostTimerModule::Action::ArmHostTimer) {
    const int cpu = vcpu_task_ == models::host::kNoTask ? 0 : host_.timer_cpu(vcpu_task_);
    host_.timers().arm(host_timer_for(action.timer), cpu, std::max(now, action.host_deadline_ns), slack_);
  } else if (action.kind == HostTimerModule::Action::CancelHostTimer) {
    host_.timers().cancel(host_timer_for(action.timer));
  }
}

void OutsourcingHost::on_host_timer(models::host::HostTimerId timer, TimeNs now) {
  const auto event = module_.on_host_timer(guest_timers_.at(timer), now);
  if (!event) return;
  if (where_ == sim::OutsourcingModule::HostKernel) {
    publish(*event);
    return;
  }
  relay_queue_.push_back(*event);
  host_.scheduler().wake(relay_task_, relay_cost_);  // no-op while it is already relaying
}

TimeNs OutsourcingHost::on_burst_complete(models::host::TaskId, TimeNs) {
  while (!relay_queue_.empty()) {
    publish(relay_queue_.front());
    relay_queue_.pop_front();
  }
  return 0;
}

void OutsourcingHost::publish(const ExpiryEvent& event) {
  ring_.push_back(event);
  line_.raise();  // coalescing is harmless: the ring holds every event
}

void OutsourcingHost::handled(TimeNs) {
  for (; !ring_.empty(); ring_.pop_front()) {
    if (timers_->on_expiry(ring_.front())) guest_->queue_callback(ring_.front().timer);
  }
}

void OutsourcingHost::summarize(nlohmann::ordered_json& section) const {
  const auto& guest = timers_->counters();
  const auto& host = module_.counters();
  section["outsourcing"] = {{"module", where_ == sim::OutsourcingModule::HostKernel ? "host_kernel" : "vmm_process"},
                            {"hypercalls", guest.hypercalls},
                            {"expiries_delivered", guest.expiries_delivered},
                            {"stale_expiries_dropped", guest.stale_expiries_dropped},
                            {"host_arms", host.arms},
                            {"host_cancels", host.cancels},
                            {"host_expiries", host.expiries},
                            {"host_ignored", host.ignored}};
}

}  // namespace vtick::protocols::outsourcing
