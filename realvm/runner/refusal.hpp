#pragma once
// The one error a scenario field the real VM cannot honour becomes: a ScenarioError at the
// field (or the file), so that `vtick realvm` exits 2 naming it rather than measuring
// something else than the scenario says.
#include <string>

#include "sim/scenario.hpp"

namespace vtick::realvm::runner {

/// "FILE[:LINE:COL]: realvm: FIELD: WHAT is not supported by the real VM yet".
[[noreturn]] void unsupported(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                              const sim::SourceLocation* where = nullptr);

/// "FILE: realvm: FIELD: WHAT is not supported under QEMU (WHY)": QEMU will never run it.
[[noreturn]] void unsupported_by_qemu(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                                      const std::string& why);

}  // namespace vtick::realvm::runner
