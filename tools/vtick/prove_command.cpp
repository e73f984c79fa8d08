#include "tools/vtick/prove_command.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "checker/counterexample_scenario.hpp"
#include "checker/model_catalog.hpp"
#include "checker/smt/z3_adapter.hpp"
#include "tools/vtick/cli_support.hpp"

namespace vtick::tools {
namespace {

using checker::Outcome;

const char* name_of(Outcome o) {
  switch (o) {
    case Outcome::Proved: return "PROVED";
    case Outcome::Violated: return "VIOLATED";
    case Outcome::Unknown: return "UNKNOWN";
  }
  return "?";
}

Outcome expected_outcome(checker::Expected e) {
  switch (e) {
    case checker::Expected::Proved: return Outcome::Proved;
    case checker::Expected::Violated: return Outcome::Violated;
    case checker::Expected::Unknown: return Outcome::Unknown;
  }
  return Outcome::Unknown;
}

void print_report(const checker::Property& p, const checker::Report& r) {
  std::printf("%-9s %s  (%s, %.3f s", name_of(r.outcome), p.name.c_str(), r.method.c_str(), r.seconds);
  if (r.states > 0) {
    std::printf(", %zu states, %zu transitions, %.0f states/s", r.states, r.transitions, r.states_per_second);
  }
  std::printf(")\n");
  if (!r.reason.empty()) std::printf("          %s\n", r.reason.c_str());
  for (const auto& line : r.counterexample) std::printf("          %s\n", line.c_str());
}

}  // namespace

ProveCommand::ProveCommand(CLI::App& app) {
  command_ = app.add_subcommand("prove", "Check property files with Z3 (BMC, k-induction) or explicit-state search");
  command_->add_option("files", files_, "Property YAML files (see docs/checker.md)")->required();
  command_->add_flag("--check-expect", check_expect_,
                     "Exit 0 iff every verdict is the file's `expect:` (for shipped properties that must be violated)");
  command_->add_option("--out", out_dir_,
                       "Where counterexample scenarios go: <property name>.counterexample.yaml (default out/prove)");
  command_->add_option("--dot", dot_dir_,
                       "Write each explicit-state model's state graph as <property name>.dot (Graphviz; the first "
                       "2000 states) into this directory");
  command_->footer("Exit status: 0 all proved, 1 any violated, 3 any unknown (never reported as proved), 2 bad input.\n"
                   "With --check-expect: 0 all as expected, 1 otherwise.");
}

void ProveCommand::write_counterexample_scenario(const checker::Property& property,
                                                 const checker::Report& report) const {
  const auto scenario = checker::counterexample_scenario(property, report);
  if (scenario.yaml.empty()) {
    std::printf("          no replay scenario: %s\n", scenario.why_none.c_str());
    return;
  }
  std::filesystem::create_directories(out_dir_);
  const auto path = std::filesystem::path(out_dir_) / (property.name + ".counterexample.yaml");
  std::ofstream(path) << scenario.yaml;
  std::printf("          replay: vtick run %s\n", path.string().c_str());
}

void ProveCommand::write_dot(const checker::Property& property, const checker::Report& report) const {
  std::filesystem::create_directories(dot_dir_);
  const auto path = std::filesystem::path(dot_dir_) / (property.name + ".dot");
  std::ofstream(path) << report.dot;
  std::printf("          state graph: %s (dot -Tsvg %s -o %s.svg)\n", path.string().c_str(), path.string().c_str(),
              property.name.c_str());
}

int ProveCommand::execute() {
  return exit_code_of([&] {
    std::printf("vtick prove (Z3 %s)\n", checker::smt::z3_version().c_str());
    bool any_violated = false;
    bool any_unknown = false;
    bool all_as_expected = true;
    for (const auto& file : files_) {
      const auto property = checker::load_property_file(file);
      const auto report = checker::check(property, {.want_dot = !dot_dir_.empty()});
      print_report(property, report);
      if (!report.dot.empty()) write_dot(property, report);
      if (report.outcome == Outcome::Violated) write_counterexample_scenario(property, report);
      any_violated = any_violated || report.outcome == Outcome::Violated;
      any_unknown = any_unknown || report.outcome == Outcome::Unknown;
      const bool as_expected = !property.expect || expected_outcome(*property.expect) == report.outcome;
      if (!as_expected) std::printf("          expected %s\n", name_of(expected_outcome(*property.expect)));
      all_as_expected = all_as_expected && as_expected;
    }
    if (check_expect_) return all_as_expected ? 0 : 1;
    return any_violated ? 1 : any_unknown ? kExitInternal : 0;
  });
}

}  // namespace vtick::tools
