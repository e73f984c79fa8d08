#pragma once
// Short load tasks for the tests, and what they share: these run real processes on a machine
// where other work is running too, so each test keeps to a fraction of a second and asserts
// wide bands.
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "sim/scenario.hpp"

namespace vtick::realvm::load::test_support {

using sim::kNsPerMs;
using sim::TimeNs;

inline sim::LoadTaskSpec task(std::string name, sim::LoadKind kind) {
  sim::LoadTaskSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  return spec;
}

inline sim::LoadTaskSpec duty(std::string name, TimeNs run_ns, TimeNs period_ns) {
  auto spec = task(std::move(name), sim::LoadKind::Duty);
  spec.run_ns = run_ns;
  spec.period_ns = period_ns;
  return spec;
}

/// A nice that wins the CPU against ordinary work (builds) running beside the tests, so a
/// share measured against elapsed time does not depend on them; 0 without the privilege.
inline int favoured_nice() { return geteuid() == 0 ? -10 : 0; }

/// For tests that measure CPU share against elapsed time: with the privilege, SCHED_FIFO, so
/// no ordinary process beside the tests (a sanitizer build, a loaded CI host) can take the
/// task's CPU and the share is what the generator applied; without it, the favoured nice.
inline void favour(sim::LoadTaskSpec& spec) {
  if (geteuid() == 0) {
    spec.policy = sim::SchedPolicy::Fifo;
    spec.rt_priority = 10;
  } else {
    spec.nice = favoured_nice();
  }
}

inline void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

inline double ms(TimeNs ns) { return static_cast<double>(ns) / static_cast<double>(kNsPerMs); }

}  // namespace vtick::realvm::load::test_support
