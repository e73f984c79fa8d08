// The initramfs writer: its bytes read back, entry by entry, as the kernel's unpacker reads
// them (init/initramfs.c): "070701", 13 hex fields, the name padded to 4, the data padded to 4.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <vector>

#include "realvm/linux/initramfs.hpp"
#include "realvm/linux/newc_archive.hpp"

namespace vtick::realvm::linux_guest {
namespace {

struct Entry {
  std::string name;
  std::uint32_t ino, mode, nlink, rdev_major, rdev_minor;
  std::string data;
};

std::uint32_t hex_field(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint32_t>(std::stoul(bytes.substr(at, 8), nullptr, 16));
}

std::size_t align4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

/// Every entry up to and including TRAILER!!!; fails the test on a malformed archive.
std::vector<Entry> parse(const std::string& bytes) {
  std::vector<Entry> entries;
  std::size_t at = 0;
  while (at < bytes.size()) {
    EXPECT_EQ(at % 4, 0u);
    EXPECT_EQ(bytes.substr(at, 6), "070701");
    const auto field = [&](int i) { return hex_field(bytes, at + 6 + 8 * static_cast<std::size_t>(i)); };
    const std::uint32_t size = field(6), name_size = field(11);
    EXPECT_EQ(field(12), 0u) << "check field";
    const std::size_t name_at = at + 110;
    EXPECT_EQ(bytes[name_at + name_size - 1], '\0');
    Entry entry{bytes.substr(name_at, name_size - 1), field(0), field(1), field(4), field(9), field(10), {}};
    const std::size_t data_at = align4(name_at + name_size);
    entry.data = bytes.substr(data_at, size);
    at = align4(data_at + size);
    entries.push_back(entry);
    if (entry.name == "TRAILER!!!") break;
  }
  EXPECT_EQ(at, bytes.size()) << "bytes after the trailer";
  return entries;
}

TEST(NewcArchive, EntriesReadBackWithNamesModesAndContents) {
  NewcArchive archive;
  archive.add_directory("bin", 0755);
  archive.add_file("bin/tool", 0700, "abc");  // 3 bytes: the data needs padding
  archive.add_file("x", 0644, "");
  archive.add_char_device("console", 0600, 5, 1);
  const auto entries = parse(std::move(archive).finish());
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].name, "bin");
  EXPECT_EQ(entries[0].mode, static_cast<std::uint32_t>(S_IFDIR | 0755));
  EXPECT_EQ(entries[1].name, "bin/tool");
  EXPECT_EQ(entries[1].mode, static_cast<std::uint32_t>(S_IFREG | 0700));
  EXPECT_EQ(entries[1].data, "abc");
  EXPECT_EQ(entries[2].data, "");
  EXPECT_EQ(entries[3].mode, static_cast<std::uint32_t>(S_IFCHR | 0600));
  EXPECT_EQ(entries[3].rdev_major, 5u);
  EXPECT_EQ(entries[3].rdev_minor, 1u);
  EXPECT_EQ(entries[4].name, "TRAILER!!!");
  // Equal inode numbers with nlink > 1 would be unpacked as hard links of one file.
  for (std::size_t i = 1; i < entries.size(); ++i) EXPECT_NE(entries[i].ino, entries[i - 1].ino);
}

TEST(NewcArchive, RefusesAbsoluteAndEmptyNames) {
  NewcArchive archive;
  EXPECT_THROW(archive.add_file("/init", 0755, "x"), std::invalid_argument);
  EXPECT_THROW(archive.add_directory("", 0755), std::invalid_argument);
}

TEST(Initramfs, HoldsInitBusyboxProbeAndAConsoleNode) {
  const auto entries = parse(initramfs_image("BUSYBOX", "PROBE"));
  const auto find = [&](const std::string& name) -> const Entry* {
    for (const auto& e : entries) {
      if (e.name == name) return &e;
    }
    return nullptr;
  };
  for (const char* name : {"bin/busybox", "probe", "init"}) {
    const Entry* e = find(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->mode, static_cast<std::uint32_t>(S_IFREG | 0755)) << name;
  }
  EXPECT_EQ(find("bin/busybox")->data, "BUSYBOX");
  EXPECT_EQ(find("probe")->data, "PROBE");
  EXPECT_EQ(find("init")->data, init_script());
  EXPECT_TRUE(find("init")->data.starts_with("#!/bin/busybox sh\n"));
  ASSERT_NE(find("dev/console"), nullptr);
  EXPECT_EQ(find("dev/console")->rdev_major, 5u);
  // The kernel creates entries in order: a directory must precede what it contains.
  std::vector<std::string> seen;
  for (const auto& e : entries) {
    const auto slash = e.name.rfind('/');
    if (slash != std::string::npos) {
      EXPECT_NE(std::find(seen.begin(), seen.end(), e.name.substr(0, slash)), seen.end()) << e.name;
    }
    seen.push_back(e.name);
  }
}

}  // namespace
}  // namespace vtick::realvm::linux_guest
