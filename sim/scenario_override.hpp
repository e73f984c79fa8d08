#pragma once
// Changing one scenario parameter by name, for `vtick sweep`: the parameters a sweep can
// vary, each with the check the parser would apply. A value is returned as the number a
// plot's x axis uses (durations in ns).
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace vtick::sim {

/// "guest.hz", "host.cpus", "host.tsc_ppm", "vmm.nice", "vmm.pvclock_update_interval",
/// "load.<task name>.count" (0 removes the task).
const std::vector<std::string>& sweepable_parameters();

/// Sets `parameter` to `value` (scenario-file syntax: "250", "10ms", "-5"). Returns the value
/// as a number. Unknown parameters and impossible values are std::invalid_argument with the
/// reason.
double override_parameter(Scenario& scenario, const std::string& parameter, const std::string& value);

}  // namespace vtick::sim
