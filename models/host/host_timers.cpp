#include "models/host/host_timers.hpp"

#include <algorithm>
#include <stdexcept>

namespace vtick::models::host {

HostTimers::HostTimers(sim::Simulation& sim, int cpus) : sim_(sim), cpus_(static_cast<std::size_t>(cpus)) {}

HostTimerId HostTimers::create(HostTimerClient& client) {
  timers_.push_back(Timer{&client});
  return static_cast<HostTimerId>(timers_.size() - 1);
}

void HostTimers::arm(HostTimerId timer, int cpu, TimeNs soft, TimeNs slack) {
  if (soft < sim_.now()) throw std::logic_error("host timer armed in the past");
  if (slack < 0) throw std::logic_error("negative timer slack");
  remove(timer);
  Timer& t = timers_[timer];
  t.cpu = cpu;
  t.soft = soft;
  t.hard = soft + slack;
  t.sequence = next_sequence_++;
  auto& queue = cpus_[static_cast<std::size_t>(cpu)].queue;
  const QueueKey key{t.hard, t.sequence, timer};
  queue.insert(std::upper_bound(queue.begin(), queue.end(), key), key);
  reprogram(cpu);
}

void HostTimers::cancel(HostTimerId timer) {
  const int cpu = timers_[timer].cpu;
  remove(timer);
  if (cpu >= 0) reprogram(cpu);
}

void HostTimers::remove(HostTimerId timer) {
  Timer& t = timers_[timer];
  if (t.cpu < 0) return;
  auto& queue = cpus_[static_cast<std::size_t>(t.cpu)].queue;
  queue.erase(std::lower_bound(queue.begin(), queue.end(), QueueKey{t.hard, t.sequence, timer}));
  t.cpu = -1;
}

// The timer interrupt always sits at the earliest hard expiry of the CPU's queue.
void HostTimers::reprogram(int cpu) {
  CpuTimers& c = cpus_[static_cast<std::size_t>(cpu)];
  const TimeNs earliest = c.queue.empty() ? sim::kNever : std::get<0>(c.queue.front());
  if (earliest == c.programmed) return;
  c.programmed = earliest;
  ++c.token;
  if (earliest != sim::kNever) {
    sim_.at(earliest, sim::EventPriority::HostTimerInterrupt, *this, static_cast<std::uint32_t>(cpu), c.token);
  }
}

void HostTimers::on_event(std::uint32_t cpu, std::uint64_t token) {
  CpuTimers& c = cpus_[cpu];
  if (token != c.token) return;
  c.programmed = sim::kNever;
  const TimeNs now = sim_.now();
  expired_.clear();
  while (!c.queue.empty()) {
    const HostTimerId id = std::get<2>(c.queue.front());
    const Timer& t = timers_[id];
    if (t.soft > now) break;
    if (t.hard > now) ++coalesced_;
    remove(id);
    expired_.push_back(id);
  }
  reprogram(static_cast<int>(cpu));
  // Callbacks may arm timers but never re-enter on_event (only the engine calls it).
  for (HostTimerId id : expired_) {
    ++fired_;
    timers_[id].client->on_host_timer(id, now);
  }
}

}  // namespace vtick::models::host
