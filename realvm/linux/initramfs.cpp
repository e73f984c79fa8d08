#include "realvm/linux/initramfs.hpp"

#include "realvm/linux/newc_archive.hpp"

namespace vtick::realvm::linux_guest {

std::string init_script() {
  // The kernel mounts none of these for an initramfs (Debian sets no DEVTMPFS_MOUNT);
  // the probe needs /dev/ttyS1, /proc/schedstat and /sys's clocksource.
  return "#!/bin/busybox sh\n"
         "/bin/busybox mount -t proc proc /proc\n"
         "/bin/busybox mount -t sysfs sysfs /sys\n"
         "/bin/busybox mount -t devtmpfs devtmpfs /dev\n"
         "/probe\n"
         "echo \"vtick-init: the probe exited with status $?\"\n"
         "/bin/busybox poweroff -f\n";
}

std::string initramfs_image(std::string_view busybox, std::string_view probe) {
  NewcArchive archive;
  archive.add_directory("bin", 0755);
  archive.add_file("bin/busybox", 0755, busybox);
  // init's stdin, stdout and stderr, opened by the kernel before /dev is mounted.
  archive.add_directory("dev", 0755);
  archive.add_char_device("dev/console", 0600, 5, 1);
  archive.add_directory("proc", 0755);
  archive.add_directory("sys", 0755);
  archive.add_file("init", 0755, init_script());
  archive.add_file("probe", 0755, probe);
  return std::move(archive).finish();
}

}  // namespace vtick::realvm::linux_guest
