#include "realvm/vmm/guest_memory.hpp"

#include <sys/mman.h>

#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {

GuestMemory::GuestMemory(std::size_t bytes) : size_(bytes) {
  void* mapping = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapping == MAP_FAILED) {
    throw_errno("mmap of " + std::to_string(bytes) + " bytes of guest memory");
  }
  base_ = static_cast<std::uint8_t*>(mapping);
}

GuestMemory::~GuestMemory() {
  ::munmap(base_, size_);
}

bool GuestMemory::contains(std::uint64_t gpa, std::size_t length) const {
  return gpa <= size_ && length <= size_ - gpa;
}

std::span<std::uint8_t> GuestMemory::range(std::uint64_t gpa, std::size_t length) const {
  if (!contains(gpa, length)) {
    return {};
  }
  return {base_ + gpa, length};
}

}  // namespace vtick::realvm::vmm
