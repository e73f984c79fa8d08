// EEVDF, the fair class of Linux 6.6 on, as 6.18's kernel/sched/fair.c computes it. Each
// function names the kernel function it follows; docs/host-scheduler.md has the rules and
// what is simplified. Virtual times are in the unit of Task::vruntime (nice-0 ns x 1024).
#include <algorithm>

#include "models/host/cpu_scheduler.hpp"
#include "sim/rng.hpp"

namespace vtick::models::host {

// avg_vruntime_add() over the queued entities plus the current one (cfs_rq->curr stays
// on_rq). Sleepers held by DELAY_DEQUEUE are still queued, so they count.
CpuScheduler::QueueLoad CpuScheduler::queue_load(const Cpu& c) const {
  QueueLoad load;
  const auto add = [&load](const Task& t) {
    load.weighted_vruntime += static_cast<__int128>(t.vruntime) * static_cast<__int128>(t.weight);
    load.weight += static_cast<std::int64_t>(t.weight);
    ++load.entities;
  };
  if (c.current != kNoTask && is_fair(tasks_[c.current])) add(tasks_[c.current]);
  for (TaskId id : c.queue) {
    const Task& t = tasks_[id];
    if (!is_fair(t)) continue;
    add(t);
    load.min_slice = std::min(load.min_slice, t.slice);
  }
  return load;
}

// avg_vruntime(): V = sum(w * v) / W, rounded down (the kernel flips the sign to floor).
std::int64_t CpuScheduler::avg_vruntime(const QueueLoad& load, std::int64_t fallback) {
  if (load.weight == 0) return fallback;
  const __int128 w = load.weight;
  __int128 sum = load.weighted_vruntime;
  if (sum < 0) sum -= w - 1;
  return static_cast<std::int64_t>(sum / w);
}

// vruntime_eligible(): v <= V, compared without the division: sum(w * v_i) >= v * W.
bool CpuScheduler::vruntime_eligible(const QueueLoad& load, std::int64_t vruntime) {
  return load.weighted_vruntime >= static_cast<__int128>(vruntime) * load.weight;
}

// entity_lag(): V - v, clamped to the virtual time of max(2 x slice, TICK_NSEC).
std::int64_t CpuScheduler::entity_lag(std::int64_t avg, const Task& t) const {
  const std::int64_t limit = vslice(t, std::max(2 * t.slice, tick_ns_));
  return std::clamp(avg - t.vruntime, -limit, limit);
}

// update_curr() + update_deadline(): once the current task's vruntime reaches its deadline
// it gets a new request (deadline = vruntime + slice / w); it is rescheduled when that
// happened or its RUN_TO_PARITY protection is over, unless it is alone on the queue.
void CpuScheduler::update_curr_eevdf(Cpu& c) {
  Task& t = tasks_[c.current];
  bool resched = false;
  if (t.vruntime >= t.deadline) {
    t.slice = t.custom_slice > 0 ? t.custom_slice : base_slice_;
    t.deadline = t.vruntime + vslice(t, t.slice);
    resched = true;
  }
  if (queue_load(c).entities == 1 || c.need_resched) return;  // cfs_rq->nr_queued == 1
  if (resched || !protect_slice(t)) {
    c.need_resched = true;  // resched_curr_lazy(): preempt=none/voluntary/full act at once
    request_dispatch(static_cast<int>(&c - cpus_.data()));
  }
}

// place_entity(): PLACE_LAG puts the task at V - lag, the lag inflated by (W + w) / W so that
// adding it does not move V and eat the lag; PLACE_DEADLINE_INITIAL gives a new task half a
// slice; a migrated task keeps its relative deadline (PLACE_REL_DEADLINE).
void CpuScheduler::place_entity(Cpu& c, Task& t, bool initial) {
  const QueueLoad load = queue_load(c);
  t.slice = t.custom_slice > 0 ? t.custom_slice : base_slice_;
  std::int64_t lag = 0;
  if (load.entities > 0 && t.vlag != 0) {
    const __int128 inflated = static_cast<__int128>(t.vlag) * (load.weight + static_cast<std::int64_t>(t.weight));
    lag = static_cast<std::int64_t>(inflated / load.weight);  // div_s64: toward zero
  }
  t.vruntime = avg_vruntime(load, c.min_vruntime) - lag;
  if (t.rel_deadline) {
    t.deadline += t.vruntime;
    t.rel_deadline = false;
    return;
  }
  const std::int64_t request = vslice(t, t.slice);
  t.deadline = t.vruntime + (initial ? request / 2 : request);
}

// set_protect_slice() as 6.18 computes vprot: the deadline, or sooner when a queued task has
// a shorter slice (RUN_TO_PARITY uses cfs_rq_min_slice). Called with `t` off the queue and
// not yet current, as set_next_entity() does.
void CpuScheduler::set_protect_slice(const Cpu& c, Task& t) const {
  const TimeNs slice = std::min(queue_load(c).min_slice, t.slice);
  t.vprot = t.deadline;
  if (slice != t.slice) t.vprot = std::min(t.vprot, t.vruntime + vslice(t, slice));
}

// __pick_eevdf(): the eligible entity with the earliest deadline; the current task stays
// if it is eligible and protected (and `protect`), or has the strictly earliest deadline.
// Equal deadlines go to the earlier queued (the tree inserts equal keys to the right).
TaskId CpuScheduler::pick_eevdf(const Cpu& c, bool protect) const {
  const QueueLoad load = queue_load(c);
  TaskId curr = c.current != kNoTask && is_fair(tasks_[c.current]) ? c.current : kNoTask;
  TaskId best = kNoTask;
  TaskId earliest = kNoTask;  // fallback should rounding leave none eligible
  for (TaskId id : c.queue) {
    const Task& t = tasks_[id];
    if (!is_fair(t)) continue;
    if (earliest == kNoTask || t.deadline < tasks_[earliest].deadline) earliest = id;
    if (vruntime_eligible(load, t.vruntime) && (best == kNoTask || t.deadline < tasks_[best].deadline)) best = id;
  }
  if (load.entities == 1) return curr != kNoTask ? curr : earliest;
  if (curr != kNoTask && !vruntime_eligible(load, tasks_[curr].vruntime)) curr = kNoTask;
  if (curr != kNoTask && protect && protect_slice(tasks_[curr])) return curr;
  if (best == kNoTask || (curr != kNoTask && tasks_[curr].deadline < tasks_[best].deadline)) best = curr;
  return best != kNoTask ? best : earliest;
}

// check_preempt_wakeup_fair() (6.18): preempt when the woken task is now what
// __pick_eevdf() picks, honouring the current task's protection unless the woken task has a
// shorter slice (PREEMPT_SHORT, which then cancels that protection). The caller has run
// update_curr (enqueue_entity does). NEXT_BUDDY is off by default.
bool CpuScheduler::wakeup_preempt_eevdf(Cpu& c, TaskId woken) {
  if (c.need_resched) return false;  // test_tsk_need_resched(): a pick is coming anyway
  Task& cur = tasks_[c.current];
  const bool preempt_short = tasks_[woken].slice < cur.slice;
  if (pick_eevdf(c, !preempt_short) == woken) {
    if (preempt_short && protect_slice(cur)) cur.vprot = cur.vruntime;  // cancel_protect_slice
    return true;
  }
  if (preempt_short) {  // update_protect_slice(): protect no longer than the shortest slice
    const TimeNs slice = std::min(queue_load(c).min_slice, cur.slice);
    cur.vprot = std::min(cur.vprot, cur.vruntime + vslice(cur, slice));
  }
  return false;
}

// dequeue_entity(DEQUEUE_SLEEP): an ineligible sleeper (negative lag) stays queued, delayed
// (DELAY_DEQUEUE), until it is picked or woken; any other saves its lag (update_entity_lag).
// `t` is the current task, so V includes it.
bool CpuScheduler::dequeue_sleeper(Cpu& c, Task& t) {
  const QueueLoad load = queue_load(c);
  if (!vruntime_eligible(load, t.vruntime)) {
    t.delayed = true;
    return true;
  }
  t.vlag = entity_lag(avg_vruntime(load, c.min_vruntime), t);
  return false;
}

// pick_next_entity() picked a delayed sleeper: dequeue_entities(DEQUEUE_DELAYED) saves its lag
// and DELAY_ZERO drops any positive part (finish_delayed_dequeue_entity).
void CpuScheduler::finish_delayed_dequeue(Cpu& c, TaskId task) {
  Task& t = tasks_[task];
  t.vlag = std::min<std::int64_t>(0, entity_lag(avg_vruntime(queue_load(c), c.min_vruntime), t));
  t.delayed = false;
  c.queue.erase(std::find(c.queue.begin(), c.queue.end(), task));
}

// A delayed sleeper woken before it was picked (ttwu_runnable -> requeue_delayed_entity): it
// keeps its place, unless its lag turned positive meanwhile, when DELAY_ZERO places it anew
// at lag 0. That lag is taken against V as it stands: nothing on this path calls update_curr
// first, so the running task's vruntime is the one of its last update. Then wakeup_preempt()
// as for any wake-up, which does update the running task (check_preempt_wakeup_fair).
void CpuScheduler::requeue_delayed(TaskId task) {
  Task& t = tasks_[task];
  const int cpu = t.cpu;
  Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
  t.vlag = entity_lag(avg_vruntime(queue_load(c), c.min_vruntime), t);
  t.delayed = false;
  t.state = TaskState::Runnable;
  if (t.vlag > 0) {
    c.queue.erase(std::find(c.queue.begin(), c.queue.end(), task));
    t.vlag = 0;
    place_entity(c, t, false);
    c.queue.push_back(task);
  }
  update_current(c);
  if (should_preempt(c, task)) {
    c.need_resched = true;
    request_dispatch(cpu);
  }
}

// pick_task_fair(): FIFO tasks first; then pick_eevdf(), and a delayed sleeper it picks is
// dequeued for good and the pick repeated. kNoIndex: nothing runnable.
std::size_t CpuScheduler::pick_index_eevdf(Cpu& c) {
  for (;;) {
    if (c.queue.empty()) return kNoIndex;
    const std::size_t first_choice = pick_index(c);  // FIFO before fair
    if (!is_fair(tasks_[c.queue[first_choice]])) return first_choice;
    const TaskId id = pick_eevdf(c, true);
    if (!tasks_[id].delayed) return static_cast<std::size_t>(std::find(c.queue.begin(), c.queue.end(), id) - c.queue.begin());
    finish_delayed_dequeue(c, id);
  }
}

// select_task_rq_fair() for a wake-up on one LLC: wake_affine keeps the previous CPU as the
// target (the waker is the hrtimer interrupt on that CPU, or a task we do not place), and
// select_idle_sibling() takes it if idle, else the first idle CPU scanning from target + 1,
// else the target. A task's first placement is a fork's: the idlest CPU.
int CpuScheduler::select_idle_sibling(const Task& t) const {
  if (t.cpu < 0) return select_cpu(t);
  const int n = cpu_count();
  for (int i = 0; i < n; ++i) {
    const int cpu = (t.cpu + i) % n;
    if (((t.allowed_mask >> cpu) & 1U) != 0 && cpu_idle(cpu)) return cpu;
  }
  return t.cpu;
}

int CpuScheduler::wake_cpu(const Task& t) const { return is_eevdf() ? select_idle_sibling(t) : select_cpu(t); }

// tick_setup_sched_timer() starts every CPU's tick on the jiffies grid of the host's boot
// (tick_init_jiffy_update) and, without skew_tick (sched_skew_tick is 0 by default), adds no
// per-CPU offset: the CPUs tick in step. The grid's phase against the VMM's timers is set by
// when the host booted, which nothing ties to the run: the run seed draws it.
TimeNs CpuScheduler::draw_tick_phase(std::uint64_t run_seed, int hz) {
  const TimeNs tick = (sim::kNsPerSec + hz / 2) / std::max(hz, 1);  // TICK_NSEC
  sim::RandomStream stream(run_seed, "host.tick");
  return std::min(tick - 1, static_cast<TimeNs>(stream.uniform() * static_cast<double>(tick)));
}

// The tick on every CPU at tick_phase_ + k x TICK_NSEC: task_tick_fair -> update_curr, which is
// where a slice's end is noticed, then balancing.
void CpuScheduler::arm_tick() {
  const TimeNs now = sim_.now();
  const TimeNs next = now < tick_phase_ ? tick_phase_ : tick_phase_ + ((now - tick_phase_) / tick_ns_ + 1) * tick_ns_;
  sim_.at(next, sim::EventPriority::SchedulerTick, *this, kTick, 0);
}

void CpuScheduler::on_tick() {
  for (Cpu& c : cpus_) {
    if (c.current != kNoTask && is_fair(tasks_[c.current])) update_current(c);
  }
  tick_balance();
  arm_tick();
}

CpuScheduler::FairState CpuScheduler::fair_state(TaskId task) const {
  const Task& t = tasks_[task];
  constexpr double kUnit = 1024.0;
  const bool queued = t.cpu >= 0 && (t.state == TaskState::Runnable || t.state == TaskState::Running || t.delayed);
  const bool eligible = queued && vruntime_eligible(queue_load(cpus_[static_cast<std::size_t>(t.cpu)]), t.vruntime);
  return {static_cast<double>(t.vruntime) / kUnit, static_cast<double>(t.deadline) / kUnit,
          static_cast<double>(t.vlag) / kUnit, eligible, t.delayed};
}

double CpuScheduler::avg_vruntime_ns(int cpu) const {
  const Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
  return static_cast<double>(avg_vruntime(queue_load(c), c.min_vruntime)) / 1024.0;
}

}  // namespace vtick::models::host
