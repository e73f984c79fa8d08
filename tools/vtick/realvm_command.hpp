#pragma once
// `vtick realvm run SCENARIO [--out DIR] [--seed N] [--quiet] [--kernel-pit] [--guest PATH]`:
// the scenario on a real KVM virtual machine under real host load (docs/realvm.md).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace vtick::tools {

/// Exit status when this host cannot run a real VM (no usable /dev/kvm): distinct from bad
/// input (2) so that test drivers can skip on it and still fail on a bad scenario.
inline constexpr int kExitNoKvm = 4;
/// Exit status after SIGINT/SIGTERM stopped the run (128 + SIGINT, as a shell reports it).
inline constexpr int kExitInterrupted = 130;

class RealvmCommand {
 public:
  explicit RealvmCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return run_->parsed(); }
  int execute();

 private:
  int run();

  CLI::App* run_;
  std::string scenario_path_;
  std::optional<std::uint64_t> seed_;
  std::string out_dir_;
  std::string guest_image_;
  bool kernel_pit_ = false;
  bool quiet_ = false;
};

}  // namespace vtick::tools
