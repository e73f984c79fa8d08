#pragma once
// A host task as the scheduler sees it, and the interface through which a task's behaviour
// (a load generator, a VMM thread) tells the scheduler how much CPU it wants.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/time.hpp"

namespace vtick::models::host {

using sim::TimeNs;
using TaskId = std::uint32_t;
inline constexpr TaskId kNoTask = ~TaskId{0};
/// A CPU demand that never ends within any run (cpu hogs); large enough, far from overflow.
inline constexpr TimeNs kEndlessBurst = sim::kNever / 4;

struct TaskParams {
  std::string name;
  int nice = 0;
  sim::SchedPolicy policy = sim::SchedPolicy::Normal;
  int rt_priority = 0;        ///< 1..99 for fifo; higher runs first
  std::vector<int> affinity;  ///< allowed CPUs; empty = all
};

/// What a task does with the CPU. The scheduler runs a task's current burst (CPU demand)
/// across as many timeslices as needed, then asks for the next one.
class TaskBody {
 public:
  /// The current burst has been fully executed at `now`. Return the next burst's CPU demand
  /// (> 0, the task keeps running) or 0: the task blocks until someone calls wake().
  virtual TimeNs on_burst_complete(TaskId self, TimeNs now) = 0;

 protected:
  ~TaskBody() = default;
};

/// Sees every interval a task executed on a CPU (for traces and CPU accounting).
class RunObserver {
 public:
  virtual void on_ran(int cpu, TaskId task, TimeNs begin, TimeNs end) = 0;

 protected:
  ~RunObserver() = default;
};

/// Linux's sched_prio_to_weight table: nice 0 = 1024, each step about x1.25.
std::uint64_t nice_to_weight(int nice);

}  // namespace vtick::models::host
