// Loads the guest: an ELF32 i386 executable whose PT_LOAD segments go to their physical
// addresses (p_paddr), as a Multiboot loader places an ELF kernel. The image is untrusted
// input: every offset and size is checked before use, and a bad one is a BadGuestImage
// naming the field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "realvm/vmm/guest_memory.hpp"

namespace vtick::realvm::vmm {

struct LoadedImage {
  std::uint32_t entry = 0;
  std::uint32_t lowest_address = 0;  ///< first byte any segment occupies
  std::uint32_t end_address = 0;     ///< one past the last byte (bss included)
};

/// `reserved_gpa`/`reserved_size`: memory the VMM keeps for itself (the boot config); a
/// segment overlapping it is rejected.
LoadedImage load_elf32(std::span<const std::uint8_t> image, GuestMemory& memory, std::uint64_t reserved_gpa,
                       std::size_t reserved_size);

/// Reads the file, then load_elf32.
LoadedImage load_elf32_file(const std::filesystem::path& path, GuestMemory& memory, std::uint64_t reserved_gpa,
                            std::size_t reserved_size);

}  // namespace vtick::realvm::vmm
