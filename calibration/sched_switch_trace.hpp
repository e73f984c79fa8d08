// Records the host scheduler's sched:sched_switch events of one thread name through tracefs,
// in a trace instance of its own (instances/vtick-<pid>), so the global buffer and anyone
// else's tracing stay untouched. The instance uses the mono trace clock (CLOCK_MONOTONIC,
// as the VMM's host stamps) and a filter on the thread's name, and is removed on destruction.
// Needs a mounted tracefs (or the right to mount it at /sys/kernel/tracing) and write access.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "calibration/vcpu_wakeups.hpp"

namespace vtick::calibration {

/// tracefs cannot be used here; what() says why.
struct TracefsUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SchedSwitchTrace {
 public:
  /// Starts recording switches to and from threads named `comm`. Throws TracefsUnavailable.
  explicit SchedSwitchTrace(const std::string& comm);
  ~SchedSwitchTrace();
  SchedSwitchTrace(const SchedSwitchTrace&) = delete;
  SchedSwitchTrace& operator=(const SchedSwitchTrace&) = delete;

  /// Stops recording and returns the events, in time order. Throws std::runtime_error if the
  /// buffer overflowed (events lost).
  std::vector<SchedSwitch> finish();

 private:
  std::filesystem::path instance_;
};

}  // namespace vtick::calibration
