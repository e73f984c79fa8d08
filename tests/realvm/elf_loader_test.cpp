// The loader takes our guest image and rejects malformed ones with a reason, without KVM.
#include <gtest/gtest.h>

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "realvm/protocol.h"
#include "realvm/vmm/elf_loader.hpp"
#include "realvm/vmm/error.hpp"
#include "realvm/vmm/run_vm.hpp"

namespace vtick::realvm::vmm {
namespace {

std::vector<std::uint8_t> guest_image() {
  std::ifstream file(VTICK_GUEST_IMAGE, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

Elf32_Ehdr header_of(const std::vector<std::uint8_t>& image) {
  Elf32_Ehdr header;
  std::memcpy(&header, image.data(), sizeof header);
  return header;
}

Elf32_Phdr first_load_segment(const std::vector<std::uint8_t>& image, std::size_t* offset_out) {
  const Elf32_Ehdr header = header_of(image);
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf32_Phdr segment;
    const std::size_t offset = header.e_phoff + i * sizeof(Elf32_Phdr);
    std::memcpy(&segment, image.data() + offset, sizeof segment);
    if (segment.p_type == PT_LOAD) {
      *offset_out = offset;
      return segment;
    }
  }
  ADD_FAILURE() << "guest image has no PT_LOAD segment";
  return {};
}

/// The rejection message for `image`, or "" if it loaded.
std::string rejection(const std::vector<std::uint8_t>& image) {
  GuestMemory memory(4 << 20);
  try {
    load_elf32(image, memory, VTICK_BOOT_CONFIG_GPA, sizeof(vtick_boot_config));
    return "";
  } catch (const BadGuestImage& error) {
    return error.what();
  }
}

TEST(RealVmElfLoader, LoadsTheGuestAtOneMebibyte) {
  const auto image = guest_image();
  ASSERT_FALSE(image.empty()) << "cannot read " << VTICK_GUEST_IMAGE;
  GuestMemory memory(4 << 20);
  const LoadedImage loaded = load_elf32(image, memory, VTICK_BOOT_CONFIG_GPA, sizeof(vtick_boot_config));
  EXPECT_EQ(loaded.lowest_address, 0x100000u);
  EXPECT_GT(loaded.end_address, loaded.lowest_address);
  EXPECT_GE(loaded.entry, loaded.lowest_address);
  EXPECT_LT(loaded.entry, loaded.end_address);
  // The Multiboot header is the first thing in the image: QEMU -kernel finds it there.
  std::uint32_t first_word;
  std::memcpy(&first_word, memory.range(0x100000, 4).data(), 4);
  EXPECT_EQ(first_word, 0x1BADB002u);
}

TEST(RealVmElfLoader, RejectsWhatIsNotAnElf32I386Executable) {
  const auto good = guest_image();
  ASSERT_FALSE(good.empty());
  EXPECT_NE(rejection({1, 2, 3}).find("beyond the end of the file"), std::string::npos);

  auto not_elf = good;
  not_elf[0] = 'X';
  EXPECT_NE(rejection(not_elf).find("bad magic"), std::string::npos);

  auto elf64 = good;
  elf64[EI_CLASS] = ELFCLASS64;
  EXPECT_NE(rejection(elf64).find("not ELF32"), std::string::npos);

  auto wrong_machine = good;
  Elf32_Ehdr header = header_of(good);
  header.e_machine = EM_ARM;
  std::memcpy(wrong_machine.data(), &header, sizeof header);
  EXPECT_NE(rejection(wrong_machine).find("not an i386 image"), std::string::npos);
}

TEST(RealVmElfLoader, RejectsSegmentsThatDoNotFitOrLie) {
  const auto good = guest_image();
  ASSERT_FALSE(good.empty());
  std::size_t offset = 0;
  const Elf32_Phdr segment = first_load_segment(good, &offset);

  auto too_high = good;
  Elf32_Phdr moved = segment;
  moved.p_paddr = moved.p_vaddr = 0xff000000;
  std::memcpy(too_high.data() + offset, &moved, sizeof moved);
  EXPECT_NE(rejection(too_high).find("does not fit"), std::string::npos) << rejection(too_high);

  auto truncated_contents = good;
  Elf32_Phdr long_file = segment;
  long_file.p_filesz = long_file.p_memsz = static_cast<Elf32_Word>(good.size()) * 2;
  std::memcpy(truncated_contents.data() + offset, &long_file, sizeof long_file);
  EXPECT_NE(rejection(truncated_contents).find("beyond the end of the file"), std::string::npos);

  auto over_boot_config = good;
  Elf32_Phdr low = segment;
  low.p_paddr = low.p_vaddr = VTICK_BOOT_CONFIG_GPA;
  std::memcpy(over_boot_config.data() + offset, &low, sizeof low);
  EXPECT_NE(rejection(over_boot_config).find("boot config"), std::string::npos);

  auto bad_entry = good;
  Elf32_Ehdr header = header_of(good);
  header.e_entry = 0x10;
  std::memcpy(bad_entry.data(), &header, sizeof header);
  EXPECT_NE(rejection(bad_entry).find("entry point"), std::string::npos);
}

TEST(RealVmElfLoader, RunVmNamesTheFileItCannotUse) {
  VmConfig config;
  config.guest_image = "/nonexistent/guest.elf";
  try {
    run_vm(config);
    FAIL() << "run_vm accepted a missing guest image";
  } catch (const BadGuestImage& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/guest.elf"), std::string::npos);
  } catch (const KvmUnavailable& error) {
    GTEST_SKIP() << "needs a usable /dev/kvm: " << error.what();
  }
}

}  // namespace
}  // namespace vtick::realvm::vmm
