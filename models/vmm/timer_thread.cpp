#include "models/vmm/timer_thread.hpp"

#include <algorithm>
#include <cmath>

namespace vtick::models::vmm {

namespace {
TimeNs share_of(TimeNs cost, double share) { return std::llround(static_cast<double>(cost) * share); }
}  // namespace

// The parts are rounded so that they add up to device_cost; the first costs at least 1 ns.
TimerThread::TimerThread(host::HostKernel& host, TimerDevice& device, LostTickPolicy& policy, VmmLock& lock,
                         const sim::VmmSpec& spec, sim::TraceWriter* trace)
    : host_(host),
      device_(device),
      policy_(policy),
      lock_(lock),
      before_kick_cost_(std::max<TimeNs>(1, share_of(spec.device_cost_ns, spec.timer_kick_share))),
      locked_cost_(std::max<TimeNs>(0, spec.device_cost_ns - before_kick_cost_ - share_of(spec.device_cost_ns, spec.timer_tail_share))),
      tail_cost_(std::max<TimeNs>(0, spec.device_cost_ns - before_kick_cost_ - locked_cost_)),
      rest_(spec.timer_rest_cpu),
      slack_(spec.timer_slack_ns.value_or(host.spec().hrtimer_slack_ns)),
      task_(host.scheduler().add_task(host::TaskParams{"vmm.timer", spec.timer_nice.value_or(spec.nice), sim::SchedPolicy::Normal, 0, spec.affinity},
                                      *this)),
      timer_(host.timers().create(*this)),
      trace_(trace) {
  if (trace_ != nullptr) track_ = trace_->track("vmm", "timer device");
  host_.timers().arm(timer_, host_.timer_cpu(task_), device_.next_period_end(0), slack_);
}

// A timer that expires while the thread still works on the previous one (its lock or tail
// part, preempted) is served when that work is done: QEMU's main loop polls with a timeout
// already passed and runs its timers again.
void TimerThread::on_host_timer(host::HostTimerId, TimeNs now) {
  if (awake_) {
    expired_meanwhile_ = true;
    return;
  }
  awake_ = true;
  host_.scheduler().wake(task_, begin_work(now));
}

TimeNs TimerThread::begin_work(TimeNs now) {
  part_ = Part::BeforeKick;
  return before_kick_cost_ + rest_.take(now);
}

TimeNs TimerThread::on_burst_complete(host::TaskId, TimeNs now) {
  switch (part_) {
    case Part::BeforeKick:
      lock_.take();
      part_ = Part::Locked;
      raise_interrupt(now);
      if (locked_cost_ > 0) return locked_cost_;
      [[fallthrough]];
    case Part::Locked:
      lock_.release();
      part_ = Part::Tail;
      if (tail_cost_ > 0) return tail_cost_;
      [[fallthrough]];
    case Part::Tail:
      break;
  }
  if (expired_meanwhile_) {
    expired_meanwhile_ = false;
    return begin_work(now);
  }
  awake_ = false;
  return 0;
}

// The device's periods that ended, the lost-tick policy's raise, and the re-arm.
void TimerThread::raise_interrupt(TimeNs now) {
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
}

}  // namespace vtick::models::vmm
