#include "realvm/vmm/elf_loader.hpp"

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {
namespace {

[[noreturn]] void reject(const std::string& why) {
  throw BadGuestImage("guest image rejected: " + why);
}

template <typename T>
T read_struct(std::span<const std::uint8_t> image, std::uint64_t offset, const char* what) {
  if (offset > image.size() || sizeof(T) > image.size() - offset) {
    reject(std::string(what) + " lies beyond the end of the file (" + std::to_string(image.size()) + " bytes)");
  }
  T value;
  std::memcpy(&value, image.data() + offset, sizeof(T));
  return value;
}

void check_header(const Elf32_Ehdr& header) {
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    reject("not an ELF file (bad magic)");
  }
  if (header.e_ident[EI_CLASS] != ELFCLASS32) {
    reject("not ELF32 (the guest runs in 32-bit protected mode)");
  }
  if (header.e_ident[EI_DATA] != ELFDATA2LSB) {
    reject("not little-endian");
  }
  if (header.e_type != ET_EXEC) {
    reject("not an executable (e_type " + std::to_string(header.e_type) + ")");
  }
  if (header.e_machine != EM_386) {
    reject("not an i386 image (e_machine " + std::to_string(header.e_machine) + ")");
  }
  if (header.e_phentsize != sizeof(Elf32_Phdr)) {
    reject("program header size " + std::to_string(header.e_phentsize) + " is not " +
           std::to_string(sizeof(Elf32_Phdr)));
  }
  if (header.e_phnum == 0) {
    reject("no program headers");
  }
}

bool overlaps(std::uint64_t a_begin, std::uint64_t a_size, std::uint64_t b_begin, std::uint64_t b_size) {
  return a_begin < b_begin + b_size && b_begin < a_begin + a_size;
}

}  // namespace

LoadedImage load_elf32(std::span<const std::uint8_t> image, GuestMemory& memory, std::uint64_t reserved_gpa,
                       std::size_t reserved_size) {
  const auto header = read_struct<Elf32_Ehdr>(image, 0, "the ELF header");
  check_header(header);
  LoadedImage loaded;
  loaded.entry = header.e_entry;
  loaded.lowest_address = UINT32_MAX;
  bool entry_is_loaded = false;
  for (unsigned index = 0; index < header.e_phnum; ++index) {
    const std::string name = "program header " + std::to_string(index);
    const auto segment = read_struct<Elf32_Phdr>(
        image, std::uint64_t{header.e_phoff} + std::uint64_t{index} * sizeof(Elf32_Phdr), name.c_str());
    if (segment.p_type != PT_LOAD || segment.p_memsz == 0) {
      continue;
    }
    if (segment.p_filesz > segment.p_memsz) {
      reject(name + ": file size exceeds memory size");
    }
    if (segment.p_vaddr != segment.p_paddr) {
      reject(name + ": virtual address differs from physical (the guest runs with paging off)");
    }
    if (std::uint64_t{segment.p_offset} + segment.p_filesz > image.size()) {
      reject(name + ": contents lie beyond the end of the file");
    }
    const auto destination = memory.range(segment.p_paddr, segment.p_memsz);
    if (destination.empty()) {
      reject(name + ": physical range [" + std::to_string(segment.p_paddr) + ", +" + std::to_string(segment.p_memsz) +
             ") does not fit in " + std::to_string(memory.size()) + " bytes of guest memory");
    }
    if (overlaps(segment.p_paddr, segment.p_memsz, reserved_gpa, reserved_size)) {
      reject(name + ": overlaps the VMM's pages (boot config, shared pages) at guest-physical " + std::to_string(reserved_gpa));
    }
    std::copy_n(image.begin() + segment.p_offset, segment.p_filesz, destination.begin());
    std::fill(destination.begin() + segment.p_filesz, destination.end(), 0);  // .bss
    loaded.lowest_address = std::min(loaded.lowest_address, segment.p_paddr);
    loaded.end_address = std::max(loaded.end_address, segment.p_paddr + segment.p_memsz);
    if ((segment.p_flags & PF_X) && header.e_entry >= segment.p_paddr &&
        header.e_entry - segment.p_paddr < segment.p_memsz) {
      entry_is_loaded = true;
    }
  }
  if (loaded.end_address == 0) {
    reject("no loadable segment");
  }
  if (!entry_is_loaded) {
    reject("entry point " + std::to_string(header.e_entry) + " is not inside an executable segment");
  }
  return loaded;
}

LoadedImage load_elf32_file(const std::filesystem::path& path, GuestMemory& memory, std::uint64_t reserved_gpa,
                            std::size_t reserved_size) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw BadGuestImage("cannot read guest image " + path.string());
  }
  const std::vector<std::uint8_t> image{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  try {
    return load_elf32(image, memory, reserved_gpa, reserved_size);
  } catch (const BadGuestImage& error) {
    throw BadGuestImage(path.string() + ": " + error.what());
  }
}

}  // namespace vtick::realvm::vmm
