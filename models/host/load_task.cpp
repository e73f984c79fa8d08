#include "models/host/load_task.hpp"

namespace vtick::models::host {
namespace {
enum LifecycleEvent : std::uint32_t { kStart, kStop };

TaskParams task_params(const sim::LoadTaskSpec& spec, const std::string& name) {
  return TaskParams{name, spec.nice, spec.policy, spec.rt_priority, spec.affinity};
}
}  // namespace

LoadTask::LoadTask(HostKernel& host, const sim::LoadTaskSpec& spec, std::string name)
    : host_(host),
      name_(std::move(name)),
      id_(host.scheduler().add_task(task_params(spec, name_), *this)),
      timer_(host.timers().create(*this)) {
  auto& sim = host.sim();
  sim.at(spec.start_ns, sim::EventPriority::LoadLifecycle, *this, kStart);
  if (spec.stop_ns != sim::kNever) sim.at(spec.stop_ns, sim::EventPriority::LoadLifecycle, *this, kStop);
}

void LoadTask::on_event(std::uint32_t kind, std::uint64_t) {
  if (kind == kStart) {
    begin(host_.sim().now());
    return;
  }
  stopped_ = true;
  host_.timers().cancel(timer_);
  host_.scheduler().exit_task(id_);
}

TimeNs LoadTask::on_burst_complete(TaskId, TimeNs now) {
  const Next next = after_burst(now);
  if (next.burst > 0) return next.burst;
  sleep_until(next.wake_at);
  return 0;
}

void LoadTask::on_host_timer(HostTimerId, TimeNs now) {
  if (!stopped_) host_.scheduler().wake(id_, burst_on_wake(now));
}

// Starting now is not waking from a sleep, so it has no wake-up latency; a first wake-up
// after a phase is a timed sleep like any other.
void LoadTask::begin(TimeNs now) {
  const TimeNs first = first_wake(now);
  if (first <= now) {
    host_.scheduler().start(id_, burst_on_wake(now));
  } else {
    sleep_until(first);
  }
}

// Every kind sleeps into the future (at least 1 ns), so the timer is never armed in the past.
void LoadTask::sleep_until(TimeNs wake_at) {
  const auto& params = host_.scheduler().params(id_);
  host_.timers().arm(timer_, host_.timer_cpu(id_), wake_at, host_.sleep_slack(params));
}

}  // namespace vtick::models::host
