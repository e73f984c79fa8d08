// The guest's text trace line (realvm/protocol.h, VTICK_PORT_TRACE_TEXT) turned into the
// record the KVM VMM produces, so vmm/trace_analysis reads both runners' traces.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "realvm/vmm/trace_record.hpp"

namespace vtick::realvm::qemu {

/// "T <kind> <id> <guest_ns> <arg>" (hex fields, no newline) stamped `host_ns`; nullopt
/// for anything else (the caller counts those).
std::optional<vmm::TraceRecord> parse_trace_line(std::string_view line, std::int64_t host_ns);

}  // namespace vtick::realvm::qemu
