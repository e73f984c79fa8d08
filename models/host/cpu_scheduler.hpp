#pragma once
// The host's CPU scheduler: per-CPU run queues, SCHED_FIFO above a fair class that is either
// CFS (Linux up to 6.5) or EEVDF (Linux 6.6 on, as 6.18's kernel/sched/fair.c implements it).
// docs/host-scheduler.md lists every rule with the kernel function it comes from, and what
// is simplified.
//
// host.scheduler.class cfs (kept as it was, for older hosts):
//  - vruntime advances by delta_exec * 1024 / weight (nice -> weight from Linux's table);
//  - a task runs for its ideal slice, period * weight / total_weight with
//    period = max(sched_latency, nr_running * min_granularity), then the leftmost
//    (smallest vruntime) task runs; slices end exactly (no tick);
//  - a waking task is placed at max(its vruntime, min_vruntime - sched_latency / 2)
//    (GENTLE_FAIR_SLEEPERS) and preempts the current task when the current task's vruntime
//    exceeds its own by more than wakeup_granularity scaled by the waking task's weight;
//  - a waking task goes to its previous CPU if idle, else the first idle one, else the least
//    loaded; nothing is balanced later.
// host.scheduler.class eevdf (cpu_scheduler_eevdf.cpp, cpu_scheduler_balance.cpp):
//  - lag, eligibility (vruntime <= the weighted average V), virtual deadlines
//    vruntime + base_slice * 1024 / weight, pick = the eligible task with the earliest deadline;
//  - PLACE_LAG (lag kept across sleep, inflated by (W + w) / W), PLACE_DEADLINE_INITIAL,
//    DELAY_DEQUEUE with DELAY_ZERO, RUN_TO_PARITY (6.18's vprot), PREEMPT_SHORT;
//  - a slice's end is noticed only at an update_curr point: the host tick (host.hz; HRTICK is
//    off by default) or a wake-up on that CPU - so a task behind a hog waits up to slice + tick;
//  - wake placement as select_idle_sibling on one LLC; newidle, nohz-idle and periodic load
//    balancing that move one queued task at a time.
// Both: every switch to a different task (or from idle) costs context_switch_ns of CPU time;
// a task woken onto an idle CPU joins its run queue only after the host's wake-up latency
// (host.wakeup_latency, none by default): the idle exit, IPI and wake-up path a real host
// takes. This is the one place it is applied, so every such wake-up pays it. A busy CPU takes
// the task at once; a task's first start does not pay it either: it never slept.
// FIFO tasks always run before fair tasks and are never time-sliced.
//
// Not modelled: cgroups, RT throttling, migration of a running task, cache-hotness and
// utilisation (PELT) in balancing decisions.
//
// Invariants: a task is in at most one run queue; a CPU's `current` is not in its queue;
// an eevdf task delayed on dequeue is asleep yet still in its queue (`delayed`).
#include <cstdint>
#include <vector>

#include "models/host/task.hpp"
#include "models/host/wakeup_latency.hpp"
#include "sim/sample_stats.hpp"
#include "sim/event_handler.hpp"
#include "sim/simulation.hpp"

namespace vtick::models::host {

/// Waking: woken, but its wake-up latency has not ended, so it is on no run queue yet.
enum class TaskState { Sleeping, Waking, Runnable, Running, Exited };

class CpuScheduler final : public sim::EventHandler {
 public:
  /// Linux's sysctl_sched_base_slice for `cpus` CPUs (eevdf's default request size).
  [[nodiscard]] static TimeNs linux_base_slice(int cpus);

  /// The host tick's phase for a run: where on the host's own jiffies grid (set at its boot,
  /// unrelated to when the VMM armed anything) the run starts, uniform in [0, 1 s / hz) from
  /// the run seed's "host.tick" stream.
  [[nodiscard]] static TimeNs draw_tick_phase(std::uint64_t run_seed, int hz);

  /// `hz` is CONFIG_HZ (host.hz): eevdf's tick, which fires on every CPU at
  /// tick_phase + k / hz (0 <= tick_phase < 1 s / hz; tests leave it 0).
  CpuScheduler(sim::Simulation& sim, const sim::SchedulerSpec& spec, int cpus, int hz, WakeupLatency wakeup_latency,
               TimeNs tick_phase = 0);

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
  /// eevdf: a custom request size for a task (sched_setattr's sched_runtime, custom_slice in
  /// 6.12+) instead of base_slice; takes effect at its next placement. Scenarios cannot set
  /// one yet; tests use it for PREEMPT_SHORT.
  void set_custom_slice(TaskId task, TimeNs slice);
  /// The task leaves the system now; its body is never called again.
  void exit_task(TaskId task);
  /// The layer below the host takes `length` ns of `cpu` from now, unannounced (host.noise):
  /// the CPU executes nothing meanwhile. The host does not know: it charges the time to the
  /// task that was running (its CPU time and vruntime advance, its burst does not), and every
  /// scheduling decision for that CPU (a preemption, a tick's resched, a burst's end) waits
  /// for the time to be over. False, and nothing taken, when the CPU runs no task (an idle
  /// CPU's losses are its wake-up latency, host.wakeup_latency).
  bool steal(int cpu, TimeNs length);
  /// The layer below stops `cpu` for `length` ns from now (host.stalls), busy or idle. On a
  /// busy CPU this is steal() and true; on an idle one nothing is charged, a task woken there
  /// meanwhile runs when the stall is over at the earliest, and the result is false.
  bool stall(int cpu, TimeNs length);

