#pragma once
// One load task instance, with everything its child process will need worked out before
// fork: the child runs in a copy of a (possibly multithreaded) parent, where it may only read
// memory and make system calls, so nothing in it may allocate, parse or throw.
#include <sched.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::load {

struct TaskPlan {
  std::string name;       ///< as the simulator names it: NAME, or NAME.i when count > 1
  sim::LoadTaskSpec spec; ///< the child reads only its numeric fields
  cpu_set_t cpus;         ///< spec.affinity as a mask; unused when the affinity is empty
  /// The simulator's stream for the same task (seed, "load/" + name), so the real run draws
  /// the same burst and sleep lengths as the simulation of the same scenario and seed.
  sim::RandomStream random;
};

/// Expands `count` and checks what only this machine can tell: that every affinity CPU
/// exists. Throws std::invalid_argument naming the task.
std::vector<TaskPlan> plan_tasks(const std::vector<sim::LoadTaskSpec>& load, std::uint64_t seed);

}  // namespace vtick::realvm::load
