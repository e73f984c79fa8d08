#pragma once
// Real host load for a real-VM run: each task instance of a scenario's `load:` section as a
// separate process doing what docs/scenarios.md says its kind does, with its nice, policy,
// real-time priority and CPU affinity, against CLOCK_MONOTONIC. No child outlives the object:
// the destructor kills and reaps them all, each child gets SIGKILL when its parent dies, and
// each exits by itself at its stop time or the hard deadline. docs/realvm.md compares it with
// the simulator's load model.
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "realvm/load/task_plan.hpp"
#include "sim/scenario.hpp"
#include "sim/time.hpp"

namespace vtick::realvm::load {

using sim::TimeNs;

enum class TaskEnd {
  kRunning,   ///< not reaped yet (or never started)
  kFinished,  ///< exited by itself at its stop time or the hard deadline
  kKilled,    ///< still running when stop() killed it
  kFailed,    ///< exited otherwise: failed setup, or its parent died during setup
  kLost,      ///< reaped by someone else, so its CPU time is unknown (see HostLoad)
};

/// What one task instance did.
struct TaskReport {
  std::string name;
  pid_t pid = 0;     ///< 0 until started
  TimeNs cpu_ns = 0; ///< user + system CPU time, from wait4 when reaped by stop()
  TimeNs system_cpu_ns = 0; ///< the system part of cpu_ns: a CPU hog spends next to none (spin_meter.hpp)
  TaskEnd end = TaskEnd::kRunning;
};

/// Preconditions of the parent process: it does not ignore SIGCHLD and does not reap with
/// wait(-1) elsewhere (the children must stay ours to kill and reap), and the thread that calls
/// start() lives as long as the load: PR_SET_PDEATHSIG fires when that *thread* exits.
class HostLoad {
 public:
  /// `deadline_ns` (after start(), > 0, finite): every child exits by then, whatever its
  /// stop time; pass the run's duration plus a margin. Throws std::invalid_argument, naming the
  /// task, for an affinity CPU this machine does not have. Starts nothing.
  HostLoad(const std::vector<sim::LoadTaskSpec>& load, std::uint64_t seed, TimeNs deadline_ns);
  ~HostLoad();
  HostLoad(const HostLoad&) = delete;
  HostLoad& operator=(const HostLoad&) = delete;

  /// Forks every task instance; their start and stop times count from this call. If a child
  /// cannot apply its scheduling (e.g. SCHED_FIFO without CAP_SYS_NICE), kills and reaps all
  /// started ones and throws std::runtime_error naming the task and the failed call. Once only.
  void start();
  /// Kills (SIGKILL) every child still running and reaps all, recording their CPU time.
  /// Idempotent; the destructor calls it.
  void stop();

  [[nodiscard]] const std::vector<TaskReport>& tasks() const { return reports_; }
  /// The children's process group (0 before start()): an outside watchdog or a signal
  /// handler can end the whole load with kill(-group, SIGKILL).
  [[nodiscard]] pid_t process_group() const { return group_; }

 private:
  void fork_task(std::size_t index, TimeNs origin_ns);
  void reap(TaskReport& report);

  std::vector<TaskPlan> plans_;
  std::vector<TaskReport> reports_;
  TimeNs deadline_ns_;
  pid_t group_ = 0;
  bool started_ = false;
};

}  // namespace vtick::realvm::load
