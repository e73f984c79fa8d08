#pragma once
// `vtick prove FILE... [--check-expect]`: checks property files (docs/checker.md).
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

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
};

}  // namespace vtick::tools
