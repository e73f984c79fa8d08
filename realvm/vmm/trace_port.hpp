// VTICK_PORT_TRACE: the guest writes the guest-physical address of a filled
// struct vtick_trace_record; we copy it out of guest memory and stamp it with the host
// time of this exit.
#pragma once

#include <vector>

#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/port_device.hpp"
#include "realvm/vmm/trace_record.hpp"

namespace vtick::realvm::vmm {

class TracePort final : public PortDevice {
 public:
  /// Bounds the record list for a guest that traces without end (about 24 MiB).
  static constexpr std::size_t kMaxRecords = 1 << 20;

  explicit TracePort(const GuestMemory& memory) : memory_(memory) {}

  void out(std::uint16_t port, std::uint32_t value, unsigned size) override;
  std::uint32_t in(std::uint16_t port, unsigned size) override;
  void report(Counters& counters) const override;
  std::vector<TraceRecord>& records() { return records_; }

 private:
  const GuestMemory& memory_;
  std::vector<TraceRecord> records_;
  std::uint64_t bad_addresses_ = 0;
  std::uint64_t unknown_kinds_ = 0;
  std::uint64_t dropped_records_ = 0;
  std::uint64_t bad_accesses_ = 0;
};

}  // namespace vtick::realvm::vmm
