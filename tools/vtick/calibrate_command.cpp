#include "tools/vtick/calibrate_command.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

#include "build_id.hpp"
#include "calibration/calibrate.hpp"
#include "realvm/linux/kernel_cache.hpp"
#include "tools/vtick/cli_support.hpp"
#include "tools/vtick/realvm_command.hpp"

namespace vtick::tools {

CalibrateCommand::CalibrateCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "calibrate",
      "Measure this host (timer wake-up latency, context switch, VM exit and injection on /dev/kvm, each engine's "
      "VMM threads' CPU per tick and at rest) and write a host profile for scenarios' host_profile: key (docs/calibration.md)");
  command_->add_option("--out", out_, "Profile to write (default: host-profile.yaml)");
  command_->add_flag("--quick", quick_, "About 70 s instead of about 4.5 minutes, with fewer samples (for tests)");
  command_->add_option("--note", note_, "Free text on the conditions (e.g. 'quiet, no builds'), kept in the profile");
  command_->add_flag("--strict", strict_, "Exit 4 (after writing the rest) if /dev/kvm or QEMU is missing");
  command_->add_option("--guest", guest_image_, "Guest kernel image (default: the vtick_guest.elf of this build)");
  command_->add_option("--linux-kernel", linux_kernel_,
                       "Debian kernel image for the qemu_tcg_linux VMM demand (default: the cached one)");
  command_->add_option("--qemu", qemu_binary_, "QEMU binary, a path or a name on PATH (default: qemu-system-x86_64)");
  command_->footer(
      "Exit status: 0 profile written (parts that need a missing /dev/kvm or QEMU are skipped with a warning and "
      "left out of it), 2 bad input, 3 internal error (a measurement failed; the rest is still written), 4 with "
      "--strict only: /dev/kvm or QEMU missing (the rest is still written).");
}

// The Linux part runs offline: a kernel `vtick realvm linux --fetch-kernel` cached (or
// --linux-kernel), and this build's initramfs.
void find_linux_guest(calibration::CalibrateOptions& options, const std::string& kernel_path) {
  namespace lg = realvm::linux_guest;
  options.linux_initramfs = VTICK_LINUX_INITRAMFS;
  if (!std::filesystem::is_regular_file(options.linux_initramfs)) {
    options.linux_unavailable = "no initramfs " + options.linux_initramfs + " (install busybox-static and rebuild)";
    return;
  }
  try {
    const std::optional<lg::LinuxKernel> kernel =
        kernel_path.empty() ? lg::cached_kernel(lg::kernel_cache_dir()) : std::optional(lg::kernel_at(kernel_path));
    if (!kernel) {
      options.linux_unavailable = "no cached Debian kernel (run `vtick realvm linux --fetch-kernel` once, or pass --linux-kernel)";
      return;
    }
    options.linux_kernel = kernel->vmlinuz.string();
    options.linux_hz = kernel->hz;
  } catch (const lg::KernelUnavailable& e) {
    options.linux_unavailable = e.what();
  }
}

int CalibrateCommand::execute() { return exit_code_of([&] { return run(); }); }

int CalibrateCommand::run() {
  calibration::CalibrateOptions options;
  options.quick = quick_;
  options.guest_image = guest_image_.empty() ? std::string(VTICK_GUEST_IMAGE) : guest_image_;
  options.qemu_binary = qemu_binary_;
  options.note = note_;
  options.build_id = kBuildId;
  if (!std::filesystem::is_regular_file(options.guest_image)) {
    throw std::invalid_argument("guest image " + options.guest_image +
                                " not found (build the vtick_guest target or pass --guest PATH)");
  }
  find_linux_guest(options, linux_kernel_);
  options.progress = [](std::string_view line) { std::cerr << "vtick calibrate: " << line << '\n'; };

  const calibration::Calibration result = calibration::calibrate(options);
  calibration::write_profile(result.profile, out_);
  std::cerr << "vtick calibrate: wrote " << out_ << '\n';
  for (const auto& part : result.unavailable) std::cerr << "vtick calibrate: warning: skipped " << part << '\n';
  for (const auto& part : result.failed) std::cerr << "vtick calibrate: error: " << part << '\n';
  if (!result.failed.empty()) return kExitInternal;
  if (strict_ && !result.unavailable.empty()) return kExitNoKvm;
  return 0;
}

}  // namespace vtick::tools
