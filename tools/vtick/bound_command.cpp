#include "tools/vtick/bound_command.hpp"

#include <cstdio>

#include "checker/model_catalog.hpp"
#include "tools/vtick/cli_support.hpp"

namespace vtick::tools {

BoundCommand::BoundCommand(CLI::App& app) {
  command_ = app.add_subcommand("bound", "Find the smallest bound B a symbolic property proves, with a counterexample at B-1");
  command_->add_option("file", file_, "Property YAML file with a symbolic model (its claim is ignored)")->required();
  command_->add_option("--lo", lo_, "Smallest bound to try (default 0)");
  command_->add_option("--hi", hi_, "Largest bound to try (default 10^12: 1000 s in ns)");
  command_->footer("Exit status: 0 a bound was proved, 1 even --hi is violated, 3 unknown, 2 bad input.");
}

int BoundCommand::execute() {
  return exit_code_of([&] {
    if (lo_ > hi_) throw std::invalid_argument("--lo must not exceed --hi");
    const auto property = checker::load_property_file(file_);
    const auto r = checker::tightest_bound(property, lo_, hi_);
    if (r.outcome == checker::Outcome::Violated) {
      std::printf("VIOLATED  %s: even %lld is exceeded (%.3f s)\n", property.name.c_str(), static_cast<long long>(hi_), r.seconds);
      return 1;
    }
    if (r.outcome == checker::Outcome::Unknown) {
      std::printf("UNKNOWN   %s: %s\n", property.name.c_str(),
                  (r.at_bound.reason.empty() ? r.below.reason : r.at_bound.reason).c_str());
      return kExitInternal;
    }
    std::printf("BOUND     %s: %lld  (%s, %.3f s)\n", property.name.c_str(), static_cast<long long>(r.bound),
                r.at_bound.method.c_str(), r.seconds);
    if (r.below.outcome == checker::Outcome::Violated) {
      std::printf("          tight: %lld is violated by\n", static_cast<long long>(r.bound - 1));
      for (const auto& line : r.below.counterexample) std::printf("          %s\n", line.c_str());
    }
    return 0;
  });
}

}  // namespace vtick::tools
