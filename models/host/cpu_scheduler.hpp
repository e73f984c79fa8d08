#pragma once
// A CFS-like host scheduler with per-CPU run queues, plus SCHED_FIFO above it.
//
// Modelled after Linux's fair class (kernel/sched/fair.c):
//  - vruntime advances by delta_exec * 1024 / weight (nice -> weight from Linux's table);
//  - a task runs for its ideal slice, period * weight / total_weight with
//    period = max(sched_latency, nr_running * min_granularity), then the leftmost
//    (smallest vruntime) task runs;
//  - a waking task is placed at max(its vruntime, min_vruntime - sched_latency / 2)
//    (GENTLE_FAIR_SLEEPERS) and preempts the current task when the current task's vruntime
//    exceeds its own by more than wakeup_granularity scaled by the waking task's weight;
//  - with wakeup_preemption run_to_parity (an approximation of EEVDF, Linux 6.6 on: its
//    slice length and RUN_TO_PARITY, not its lag and deadline arithmetic) every fair slice
//    is base_slice long, and a woken task never preempts a fair task inside its slice;
//  - every switch to a different task (or from idle) costs context_switch_ns of CPU time;
//  - a task woken onto an idle CPU joins its run queue only after the host's wake-up latency
//    (host.wakeup_latency, none by default): the idle exit, IPI and wake-up path a real host
//    takes. This is the one place it is applied, so every such wake-up pays it: a hrtimer
//    expiry, a kick to a halted vCPU thread, a relay the host module wakes. A busy CPU takes
//    the task at once; a task's first start does not pay it either: it never slept.
// FIFO tasks always run before fair tasks and are never time-sliced.
//
// Not modelled (documented in docs/architecture.md): periodic load balancing and migration
// of running tasks (a task picks its CPU when it wakes), the scheduler tick's coarse
// slice checks (slices end exactly), cgroups, RT throttling.
//
// Invariants: a task is in at most one run queue; a CPU's `current` is not in its queue;
// vruntime never decreases except when normalised across CPUs on migration.
#include <cstdint>
#include <vector>

#include "models/host/task.hpp"
#include "models/host/wakeup_latency.hpp"
#include "sim/event_handler.hpp"
#include "sim/simulation.hpp"

namespace vtick::models::host {

/// Waking: woken, but its wake-up latency has not ended, so it is on no run queue yet.
enum class TaskState { Sleeping, Waking, Runnable, Running, Exited };

class CpuScheduler final : public sim::EventHandler {
 public:
  CpuScheduler(sim::Simulation& sim, const sim::SchedulerSpec& spec, int cpus, WakeupLatency wakeup_latency);

  /// A new task starts asleep; start() or wake() makes it runnable.
  TaskId add_task(TaskParams params, TaskBody& body);
  /// Wakes a sleeping task with `burst` ns of CPU demand: it becomes runnable after the wake-up
  /// latency (at once when there is none). Returns false (and does nothing) when the task is
  /// not sleeping; a task whose wake-up is under way is not.
  bool wake(TaskId task, TimeNs burst);
  /// A task's first run, now and without wake-up latency (it never slept). Same contract as wake().
  bool start(TaskId task, TimeNs burst);
  /// Replaces a runnable or running task's remaining CPU demand, e.g. a vCPU running guest
  /// code that is kicked out to take an interrupt. No effect on a sleeping task.
  void set_burst(TaskId task, TimeNs burst);
  /// The task leaves the system now; its body is never called again.
  void exit_task(TaskId task);

  void set_observer(RunObserver* observer) { observer_ = observer; }
  /// Reports the intervals of tasks still running (call once at the end of a run).
  void flush_observer();

