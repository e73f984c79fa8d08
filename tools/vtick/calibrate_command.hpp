#pragma once
// `vtick calibrate [--out FILE] [--quick] [--note TEXT] [--strict] [--guest PATH] [--qemu PATH]
// [--linux-kernel PATH]`:
// measures this host and writes a host profile that scenarios include with
// `host_profile: PATH` (docs/calibration.md).
#include <CLI/CLI.hpp>

#include <string>

#include "calibration/calibrate.hpp"

namespace vtick::tools {

class CalibrateCommand {
 public:
  explicit CalibrateCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  int run();
  void find_linux(calibration::CalibrateOptions& options) const;

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
