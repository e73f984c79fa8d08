#pragma once
// `vtick run SCENARIO [--seed N] [--out DIR] ...`
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace vtick::tools {

class RunCommand {
 public:
  explicit RunCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  CLI::App* command_;
  std::string scenario_path_;
  std::optional<std::uint64_t> seed_;
  std::string out_dir_;
  std::string engine_ = "systemc";
  bool quiet_ = false;
  bool no_plot_ = false;
};

}  // namespace vtick::tools