  void set_observer(RunObserver* observer) { observer_ = observer; }
  /// Reports the intervals of tasks still running (call once at the end of a run).
  void flush_observer();

  [[nodiscard]] TaskState state(TaskId task) const { return tasks_[task].state; }
  /// CPU of a running or runnable task; the last one it used otherwise (-1 if never ran).
  [[nodiscard]] int cpu_of(TaskId task) const { return tasks_[task].cpu; }
  [[nodiscard]] TimeNs cpu_time(TaskId task) const;
  /// How long each of the task's wake-ups waited, from wake() to its first pick (wake-up
  /// latency and queueing behind other tasks): what tracefs shows as sched_waking to
  /// sched_switch. A task's first start is not a wake-up.
  [[nodiscard]] const sim::SampleStats& wakeup_waits(TaskId task) const;
  [[nodiscard]] const TaskParams& params(TaskId task) const { return tasks_[task].params; }
  [[nodiscard]] std::size_t task_count() const { return tasks_.size(); }
  [[nodiscard]] int cpu_count() const { return static_cast<int>(cpus_.size()); }
  [[nodiscard]] std::uint64_t context_switches() const { return context_switches_; }
  [[nodiscard]] bool has_wakeup_latency() const { return !wakeup_latency_.none(); }
  [[nodiscard]] bool is_eevdf() const { return spec_.scheduler_class == sim::SchedulerClass::Eevdf; }
  /// eevdf: the first tick's time; the others follow every 1 s / hz.
  [[nodiscard]] TimeNs tick_phase() const { return tick_phase_; }
  /// eevdf: times a load balance moved a queued task to another CPU.
  [[nodiscard]] std::uint64_t migrations() const { return migrations_; }

  /// A fair task's EEVDF state, in nanoseconds of nice-0 virtual time (for tests and traces).
  struct FairState {
    double vruntime_ns;
    double deadline_ns;
    double vlag_ns;       ///< the lag kept while off a queue (entity_lag at its last dequeue)
    bool eligible;        ///< on a queue and vruntime <= its queue's V
    bool delayed;         ///< asleep but still queued (DELAY_DEQUEUE)
  };
  [[nodiscard]] FairState fair_state(TaskId task) const;
  /// The weighted average vruntime V of a CPU's queue (avg_vruntime), in nice-0 ns.
  [[nodiscard]] double avg_vruntime_ns(int cpu) const;
  /// Wake-ups that waited for a latency > 0, and the sum of those latencies.
  [[nodiscard]] std::uint64_t wakeups_delayed() const { return wakeups_delayed_; }
  [[nodiscard]] TimeNs wakeup_latency_total_ns() const { return wakeup_latency_total_ns_; }

  /// kind < cpu_count(): a CPU's dispatch point (arg: its token); kWakeupEnds: a task's
  /// wake-up latency is over (arg: the task).
  void on_event(std::uint32_t kind, std::uint64_t arg) override;

 private:
  /// The event kind for the end of a wake-up latency: beyond any CPU index (at most 64).
  static constexpr std::uint32_t kWakeupEnds = 0xFFFF;
  /// eevdf: the host scheduler tick on every CPU (tick_sched_timer, aligned across CPUs, at tick_phase_).
  static constexpr std::uint32_t kTick = 0xFFFE;
  static constexpr std::size_t kNoIndex = ~std::size_t{0};

