// The CPU time each thread of a process has used, from /proc: what `vtick calibrate` splits a
// VMM's demand by (QEMU names its threads: "CPU 0/TCG" runs the guest, the main thread -
// whose thread id is the process id - runs the main loop and with it the emulated timers).
// schedstat's first field is the thread's time on a CPU in ns (the scheduler's own sum,
// CONFIG_SCHED_INFO); without it, stat's utime + stime in clock ticks (USER_HZ, 10 ms
// here) stand in, too coarse for short windows, which the sample says.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace vtick::calibration {

/// /proc/PID/task/TID/schedstat: "<run ns> <wait ns> <timeslices>"; the first field.
[[nodiscard]] std::optional<std::int64_t> schedstat_run_ns(std::string_view text);

/// /proc/PID/task/TID/stat: utime + stime (fields 14 and 15, counted after the ")" that
/// ends the command name, which may itself hold spaces and parentheses), in clock ticks.
[[nodiscard]] std::optional<std::int64_t> stat_cpu_ticks(std::string_view text);

struct ThreadCpu {
  pid_t tid = 0;
  std::string name;       ///< /proc/PID/task/TID/comm, without its newline
  std::int64_t cpu_ns = 0;
};

struct ThreadCpuSample {
  std::int64_t host_ns = 0;  ///< CLOCK_MONOTONIC when it was read
  bool from_schedstat = true;
  std::vector<ThreadCpu> threads;  ///< ascending tid
};

/// Every thread of `pid` now; empty if the process is gone.
[[nodiscard]] ThreadCpuSample sample_threads(pid_t pid);

/// Samples a process's threads every `interval` on a thread of its own until stopped (or
/// destroyed), so that a window can be cut out of a run afterwards.
class ThreadCpuSampler {
 public:
  ThreadCpuSampler(pid_t pid, std::chrono::nanoseconds interval);
  ~ThreadCpuSampler();
  ThreadCpuSampler(const ThreadCpuSampler&) = delete;
  ThreadCpuSampler& operator=(const ThreadCpuSampler&) = delete;

  /// Stops sampling and returns the samples in time order.
  std::vector<ThreadCpuSample> finish();

 private:
  std::atomic<bool> stop_{false};
  std::vector<ThreadCpuSample> samples_;
  std::thread thread_;
};

/// What each thread used between the last sample at or before `from_ns` and the last
/// sample at or before `to_ns`. Threads are keyed by their role as `role_of` names them
/// (threads of one role are summed; an empty role drops the thread). nullopt when the
/// samples do not bracket a window of positive length.
struct WindowCpu {
  std::int64_t window_ns = 0;
  std::map<std::string, std::int64_t> cpu_ns;  ///< by role
  bool from_schedstat = true;
};
template <class RoleOf>
[[nodiscard]] std::optional<WindowCpu> window_cpu(const std::vector<ThreadCpuSample>& samples, std::int64_t from_ns,
                                                  std::int64_t to_ns, RoleOf role_of);

}  // namespace vtick::calibration

#include "calibration/thread_cpu_window.hpp"
