// The Linux guest's initramfs: busybox (for mount and poweroff), our probe, and an /init
// script that mounts /proc, /sys and /dev, runs the probe and powers off.
#pragma once

#include <string>
#include <string_view>

namespace vtick::realvm::linux_guest {

/// /init. The probe normally ends the VM itself (isa-debug-exit); the poweroff behind it
/// ends one whose probe failed, so that QEMU exits at once (status 0, under -no-reboot)
/// instead of the kernel panicking on init's exit and the run waiting for its timeout.
[[nodiscard]] std::string init_script();

/// The newc archive: `busybox` is a static busybox binary (Debian's busybox-static),
/// `probe` the static vtick_linux_probe.
[[nodiscard]] std::string initramfs_image(std::string_view busybox, std::string_view probe);

}  // namespace vtick::realvm::linux_guest