  struct Task {
    TaskParams params;
    TaskBody* body = nullptr;
    std::uint64_t weight = 0;
    std::uint64_t allowed_mask = 0;
    bool fair = true;  ///< SCHED_NORMAL (CFS); false for FIFO
    TaskState state = TaskState::Sleeping;
    int cpu = -1;
    std::int64_t vruntime = 0;  ///< nice-0 nanoseconds x 1024 (sub-ns precision for heavy tasks)
    // eevdf (struct sched_entity), in the same unit as vruntime.
    std::int64_t deadline = 0;
    std::int64_t vlag = 0;      ///< lag saved at dequeue, restored by place_entity
    std::int64_t vprot = 0;     ///< protected (RUN_TO_PARITY) until vruntime reaches it
    TimeNs slice = 0;           ///< request size: base_slice, or a custom slice
    TimeNs custom_slice = 0;    ///< set_custom_slice(); 0 = none
    bool rel_deadline = false;  ///< deadline is relative to vruntime (migrated, PLACE_REL_DEADLINE)
    bool delayed = false;       ///< asleep but still queued (DELAY_DEQUEUE)
    TimeNs burst_left = 0;
    TimeNs cpu_time = 0;
    TimeNs woken_at = -1;  ///< wake() of a wake-up not yet picked; -1: none
    sim::SampleStats wakeup_waits;
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
    TaskId preempted = kNoTask; ///< eevdf: switched out Runnable by this dispatch; re-picked, it keeps its vprot
    TimeNs stolen_until = 0;    ///< steal(): no dispatch on this CPU before then
  };

  /// Sums over a queue's fair entities, current included (avg_vruntime's cfs_rq->avg_*).
  struct QueueLoad {
    __int128 weighted_vruntime = 0;  ///< sum of w * vruntime
    std::int64_t weight = 0;         ///< W, the sum of w
    TimeNs min_slice = sim::kNever;  ///< cfs_rq_min_slice over the queued (not current) ones
    int entities = 0;                ///< nr_queued
  };

  [[nodiscard]] static bool is_fair(const Task& t) { return t.fair; }
  [[nodiscard]] int select_cpu(const Task& t) const;
  [[nodiscard]] int wake_cpu(const Task& t) const;
  /// Nothing running and nothing queued: a wake-up there pays host.wakeup_latency.
  [[nodiscard]] bool cpu_idle(int cpu) const;
  [[nodiscard]] TimeNs ideal_slice(const Cpu& c, const Task& t) const;
  [[nodiscard]] bool should_preempt(Cpu& c, TaskId woken);
  /// The queue index of the task to run next, or kNoIndex.
  [[nodiscard]] std::size_t pick_next(Cpu& c);
  [[nodiscard]] std::size_t pick_index(const Cpu& c) const;

  void update_current(Cpu& c);
  /// Charges the running task's CPU time since exec_start; false when none elapsed.
  bool account_current(Cpu& c);

  // eevdf (cpu_scheduler_eevdf.cpp)
  [[nodiscard]] QueueLoad queue_load(const Cpu& c) const;
  [[nodiscard]] static std::int64_t avg_vruntime(const QueueLoad& load, std::int64_t fallback);
  [[nodiscard]] static bool vruntime_eligible(const QueueLoad& load, std::int64_t vruntime);
  [[nodiscard]] std::int64_t entity_lag(std::int64_t avg, const Task& t) const;
  [[nodiscard]] int select_idle_sibling(const Task& t) const;
  [[nodiscard]] TaskId pick_eevdf(const Cpu& c, bool protect) const;
  void update_curr_eevdf(Cpu& c);
  void place_entity(Cpu& c, Task& t, bool initial);
  void set_protect_slice(const Cpu& c, Task& t) const;
  [[nodiscard]] bool wakeup_preempt_eevdf(Cpu& c, TaskId woken);
  [[nodiscard]] bool dequeue_sleeper(Cpu& c, Task& t);
  void finish_delayed_dequeue(Cpu& c, TaskId task);
  void requeue_delayed(TaskId task);
  [[nodiscard]] std::size_t pick_index_eevdf(Cpu& c);
  [[nodiscard]] static bool protect_slice(const Task& t) { return t.vprot > t.vruntime; }
  void arm_tick();
  void on_tick();
  [[nodiscard]] std::int64_t vslice(const Task& t, TimeNs slice) const;

  // load balancing (cpu_scheduler_balance.cpp)
  [[nodiscard]] int runnable_count(const Cpu& c) const;
  bool pull_one(int dst, int src, bool check_preempt);
  [[nodiscard]] int busiest_cpu(int dst, int min_runnable) const;
  void migrate(int src, std::size_t index, int dst, bool check_preempt);
  bool newidle_balance(int cpu);
  void tick_balance();
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
  TimeNs base_slice_;  ///< eevdf's sysctl_sched_base_slice
  TimeNs tick_ns_;     ///< TICK_NSEC at host.hz
  TimeNs tick_phase_;  ///< the ticks fall at tick_phase_ + k x tick_ns_
  TimeNs busy_balance_interval_;
  TimeNs next_busy_balance_ = 0;
  std::uint64_t migrations_ = 0;
  std::vector<Task> tasks_;
  RunObserver* observer_ = nullptr;
  std::uint64_t context_switches_ = 0;
  WakeupLatency wakeup_latency_;
  std::uint64_t wakeups_delayed_ = 0;
  TimeNs wakeup_latency_total_ns_ = 0;
};

}  // namespace vtick::models::host
