#pragma once
// `vtick calibrate [--out FILE] [--quick] [--note TEXT] [--strict] [--guest PATH] [--qemu PATH]
// [--linux-kernel PATH]`:
// measures this host and writes a host profile that scenarios include with
// `host_profile: PATH` (docs/calibration.md).
#include <CLI/CLI.hpp>

#include <string>

#include "calibration/calibrate.hpp"

namespace vtick::tools {

/// Points `options` at the Linux guest for the qemu_tcg_linux VMM demand: the cached Debian
/// kernel (or `kernel`, a path) and this build's initramfs; where either is missing, sets
/// options.linux_unavailable to why, so calibrate skips that part saying it.
void find_linux_guest(calibration::CalibrateOptions& options, const std::string& kernel = "");

class CalibrateCommand {
 public:
  explicit CalibrateCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  int run();

  CLI::App* command_;
  std::string out_ = "host-profile.yaml";
  bool quick_ = false;
  bool strict_ = false;
  std::string note_;
  std::string guest_image_;
  std::string qemu_binary_ = "qemu-system-x86_64";
  std::string linux_kernel_;
};

}  // namespace vtick::tools
