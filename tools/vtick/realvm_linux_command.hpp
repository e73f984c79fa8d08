#pragma once
// `vtick realvm linux SCENARIO [--out DIR] [--seed N] [--quiet] [--kernel PATH]
// [--clocksource NAME]` and `vtick realvm linux --fetch-kernel`: the scenario's clock samples
// and periodic timer on a real Linux kernel (Debian's) under QEMU's TCG (docs/realvm.md,
// "A real Linux guest").
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace vtick::tools {

class RealvmLinuxCommand {
 public:
  /// Adds `linux` under the existing `realvm` subcommand.
  explicit RealvmLinuxCommand(CLI::App& realvm);
  [[nodiscard]] bool selected() const { return linux_->parsed(); }
  int execute();

 private:
  int run();

  CLI::App* linux_;
  std::string scenario_path_;
  std::optional<std::uint64_t> seed_;
  std::string out_dir_;
  std::string kernel_;
  std::optional<std::string> clocksource_;
  bool fetch_only_ = false;
  bool quiet_ = false;
};

}  // namespace vtick::tools
