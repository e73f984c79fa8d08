#pragma once
// The body of one load child process, from just after fork to _exit. Everything here is
// async-signal-safe (system calls and arithmetic on memory prepared before fork): the parent
// may be multithreaded, and another thread may have held the malloc or stdio lock at fork.
#include <sys/types.h>

#include <cstdint>

#include "realvm/load/task_plan.hpp"
#include "sim/time.hpp"

namespace vtick::realvm::load {

using sim::TimeNs;

/// The setup step a child reports over its pipe; kReady = all applied, the task now runs.
enum class SetupStep : std::int32_t { kReady, kDeathSignal, kProcessGroup, kAffinity, kPolicy, kNice };

/// What a child writes to the parent once, after setup.
struct SetupReport {
  SetupStep step = SetupStep::kReady;
  int error = 0;  ///< errno of the failed step
};

/// Exit statuses of a child; it never returns to the parent's code.
inline constexpr int kExitDone = 0;         ///< reached its stop time or the hard deadline
inline constexpr int kExitSetupFailed = 3;  ///< reported a failed SetupStep first
inline constexpr int kExitOrphaned = 4;     ///< the parent died before setup finished

struct ChildStart {
  const TaskPlan* plan;
  pid_t parent;        ///< getpid() of the parent, to detect it dying before PDEATHSIG is armed
  pid_t group;         ///< process group to join; 0 = start one (the first child)
  int report_fd;       ///< write end of the setup pipe
  TimeNs origin_ns;    ///< CLOCK_MONOTONIC of the start call; spec times count from here
  TimeNs deadline_ns;  ///< after origin: the child exits by itself, whatever its stop time
};

[[noreturn]] void run_child(const ChildStart& start);

}  // namespace vtick::realvm::load
