// Records the host scheduler's sched:sched_switch events of some thread names through
// tracefs, and optionally sched:sched_waking of one of them, in a trace instance of its own
// (instances/vtick-<pid>), so the global buffer and anyone else's tracing stay untouched. The
// instance uses the mono trace clock (CLOCK_MONOTONIC, as the VMM's host stamps) and filters
// on the threads' names, and is removed on destruction.
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

struct SchedEvents {
  std::vector<SchedSwitch> switches;
  std::vector<SchedWaking> wakings;
};

class SchedSwitchTrace {
 public:
  /// Starts recording switches to and from threads named any of `comms`, and with
  /// `woken_comm` the wake-ups of threads so named. Throws TracefsUnavailable.
  explicit SchedSwitchTrace(const std::vector<std::string>& comms, const std::string& woken_comm = "");
  ~SchedSwitchTrace();
  SchedSwitchTrace(const SchedSwitchTrace&) = delete;
  SchedSwitchTrace& operator=(const SchedSwitchTrace&) = delete;

  /// Stops recording and returns the events, each kind in time order. Throws
  /// std::runtime_error if the buffer overflowed (events lost).
  SchedEvents finish();

 private:
  std::filesystem::path instance_;
  bool wakings_ = false;
};

}  // namespace vtick::calibration
