#pragma once
// `vtick realvm run SCENARIO [--out DIR] [--seed N] [--quiet] [--kernel-pit] [--vmm-pvclock]
// [--guest PATH]`: the scenario on a real KVM virtual machine under real host load, and
// `vtick realvm qemu SCENARIO [--out DIR] [--seed N] [--quiet] [--qemu PATH] [--enable-kvm]
// [--guest PATH]`: the same guest under QEMU (docs/realvm.md).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace vtick::tools {

/// Exit status when this host cannot run a real VM (no usable /dev/kvm, or for `realvm qemu`
/// no QEMU): distinct from bad input (2) so that test drivers can skip on it and still fail
/// on a bad scenario.
inline constexpr int kExitNoKvm = 4;
/// Exit status after SIGINT/SIGTERM stopped the run (128 + SIGINT, as a shell reports it).
inline constexpr int kExitInterrupted = 130;

class RealvmCommand {
 public:
  explicit RealvmCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return run_->parsed() || qemu_->parsed(); }
  int execute();

 private:
  int run();
  /// The command line that repeats this run with the seed it used.
  [[nodiscard]] std::string replay(const std::string& file, std::uint64_t seed) const;

  CLI::App* run_;
  CLI::App* qemu_;
  std::string scenario_path_;
  std::optional<std::uint64_t> seed_;
  std::string out_dir_;
  std::string guest_image_;
  bool kernel_pit_ = false;
  bool vmm_pvclock_ = false;
  std::string qemu_binary_;
  bool enable_kvm_ = false;
  bool quiet_ = false;
};

}  // namespace vtick::tools