  [[nodiscard]] TaskState state(TaskId task) const { return tasks_[task].state; }
  /// CPU of a running or runnable task; the last one it used otherwise (-1 if never ran).
  [[nodiscard]] int cpu_of(TaskId task) const { return tasks_[task].cpu; }
  [[nodiscard]] TimeNs cpu_time(TaskId task) const;
  [[nodiscard]] const TaskParams& params(TaskId task) const { return tasks_[task].params; }
  [[nodiscard]] std::size_t task_count() const { return tasks_.size(); }
  [[nodiscard]] int cpu_count() const { return static_cast<int>(cpus_.size()); }
  [[nodiscard]] std::uint64_t context_switches() const { return context_switches_; }
  [[nodiscard]] bool has_wakeup_latency() const { return !wakeup_latency_.none(); }
  /// Wake-ups that waited for a latency > 0, and the sum of those latencies.
  [[nodiscard]] std::uint64_t wakeups_delayed() const { return wakeups_delayed_; }
  [[nodiscard]] TimeNs wakeup_latency_total_ns() const { return wakeup_latency_total_ns_; }

  /// kind < cpu_count(): a CPU's dispatch point (arg: its token); kWakeupEnds: a task's
  /// wake-up latency is over (arg: the task).
  void on_event(std::uint32_t kind, std::uint64_t arg) override;

 private:
  /// The event kind for the end of a wake-up latency: beyond any CPU index (at most 64).
  static constexpr std::uint32_t kWakeupEnds = 0xFFFF;

  struct Task {
    TaskParams params;
    TaskBody* body;
    std::uint64_t weight;
    std::uint64_t allowed_mask;
    bool fair;  ///< SCHED_NORMAL (CFS); false for FIFO
    TaskState state = TaskState::Sleeping;
    int cpu = -1;
    std::int64_t vruntime = 0;  ///< nice-0 nanoseconds x 1024 (sub-ns precision for heavy tasks)
    TimeNs burst_left = 0;
    TimeNs cpu_time = 0;
  };
  struct Cpu {
    std::vector<TaskId> queue;  ///< runnable, not running; in enqueue order
    TaskId current = kNoTask;
    TimeNs exec_start = 0;      ///< when `current` (re)started executing, after any switch cost
    TimeNs run_begin = 0;       ///< start of the interval reported to the observer
    TimeNs slice_end = sim::kNever;
    std::int64_t min_vruntime = 0;
    std::uint64_t token = 0;    ///< invalidates this CPU's pending dispatch events
    TaskId last_ran = kNoTask;  ///< switching to another task (or from idle) costs a context switch
    bool need_resched = false;  ///< a wakeup asked to preempt `current`
  };

  [[nodiscard]] static bool is_fair(const Task& t) { return t.fair; }
  [[nodiscard]] int select_cpu(const Task& t) const;
  /// Nothing running and nothing queued: a wake-up there pays host.wakeup_latency.
  [[nodiscard]] bool cpu_idle(int cpu) const;
  [[nodiscard]] TimeNs ideal_slice(const Cpu& c, const Task& t) const;
  [[nodiscard]] static TimeNs linux_base_slice(int cpus);
  [[nodiscard]] bool should_preempt(const Cpu& c, const Task& woken) const;
  [[nodiscard]] std::size_t pick_index(const Cpu& c) const;

  void update_current(Cpu& c);
  void update_min_vruntime(Cpu& c);
  void place_on_wakeup(Task& t, Cpu& c);
  void enqueue_woken(TaskId task);
  void dispatch(std::uint32_t cpu, std::uint64_t token);
  void request_dispatch(int cpu);
  void finish_burst_if_done(Cpu& c);
  void switch_out(Cpu& c, TaskState new_state);
  void pick_and_run(int cpu);
  void arm_dispatch(int cpu);
  void report_run(int cpu, const Cpu& c);

  sim::Simulation& sim_;
  sim::SchedulerSpec spec_;
  std::vector<Cpu> cpus_;
  TimeNs base_slice_;  ///< run_to_parity's slice
  std::vector<Task> tasks_;
  RunObserver* observer_ = nullptr;
  std::uint64_t context_switches_ = 0;
  WakeupLatency wakeup_latency_;
  std::uint64_t wakeups_delayed_ = 0;
  TimeNs wakeup_latency_total_ns_ = 0;
};

}  // namespace vtick::models::host
