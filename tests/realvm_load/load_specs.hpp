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

inline void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

inline double ms(TimeNs ns) { return static_cast<double>(ns) / static_cast<double>(kNsPerMs); }

}  // namespace vtick::realvm::load::test_support
