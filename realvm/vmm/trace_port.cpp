#include "realvm/vmm/trace_port.hpp"

#include <cstring>

#include "realvm/protocol.h"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::vmm {

void TracePort::out(std::uint16_t, std::uint32_t value, unsigned size) {
  const std::int64_t host_ns = host_monotonic_ns();  // first: the stamp is the exit's time
  if (size != 4) {
    ++bad_accesses_;
    return;
  }
  const auto bytes = memory_.range(value, sizeof(vtick_trace_record));
  if (bytes.empty()) {
    ++bad_addresses_;
    return;
  }
  vtick_trace_record guest_record;
  std::memcpy(&guest_record, bytes.data(), sizeof guest_record);
  if (trace_kind_name(guest_record.kind) == "unknown") {
    ++unknown_kinds_;
    return;
  }
  if (records_.size() >= kMaxRecords) {
    ++dropped_records_;
    return;
  }
  records_.push_back({host_ns, guest_record.kind, guest_record.id, static_cast<std::int64_t>(guest_record.guest_ns),
                      static_cast<std::int64_t>(guest_record.arg)});
}

std::uint32_t TracePort::in(std::uint16_t, unsigned) {
  ++bad_accesses_;
  return kFloatingBus;
}

void TracePort::report(Counters& counters) const {
  counters["trace.records"] = records_.size();
  counters["trace.bad_addresses"] = bad_addresses_;
  counters["trace.unknown_kinds"] = unknown_kinds_;
  counters["trace.dropped_records"] = dropped_records_;
  counters["trace.bad_accesses"] = bad_accesses_;
}

}  // namespace vtick::realvm::vmm
