#include "models/host/cpu_scheduler.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

namespace vtick::models::host {
namespace {

/// vruntime unit: nice-0 nanoseconds x 1024, so a nice -20 task (weight 88761) still
/// accumulates vruntime for every nanosecond it runs.
constexpr std::int64_t kVruntimePerNs = 1024;
constexpr TimeNs kWide64Period = 100'000'000'000'000;

std::int64_t vruntime_delta(TimeNs delta, std::uint64_t weight) {
  constexpr std::int64_t kScale = kVruntimePerNs * 1024;
  // 64-bit arithmetic whenever it cannot overflow (any delta below 2.4 hours).
  if (delta < std::numeric_limits<std::int64_t>::max() / kScale) {
    return delta * kScale / static_cast<std::int64_t>(weight);
  }
  const __int128 scaled = static_cast<__int128>(delta) * kScale;
  return static_cast<std::int64_t>(scaled / static_cast<__int128>(weight));
}

std::uint64_t affinity_mask(const std::vector<int>& affinity, int cpus) {
  if (affinity.empty()) return cpus >= 64 ? ~0ULL : (1ULL << cpus) - 1;
  std::uint64_t mask = 0;
  for (int cpu : affinity) {
    if (cpu < 0 || cpu >= cpus) throw std::invalid_argument("affinity names a CPU the host does not have");
    mask |= 1ULL << cpu;
  }
  return mask;
}

}  // namespace

// The busy balance interval: sd_init() gives the one LLC domain balance_interval = sd_weight
// ms, and a busy CPU multiplies it by busy_factor 16 (get_sd_balance_interval).
CpuScheduler::CpuScheduler(sim::Simulation& sim, const sim::SchedulerSpec& spec, int cpus, int hz,
                           WakeupLatency wakeup_latency, TimeNs tick_phase)
    : sim_(sim),
      spec_(spec),
      cpus_(static_cast<std::size_t>(cpus)),
      base_slice_(spec.base_slice_ns.value_or(linux_base_slice(cpus))),
      tick_ns_((sim::kNsPerSec + hz / 2) / std::max(hz, 1)),  // TICK_NSEC
      tick_phase_(tick_phase),
      busy_balance_interval_(16 * static_cast<TimeNs>(cpus) * sim::kNsPerMs),
      wakeup_latency_(std::move(wakeup_latency)) {
  if (cpus < 1 || cpus > 64) throw std::invalid_argument("host must have 1..64 CPUs");
  if (hz < 1) throw std::invalid_argument("host.hz must be positive");
  if (tick_phase < 0 || tick_phase >= tick_ns_) throw std::invalid_argument("the tick phase must be in [0, 1 s / hz)");
  if (is_eevdf()) arm_tick();
}

// kernel/sched/fair.c: sysctl_sched_base_slice = 0.7 ms (since 6.15; 0.75 ms in 6.6-6.14),
// times 1 + ilog2(min(CPUs, 8)) under the default SCHED_TUNABLESCALING_LOG.
TimeNs CpuScheduler::linux_base_slice(int cpus) {
  int factor = 1;
  for (int n = std::min(cpus, 8); n > 1; n /= 2) ++factor;
  return factor * 700 * sim::kNsPerUs;
}

TaskId CpuScheduler::add_task(TaskParams params, TaskBody& body) {
  const auto id = static_cast<TaskId>(tasks_.size());
  const std::uint64_t weight = nice_to_weight(params.nice);
  const std::uint64_t mask = affinity_mask(params.affinity, cpu_count());
  const bool fair = params.policy == sim::SchedPolicy::Normal;
  Task task;
  task.params = std::move(params);
  task.body = &body;
  task.weight = weight;
  task.allowed_mask = mask;
  task.fair = fair;
  tasks_.push_back(std::move(task));
  tasks_.back().slice = base_slice_;
  return id;
}

void CpuScheduler::set_custom_slice(TaskId task, TimeNs slice) {
  if (slice <= 0) throw std::invalid_argument("a custom slice must be positive");
  tasks_[task].custom_slice = slice;
}

const sim::SampleStats& CpuScheduler::wakeup_waits(TaskId task) const { return tasks_[task].wakeup_waits; }

TimeNs CpuScheduler::cpu_time(TaskId task) const {
  const Task& t = tasks_[task];
  if (t.state != TaskState::Running) return t.cpu_time;
  const Cpu& c = cpus_[static_cast<std::size_t>(t.cpu)];
  return t.cpu_time + std::max<TimeNs>(0, sim_.now() - c.exec_start);
}

// Without a latency (the default) nothing is drawn and no event is scheduled, so runs without
// host.wakeup_latency are exactly what they were before it existed.
bool CpuScheduler::wake(TaskId task, TimeNs burst) {
  Task& t = tasks_[task];
  if (t.state != TaskState::Sleeping) return false;
  t.burst_left = burst;
  t.woken_at = sim_.now();
  if (t.delayed) {  // still queued on a busy CPU (ttwu_runnable): no CPU choice, no latency
    requeue_delayed(task);
    return true;
  }
  // Only an idle CPU has to be woken first (an idle-state exit, and on a nested host the
  // hypervisor's wake-up of a halted vCPU): a busy CPU takes the task at once. Measured on
  // the calibration host: idle p50 42-117 us, beside two hogs 5 us (docs/calibration.md).
  if (wakeup_latency_.none() || !cpu_idle(wake_cpu(t))) {
    enqueue_woken(task);
    return true;
  }
  const TimeNs latency = wakeup_latency_.next();
  if (latency == 0) {
    enqueue_woken(task);
    return true;
  }
  t.state = TaskState::Waking;
  ++wakeups_delayed_;
  wakeup_latency_total_ns_ += latency;
  sim_.after(latency, sim::EventPriority::TaskWakeup, *this, kWakeupEnds, task);
  return true;
}

bool CpuScheduler::start(TaskId task, TimeNs burst) {
  Task& t = tasks_[task];
  if (t.state != TaskState::Sleeping) return false;
  t.burst_left = burst;
  enqueue_woken(task);
  return true;
}

// The CPU is chosen when the task joins a queue, not when its wake-up began: by then the
// CPUs' loads may have changed.
void CpuScheduler::enqueue_woken(TaskId task) {
  Task& t = tasks_[task];
  const int cpu = wake_cpu(t);
  Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
  update_current(c);
  if (!is_eevdf()) {
    place_on_wakeup(t, c);
  } else if (is_fair(t)) {
    place_entity(c, t, t.cpu < 0);  // a first placement is a fork's: ENQUEUE_INITIAL
  }
  t.cpu = cpu;
  t.state = TaskState::Runnable;
  c.queue.push_back(task);
  if (should_preempt(c, task)) {
    c.need_resched = true;
    request_dispatch(cpu);
  }
}

void CpuScheduler::set_burst(TaskId task, TimeNs burst) {
  Task& t = tasks_[task];
  if (t.state == TaskState::Runnable || t.state == TaskState::Waking) t.burst_left = burst;
  if (t.state != TaskState::Running) return;
  Cpu& c = cpus_[static_cast<std::size_t>(t.cpu)];
  update_current(c);
  t.burst_left = burst;
  arm_dispatch(t.cpu);
}

void CpuScheduler::exit_task(TaskId task) {
  Task& t = tasks_[task];
  if (t.state == TaskState::Running) {
    Cpu& c = cpus_[static_cast<std::size_t>(t.cpu)];
    update_current(c);
    switch_out(c, TaskState::Exited);
    request_dispatch(t.cpu);
  } else if (t.state == TaskState::Runnable || t.delayed) {
    auto& q = cpus_[static_cast<std::size_t>(t.cpu)].queue;
    q.erase(std::find(q.begin(), q.end(), task));
  }
  t.delayed = false;
  t.state = TaskState::Exited;
}

void CpuScheduler::flush_observer() {
  for (std::size_t cpu = 0; cpu < cpus_.size(); ++cpu) {
    Cpu& c = cpus_[cpu];
    if (c.current == kNoTask) continue;
    account_current(c);
    report_run(static_cast<int>(cpu), c);
    c.run_begin = std::max(c.run_begin, sim_.now());
  }
}

void CpuScheduler::on_event(std::uint32_t kind, std::uint64_t arg) {
  if (kind == kTick) {
    on_tick();
    return;
  }
  if (kind != kWakeupEnds) {
    dispatch(kind, arg);
    return;
  }
  // A task that exited while waking stays out; no other state change can happen meanwhile,
  // since wake() and start() refuse a waking task.
  const auto task = static_cast<TaskId>(arg);
  if (tasks_[task].state == TaskState::Waking) enqueue_woken(task);
}

// A reschedule point: the current burst or slice ended, or a wakeup asked to preempt.
void CpuScheduler::dispatch(std::uint32_t cpu_index, std::uint64_t token) {
  Cpu& c = cpus_[cpu_index];
  if (token != c.token) return;  // superseded by a later decision for this CPU
  update_current(c);
  if (c.current != kNoTask) finish_burst_if_done(c);
  if (c.current != kNoTask) {
    const bool slice_over = sim_.now() >= c.slice_end;
    if (c.need_resched || (slice_over && !c.queue.empty())) {
      switch_out(c, TaskState::Runnable);
    } else if (slice_over) {
      c.slice_end = sim_.now() + ideal_slice(c, tasks_[c.current]);
    }
  }
  c.need_resched = false;
  if (c.current == kNoTask) {
    pick_and_run(static_cast<int>(cpu_index));
  } else {
    arm_dispatch(static_cast<int>(cpu_index));
  }
}

void CpuScheduler::finish_burst_if_done(Cpu& c) {
  Task& t = tasks_[c.current];
  if (t.burst_left > 0) return;
  const TimeNs next = t.body->on_burst_complete(c.current, sim_.now());
  if (t.state != TaskState::Running) return;  // the body made it exit
  if (next > 0) {
    t.burst_left = next;
  } else {
    switch_out(c, TaskState::Sleeping);
  }
}

// Runs at every accounting point, so it is kept to one pass without branches on "any".
inline void CpuScheduler::update_min_vruntime(Cpu& c) {
  constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
  std::int64_t lowest = kNone;
  if (c.current != kNoTask && is_fair(tasks_[c.current])) lowest = tasks_[c.current].vruntime;
  for (TaskId id : c.queue) {
    const Task& t = tasks_[id];
    if (is_fair(t) && t.vruntime < lowest) lowest = t.vruntime;
  }
  if (lowest != kNone) c.min_vruntime = std::max(c.min_vruntime, lowest);
}

bool CpuScheduler::account_current(Cpu& c) {
  if (c.current == kNoTask) return false;
  Task& t = tasks_[c.current];
  const TimeNs delta = sim_.now() - c.exec_start;
  if (delta <= 0) return false;
  t.cpu_time += delta;
  t.burst_left -= delta;
  if (is_fair(t)) t.vruntime += vruntime_delta(delta, t.weight);
  c.exec_start = sim_.now();
  return true;
}

// calc_delta_fair(slice, se): a span of real time as the task's virtual time.
std::int64_t CpuScheduler::vslice(const Task& t, TimeNs slice) const { return vruntime_delta(slice, t.weight); }

// update_curr(): the accounting, and under eevdf the deadline and resched checks it makes.
void CpuScheduler::update_current(Cpu& c) {
  const bool ran = account_current(c);
  update_min_vruntime(c);
  if (ran && is_eevdf() && is_fair(tasks_[c.current])) update_curr_eevdf(c);
}


void CpuScheduler::place_on_wakeup(Task& t, Cpu& c) {
  if (!is_fair(t)) return;
  const int target = static_cast<int>(&c - cpus_.data());
  if (t.cpu < 0) {
    t.vruntime = c.min_vruntime;
  } else if (t.cpu != target) {  // keep its lag relative to the queue it left
    t.vruntime += c.min_vruntime - cpus_[static_cast<std::size_t>(t.cpu)].min_vruntime;
  }
  const std::int64_t sleeper_credit = spec_.sched_latency_ns / 2 * kVruntimePerNs;
  t.vruntime = std::max(t.vruntime, c.min_vruntime - sleeper_credit);
}

bool CpuScheduler::should_preempt(Cpu& c, TaskId woken_id) {
  if (c.current == kNoTask) return true;
  const Task& woken = tasks_[woken_id];
  const Task& cur = tasks_[c.current];
  if (!is_fair(woken)) return is_fair(cur) || woken.params.rt_priority > cur.params.rt_priority;
  if (!is_fair(cur)) return false;
  if (is_eevdf()) return wakeup_preempt_eevdf(c, woken_id);
  const std::int64_t gran = vruntime_delta(spec_.wakeup_granularity_ns, woken.weight);
  return cur.vruntime - woken.vruntime > gran;
}

// Linux-like placement without balancing: the previous CPU if it is idle, else the first
// idle allowed CPU, else the allowed CPU with the fewest tasks (the previous one on a tie,
// then the lowest index). One pass, since this runs on every wakeup.
bool CpuScheduler::cpu_idle(int cpu) const {
  const Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
  return c.current == kNoTask && c.queue.empty();
}

int CpuScheduler::select_cpu(const Task& t) const {
  const int n = cpu_count();
  int first_idle = -1;
  int least = -1;
  std::size_t least_load = ~std::size_t{0};
  std::size_t prev_load = ~std::size_t{0};
  for (int cpu = 0; cpu < n; ++cpu) {
    if (((t.allowed_mask >> cpu) & 1U) == 0) continue;
    const Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
    const std::size_t load = c.queue.size() + (c.current != kNoTask ? 1 : 0);
    if (cpu == t.cpu) prev_load = load;
    if (load == 0 && cpu == t.cpu) return cpu;
    if (load == 0 && first_idle < 0) first_idle = cpu;
    if (load < least_load) {
      least_load = load;
      least = cpu;
    }
  }
  if (first_idle >= 0) return first_idle;
  return prev_load == least_load ? t.cpu : least;
}

TimeNs CpuScheduler::ideal_slice(const Cpu& c, const Task& t) const {
  std::uint64_t total = t.weight;
  std::int64_t nr = 1;
  for (TaskId id : c.queue) {
    if (!is_fair(tasks_[id])) continue;
    total += tasks_[id].weight;
    ++nr;
  }
  const TimeNs period = std::max(spec_.sched_latency_ns, nr * spec_.min_granularity_ns);
  // period x weight fits 64 bits for any period below 1.0e14 ns (weights are <= 88761).
  const auto slice = period < kWide64Period
                         ? static_cast<TimeNs>(static_cast<std::uint64_t>(period) * t.weight / total)
                         : static_cast<TimeNs>(static_cast<__int128>(period) * t.weight / total);
  return std::max<TimeNs>(1, slice);
}

std::size_t CpuScheduler::pick_next(Cpu& c) {
  if (is_eevdf()) return pick_index_eevdf(c);
  return c.queue.empty() ? kNoIndex : pick_index(c);
}

std::size_t CpuScheduler::pick_index(const Cpu& c) const {
  std::size_t best = 0;
  if (c.queue.size() == 1) return best;
  for (std::size_t i = 1; i < c.queue.size(); ++i) {
    const Task& cand = tasks_[c.queue[i]];
    const Task& cur = tasks_[c.queue[best]];
    if (is_fair(cand) != is_fair(cur)) {
      if (!is_fair(cand)) best = i;  // FIFO before fair
    } else if (!is_fair(cand)) {
      if (cand.params.rt_priority > cur.params.rt_priority) best = i;  // FIFO: earlier enqueue wins ties
    } else if (cand.vruntime < cur.vruntime ||
               (cand.vruntime == cur.vruntime && c.queue[i] < c.queue[best])) {
      best = i;
    }
  }
  return best;
}

// A sleeper that is not eligible stays queued under eevdf (DELAY_DEQUEUE): put_prev_entity
// puts it back into the tree like a preempted task.
void CpuScheduler::switch_out(Cpu& c, TaskState new_state) {
  report_run(static_cast<int>(&c - cpus_.data()), c);
  Task& t = tasks_[c.current];
  t.state = new_state;
  const bool delayed = new_state == TaskState::Sleeping && is_eevdf() && is_fair(t) && dequeue_sleeper(c, t);
  if (new_state == TaskState::Runnable || delayed) c.queue.push_back(c.current);
  c.preempted = new_state == TaskState::Runnable ? c.current : kNoTask;
  c.current = kNoTask;
}

void CpuScheduler::pick_and_run(int cpu) {
  Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
  ++c.token;  // no pending decision survives a pick
  std::size_t index = pick_next(c);
  if (index == kNoIndex && is_eevdf() && newidle_balance(cpu)) index = pick_next(c);
  if (index == kNoIndex) {
    c.last_ran = kNoTask;  // the idle task runs
    return;
  }
  const TaskId id = c.queue[index];
  c.queue.erase(c.queue.begin() + static_cast<std::ptrdiff_t>(index));
  Task& t = tasks_[id];
  // set_next_entity() sets the protection; a task re-picked right after its resched is prev == next
  // in __schedule(), which skips it, so it stays unprotected.
  if (is_eevdf() && is_fair(t) && id != c.preempted) set_protect_slice(c, t);
  c.preempted = kNoTask;
  if (t.woken_at >= 0) {
    t.wakeup_waits.add(sim_.now() - t.woken_at);
    t.woken_at = -1;
  }
  t.state = TaskState::Running;
  t.cpu = cpu;
  const TimeNs switch_cost = id == c.last_ran ? 0 : spec_.context_switch_ns;
  if (switch_cost > 0) ++context_switches_;
  c.current = id;
  c.last_ran = id;
  c.exec_start = sim_.now() + switch_cost;
  c.run_begin = c.exec_start;
  // eevdf has no exact slice end: update_curr notices it at a tick or a wake-up.
  c.slice_end = is_fair(t) && !is_eevdf() ? c.exec_start + ideal_slice(c, t) : sim::kNever;
  arm_dispatch(cpu);
}

// A pending reschedule (need_resched) is due now: arming for the burst's end instead would
// supersede the pick it requested, and nothing would request it again (update_curr leaves a
// CPU that needs a resched alone).
void CpuScheduler::arm_dispatch(int cpu) {
  Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
  const Task& t = tasks_[c.current];
  const TimeNs due = c.need_resched ? sim_.now() : std::min(c.exec_start + t.burst_left, c.slice_end);
  sim_.at(std::max(due, c.stolen_until), sim::EventPriority::CpuDispatch, *this, static_cast<std::uint32_t>(cpu),
          ++c.token);
}

void CpuScheduler::request_dispatch(int cpu) {
  Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
  sim_.at(std::max(sim_.now(), c.stolen_until), sim::EventPriority::CpuDispatch, *this, static_cast<std::uint32_t>(cpu),
          ++c.token);
}

// The running task is charged the stolen time when it is next accounted (account_current
// counts host time since exec_start), so its burst grows by that much: it makes no progress.
bool CpuScheduler::steal(int cpu, TimeNs length) {
  Cpu& c = cpus_.at(static_cast<std::size_t>(cpu));
  if (c.current == kNoTask || length <= 0) return false;
  c.stolen_until = std::max(c.stolen_until, sim_.now()) + length;
  tasks_[c.current].burst_left += length;
  arm_dispatch(cpu);
  return true;
}

bool CpuScheduler::stall(int cpu, TimeNs length) {
  if (steal(cpu, length)) return true;
  if (length <= 0) return false;
  Cpu& c = cpus_.at(static_cast<std::size_t>(cpu));
  c.stolen_until = std::max(c.stolen_until, sim_.now()) + length;
  if (!c.queue.empty()) request_dispatch(cpu);  // a pick already due now waits for the stall's end
  return false;
}

void CpuScheduler::report_run(int cpu, const Cpu& c) {
  if (observer_ != nullptr && sim_.now() > c.run_begin) observer_->on_ran(cpu, c.current, c.run_begin, sim_.now());
}

}  // namespace vtick::models::host
