#pragma once
// `vtick sweep SCENARIO --param NAME --values LIST [--schemes LIST] [--out DIR]`: one run per
// value and scheme, a CSV of the headline metrics and a plot against the swept value.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace vtick::tools {

class SweepCommand {
 public:
  explicit SweepCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  CLI::App* command_;
  std::string scenario_path_;
  std::string parameter_;
  std::vector<std::string> values_;
  std::vector<std::string> schemes_;
  std::string out_dir_;
  bool quiet_ = false;
  bool no_plot_ = false;
};

}  // namespace vtick::tools
