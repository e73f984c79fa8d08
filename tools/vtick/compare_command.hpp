#pragma once
// `vtick compare SCENARIO [--schemes LIST] [--out DIR]`: the same host, load, VMM and
// workloads once per timer scheme, side by side - the evaluation the seed paper left open.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vtick::tools {

class CompareCommand {
 public:
  explicit CompareCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  CLI::App* command_;
  std::string scenario_path_;
  std::vector<std::string> schemes_;
  std::optional<std::uint64_t> seed_;
  std::string out_dir_;
  bool quiet_ = false;
  bool no_plot_ = false;
};

}  // namespace vtick::tools
