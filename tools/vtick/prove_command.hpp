#pragma once
// `vtick prove FILE... [--check-expect] [--out DIR] [--dot DIR]`: checks property files (docs/checker.md).
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "checker/model_catalog.hpp"

namespace vtick::tools {

class ProveCommand {
 public:
  explicit ProveCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  CLI::App* command_;
  std::vector<std::string> files_;
  bool check_expect_ = false;
  std::string out_dir_ = "out/prove";
  std::string dot_dir_;

  void write_counterexample_scenario(const checker::Property& property, const checker::Report& report) const;
  void write_dot(const checker::Property& property, const checker::Report& report) const;
};

}  // namespace vtick::tools
