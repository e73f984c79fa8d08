// A cpio archive in the "newc" format (070701), the one the Linux kernel unpacks as an
// initramfs (Documentation/driver-api/early-userspace/buffer-format.rst). Written here
// rather than by cpio(1) or the kernel's gen_init_cpio so the build needs neither.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vtick::realvm::linux_guest {

class NewcArchive {
 public:
  /// Paths are relative to the archive root ("init", "bin/busybox"); parents first, as the
  /// kernel creates each entry in archive order. `mode` holds the permission bits only.
  void add_directory(std::string_view path, std::uint32_t mode);
  void add_file(std::string_view path, std::uint32_t mode, std::string_view contents);
  void add_char_device(std::string_view path, std::uint32_t mode, std::uint32_t major, std::uint32_t minor);

  /// The archive with its TRAILER!!! entry; the archive is not usable afterwards.
  [[nodiscard]] std::string finish() &&;

 private:
  void add(std::string_view path, std::uint32_t mode, std::string_view contents, std::uint32_t rdev_major = 0,
           std::uint32_t rdev_minor = 0);

  std::string bytes_;
  std::uint32_t next_inode_ = 1;  // distinct per entry: equal inodes would be taken as hard links
};

}  // namespace vtick::realvm::linux_guest
