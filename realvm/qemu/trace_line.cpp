#include "realvm/qemu/trace_line.hpp"

#include <charconv>

namespace vtick::realvm::qemu {
namespace {

/// One hex field followed by `separator` (or by the end of the line if separator is 0).
bool take_hex(std::string_view& rest, std::uint64_t& value, char separator) {
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value, 16);
  if (error != std::errc() || end == rest.data()) {
    return false;
  }
  rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
  if (separator == 0) {
    return rest.empty();
  }
  if (rest.empty() || rest.front() != separator) {
    return false;
  }
  rest.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<vmm::TraceRecord> parse_trace_line(std::string_view line, std::int64_t host_ns) {
  if (!line.starts_with("T ")) {
    return std::nullopt;
  }
  line.remove_prefix(2);
  std::uint64_t kind = 0, id = 0, guest_ns = 0, arg = 0;
  if (!take_hex(line, kind, ' ') || !take_hex(line, id, ' ') || !take_hex(line, guest_ns, ' ') ||
      !take_hex(line, arg, 0) || kind > UINT32_MAX || id > UINT32_MAX) {
    return std::nullopt;
  }
  // The same conversions as the VMM's trace port: the guest's u64 fields as int64.
  return vmm::TraceRecord{host_ns, static_cast<std::uint32_t>(kind), static_cast<std::uint32_t>(id),
                          static_cast<std::int64_t>(guest_ns), static_cast<std::int64_t>(arg)};
}

}  // namespace vtick::realvm::qemu
