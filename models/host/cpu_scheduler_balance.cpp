// eevdf's load balancing, simplified to what matters for 1..64 CPUs sharing one LLC (one
// sched domain): it moves one queued fair task at a time, by task counts. Simplified away
// (docs/host-scheduler.md): PELT load and utilisation, cache hotness (task_hot), imbalance
// sizes above one task, the stagger of CPUs' balance times, RT push/pull.
#include <algorithm>

#include "models/host/cpu_scheduler.hpp"

namespace vtick::models::host {

// nr_running as the balancer counts it: the running task and the queued ones, not sleepers
// held by DELAY_DEQUEUE (6.15+ balances on h_nr_runnable).
int CpuScheduler::runnable_count(const Cpu& c) const {
  const auto queued = std::count_if(c.queue.begin(), c.queue.end(), [&](TaskId id) { return !tasks_[id].delayed; });
  return (c.current != kNoTask ? 1 : 0) + static_cast<int>(queued);
}

// The CPU with the most runnable tasks (at least `min_runnable`; the lowest index on a tie)
// that has a queued fair task allowed on `dst` (can_migrate_task without cache hotness).
int CpuScheduler::busiest_cpu(int dst, int min_runnable) const {
  int busiest = -1;
  int most = min_runnable - 1;
  for (int cpu = 0; cpu < cpu_count(); ++cpu) {
    const Cpu& c = cpus_[static_cast<std::size_t>(cpu)];
    const int n = runnable_count(c);
    if (cpu == dst || n <= most) continue;
    const bool movable = std::any_of(c.queue.begin(), c.queue.end(), [&](TaskId id) {
      const Task& t = tasks_[id];
      return is_fair(t) && !t.delayed && ((t.allowed_mask >> dst) & 1U) != 0;
    });
    if (movable) {
      busiest = cpu;
      most = n;
    }
  }
  return busiest;
}

// detach_tasks() takes from the tail of cfs_tasks, the least recently queued: here the first
// movable task in queue order.
bool CpuScheduler::pull_one(int dst, int src, bool check_preempt) {
  const Cpu& s = cpus_[static_cast<std::size_t>(src)];
  for (std::size_t i = 0; i < s.queue.size(); ++i) {
    const Task& t = tasks_[s.queue[i]];
    if (is_fair(t) && !t.delayed && ((t.allowed_mask >> dst) & 1U) != 0) {
      migrate(src, i, dst, check_preempt);
      return true;
    }
  }
  return false;
}

// detach_task() + attach_task(): a non-sleep dequeue saves the lag against the source's V and
// keeps the deadline relative (PLACE_REL_DEADLINE); place_entity() on the destination restores
// both; then wakeup_preempt() there.
void CpuScheduler::migrate(int src, std::size_t index, int dst, bool check_preempt) {
  Cpu& s = cpus_[static_cast<std::size_t>(src)];
  const TaskId id = s.queue[index];
  Task& t = tasks_[id];
  update_current(s);
  t.vlag = entity_lag(avg_vruntime(queue_load(s), s.min_vruntime), t);
  t.deadline -= t.vruntime;
  t.rel_deadline = true;
  s.queue.erase(s.queue.begin() + static_cast<std::ptrdiff_t>(index));
  Cpu& d = cpus_[static_cast<std::size_t>(dst)];
  update_current(d);
  place_entity(d, t, false);
  t.cpu = dst;
  d.queue.push_back(id);
  ++migrations_;
  if (check_preempt && should_preempt(d, id)) {
    d.need_resched = true;
    request_dispatch(dst);
  }
}

// sched_balance_newidle(): a CPU about to idle pulls a queued task from the busiest CPU.
bool CpuScheduler::newidle_balance(int cpu) {
  if (cpu_count() == 1) return false;
  const int src = busiest_cpu(cpu, 2);
  return src >= 0 && pull_one(cpu, src, false);  // the caller picks next
}

// At a tick: a busy CPU with queued tasks kicks the nohz idle balancer, which pulls for each
// idle CPU (nohz_balancer_kick -> sched_balance_domains); and every busy balance interval
// each busy CPU pulls from one with at least two tasks more (sched_balance_rq).
void CpuScheduler::tick_balance() {
  if (cpu_count() == 1) return;
  for (int cpu = 0; cpu < cpu_count(); ++cpu) {
    if (!cpu_idle(cpu)) continue;
    const int src = busiest_cpu(cpu, 2);
    if (src >= 0) (void)pull_one(cpu, src, true);
  }
  if (sim_.now() < next_busy_balance_) return;
  next_busy_balance_ = sim_.now() + busy_balance_interval_;
  for (int cpu = 0; cpu < cpu_count(); ++cpu) {
    const int here = runnable_count(cpus_[static_cast<std::size_t>(cpu)]);
    if (here == 0) continue;
    const int src = busiest_cpu(cpu, here + 2);
    if (src >= 0) (void)pull_one(cpu, src, true);
  }
}

}  // namespace vtick::models::host
