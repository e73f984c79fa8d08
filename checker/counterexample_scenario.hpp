#pragma once
// A violation turned into a scenario file: its host load reproduces the counterexample's
// adversarial schedule and its `expect:` is the property's claim, so `vtick run` on it fails
// the way the proof did. docs/checker.md says, per model, how the schedule is mapped.
#include <string>

#include "checker/model_catalog.hpp"
#include "checker/property.hpp"
#include "sim/scenario.hpp"

namespace vtick::checker {

struct CounterexampleScenario {
  std::string yaml;      ///< empty when there is none
  std::string why_none;  ///< set when yaml is empty
};

/// The simulator's vCPU-side work between the vCPU thread regaining its CPU and an outsourced
/// timer's callback; outsourcing_lateness's `injection` stands for it. In order: a context
/// switch to the VMM timer thread (its tick device fires at the same host timer interrupt)
/// and its device work, a context switch to the vCPU thread, the tick interrupt ahead of the
/// expiry (inject, handler, EOI exit), the expiry interrupt (inject, handler = tick_cost, EOI
/// exit), the callback and its re-arming hypercall exit.
std::int64_t simulated_delivery_work_ns(const sim::Scenario& scenario);

/// Only for Outcome::Violated reports of the symbolic models. Explicit-state violations get
/// why_none: the protocol bugs (a torn read, a stale callback) cannot happen in the
/// simulator's correct protocols, and lost_tick_backlog's runs-per-period schedules have no
/// load that pins them down.
CounterexampleScenario counterexample_scenario(const Property& property, const Report& report);

}  // namespace vtick::checker
