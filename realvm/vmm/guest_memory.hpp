// The guest's RAM: one anonymous mapping, guest-physical address 0 upwards. Every access
// on the guest's behalf is bounds-checked, since the guest chooses the addresses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vtick::realvm::vmm {

class GuestMemory {
 public:
  explicit GuestMemory(std::size_t bytes);
  ~GuestMemory();
  GuestMemory(const GuestMemory&) = delete;
  GuestMemory& operator=(const GuestMemory&) = delete;

  std::size_t size() const { return size_; }
  std::uint8_t* host_base() const { return base_; }
  /// [gpa, gpa + length) or an empty span if any of it lies outside guest RAM.
  std::span<std::uint8_t> range(std::uint64_t gpa, std::size_t length) const;
  bool contains(std::uint64_t gpa, std::size_t length) const;

 private:
  std::uint8_t* base_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace vtick::realvm::vmm
