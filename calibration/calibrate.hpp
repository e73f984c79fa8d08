// `vtick calibrate`'s work: every measurement in turn, then the host profile they give.
// A part that needs /dev/kvm or QEMU is skipped, saying why, where this host has neither;
// a part that fails is recorded as failed; the rest is written either way.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/host_profile.hpp"

namespace vtick::calibration {

struct CalibrateOptions {
  bool quick = false;
  std::string guest_image;   ///< our guest kernel (realvm/guest), for the KVM and QEMU parts
  std::string qemu_binary = "qemu-system-x86_64";
  /// Debian's kernel and our initramfs for the qemu_tcg_linux VMM demand; when
  /// linux_unavailable is not empty that part is skipped, saying it.
  std::string linux_kernel;
  std::string linux_initramfs;
  int linux_hz = 0;
  std::string linux_unavailable;
  std::string note;          ///< free text about the conditions, copied into the profile
  std::string build_id;      ///< `git describe` of the binary
  /// One line per stage as it starts and as it ends (no newline); may be empty.
  std::function<void(std::string_view)> progress;
};

struct Calibration {
  HostProfile profile;
  std::vector<std::string> unavailable;  ///< parts skipped: no usable /dev/kvm, or no QEMU
  std::vector<std::string> failed;       ///< parts that ran and failed (internal errors)
};

Calibration calibrate(const CalibrateOptions& options);

}  // namespace vtick::calibration
