#pragma once
// `vtick crosscheck SCENARIO TRACE_DIR [TRACE_DIR ...] [--out DIR] [--seeds N]`: does the
// simulator predict a trace recorded (by `vtick realvm run`, or any run writing the same
// files) for SCENARIO, or several runs of one case (crosscheck/runs_verdict.hpp)?
// Exit status 0 conforms, 1 diverges, 2 bad input, 3 internal error.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace vtick::tools {

class CrosscheckCommand {
 public:
  explicit CrosscheckCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  CLI::App* command_;
  std::string scenario_path_;
  std::vector<std::string> trace_dirs_;
  std::string out_dir_;
  std::optional<int> seeds_;
  bool quiet_ = false;
  bool no_plot_ = false;
};

}  // namespace vtick::tools
