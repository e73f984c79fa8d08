#include "realvm/runner/refusal.hpp"

#include "sim/scenario_error.hpp"

namespace vtick::realvm::runner {

void unsupported(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                 const sim::SourceLocation* where) {
  sim::SourceLocation at = where ? *where : sim::SourceLocation{scenario.file, 0, 0};
  if (at.file.empty()) at.file = scenario.file;
  throw sim::ScenarioError(at, "", "realvm: " + field + ": " + what + " is not supported by the real VM yet");
}

void unsupported_by_qemu(const sim::Scenario& scenario, const std::string& field, const std::string& what,
                         const std::string& why) {
  throw sim::ScenarioError({scenario.file, 0, 0}, "", "realvm: " + field + ": " + what + " is not supported under QEMU (" + why + ")");
}

}  // namespace vtick::realvm::runner
