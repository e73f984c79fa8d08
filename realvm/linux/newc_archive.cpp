#include "realvm/linux/newc_archive.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <stdexcept>

namespace vtick::realvm::linux_guest {
namespace {

void pad_to_4(std::string& bytes) { bytes.append((4 - bytes.size() % 4) % 4, '\0'); }

void append_hex8(std::string& bytes, std::uint32_t value) {
  char field[9];
  std::snprintf(field, sizeof field, "%08X", value);
  bytes.append(field, 8);
}

}  // namespace

void NewcArchive::add_directory(std::string_view path, std::uint32_t mode) { add(path, S_IFDIR | mode, {}); }

void NewcArchive::add_file(std::string_view path, std::uint32_t mode, std::string_view contents) {
  add(path, S_IFREG | mode, contents);
}

void NewcArchive::add_char_device(std::string_view path, std::uint32_t mode, std::uint32_t major,
                                  std::uint32_t minor) {
  add(path, S_IFCHR | mode, {}, major, minor);
}

void NewcArchive::add(std::string_view path, std::uint32_t mode, std::string_view contents, std::uint32_t rdev_major,
                      std::uint32_t rdev_minor) {
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("cpio entry name '" + std::string(path) + "': need a non-empty relative path");
  }
  if (contents.size() > UINT32_MAX) {
    throw std::invalid_argument("cpio entry " + std::string(path) + ": larger than newc's 4 GiB limit");
  }
  // Every header ends 4-byte aligned (the kernel requires it): the 110-byte header plus the
  // name with its NUL is padded, then the data.
  bytes_ += "070701";
  const std::uint32_t fields[] = {
      next_inode_++, mode, 0 /* uid */, 0 /* gid */, 1 /* nlink */, 0 /* mtime: reproducible */,
      static_cast<std::uint32_t>(contents.size()), 0, 0 /* dev major/minor */, rdev_major, rdev_minor,
      static_cast<std::uint32_t>(path.size() + 1), 0 /* check: only for format 070702 */};
  for (const std::uint32_t field : fields) append_hex8(bytes_, field);
  bytes_ += path;
  bytes_ += '\0';
  pad_to_4(bytes_);
  bytes_ += contents;
  pad_to_4(bytes_);
}

std::string NewcArchive::finish() && {
  add("TRAILER!!!", 0, {});
  return std::move(bytes_);
}

}  // namespace vtick::realvm::linux_guest
