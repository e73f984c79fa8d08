// What one switch between two threads costs on one CPU: two threads pinned to the same CPU
// pass a byte back and forth over two pipes, so every hand-over blocks one thread and wakes
// the other (lmbench's lat_ctx idea). The pipe's own write + read, timed without any switch
// (one thread writing and reading its own pipe), is measured too and taken off: what is left
// is the scheduler's work, the wake-up and the switch itself, which the model's
// scheduler.context_switch charges to every switch between tasks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vtick::calibration {

struct ContextSwitchPlan {
  std::size_t batches = 20;        ///< one figure per batch; the first batch is a warm-up, not counted
  std::size_t round_trips = 2000;  ///< per batch; each is two switches
};

struct ContextSwitchRun {
  std::vector<std::int64_t> raw_ns;       ///< per batch: host time / switches, pipe work included
  std::vector<std::int64_t> pipe_ns;      ///< per batch: one write + read on one's own pipe, no switch
  std::vector<std::int64_t> per_switch_ns;///< per batch: raw minus the pipe work of one hand-over
  std::size_t round_trips = 0;
};

/// Both threads run pinned to `cpu`. Throws std::runtime_error if a system call fails.
ContextSwitchRun measure_context_switch(int cpu, const ContextSwitchPlan& plan);

}  // namespace vtick::calibration
