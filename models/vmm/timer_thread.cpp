#include "models/vmm/timer_thread.hpp"

#include <algorithm>

namespace vtick::models::vmm {

TimerThread::TimerThread(host::HostKernel& host, TimerDevice& device, LostTickPolicy& policy,
                         const sim::VmmSpec& spec, sim::TraceWriter* trace)
    : host_(host),
      device_(device),
      policy_(policy),
      device_cost_(std::max<TimeNs>(1, spec.device_cost_ns)),
      rest_(spec.timer_rest_cpu),
      slack_(spec.timer_slack_ns.value_or(host.spec().hrtimer_slack_ns)),
      task_(host.scheduler().add_task(host::TaskParams{"vmm.timer", spec.timer_nice.value_or(spec.nice), sim::SchedPolicy::Normal, 0, spec.affinity},
                                      *this)),
      timer_(host.timers().create(*this)),
      trace_(trace) {
  if (trace_ != nullptr) track_ = trace_->track("vmm", "timer device");
  host_.timers().arm(timer_, host_.timer_cpu(task_), device_.next_period_end(0), slack_);
}

void TimerThread::on_host_timer(host::HostTimerId, TimeNs now) {
  host_.scheduler().wake(task_, device_cost_ + rest_.take(now));
}

TimeNs TimerThread::on_burst_complete(host::TaskId, TimeNs now) {
  ++runs_;
  const std::int64_t ended = device_.periods_ended(now);
  const std::int64_t newly_due = ended - periods_accounted_;
  periods_accounted_ = ended;
  const auto raised_before = device_.line().raised();
  const auto lost_before = device_.counters().lost;
  const TimeNs next = policy_.on_timer_thread(device_, now, newly_due);
  if (trace_ != nullptr) {
    if (device_.line().raised() != raised_before) trace_->instant(track_, "irq raised", now, "due", newly_due);
    const auto lost = static_cast<std::int64_t>(device_.counters().lost - lost_before);
    if (lost > 0) trace_->instant(track_, "ticks lost", now, "count", lost);
  }
  host_.timers().arm(timer_, host_.timer_cpu(task_), next, slack_);
  return 0;
}

}  // namespace vtick::models::vmm
