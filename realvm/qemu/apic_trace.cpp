#include "realvm/qemu/apic_trace.hpp"

#include <charconv>
#include <optional>
#include <string_view>

namespace vtick::realvm::qemu {
namespace {

constexpr std::string_view kTimerDeliver = "apic_local_deliver vector 0 ";
constexpr std::string_view kDeliveredCount = "apic_report_irq_delivered coalescing ";
constexpr std::string_view kCountReset = "apic_reset_irq_delivered";

struct Event {
  std::int64_t realtime_ns;
  std::string_view text;
};

std::optional<std::int64_t> parse_int(std::string_view digits) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

/// "PID@SECONDS.MICROSECONDS:text"; nullopt for any other line.
std::optional<Event> parse_line(std::string_view line) {
  const auto at = line.find('@');
  const auto colon = line.find(':');
  const auto dot = line.find('.');
  if (at == std::string_view::npos || colon == std::string_view::npos || dot == std::string_view::npos ||
      !(at < dot && dot < colon) || colon - dot != 7) {
    return std::nullopt;
  }
  const auto seconds = parse_int(line.substr(at + 1, dot - at - 1));
  const auto micros = parse_int(line.substr(dot + 1, 6));
  if (!seconds || !micros) return std::nullopt;
  return Event{*seconds * 1'000'000'000 + *micros * 1'000, line.substr(colon + 1)};
}

}  // namespace

std::vector<std::string> apic_trace_arguments(const std::string& log_path) {
  return {"-trace", "enable=apic_local_deliver", "-trace", "enable=apic_report_irq_delivered",
          "-trace", "enable=apic_reset_irq_delivered", "-msg", "timestamp=on", "-D", log_path};
}

std::vector<vmm::TimerRaise> read_apic_trace(std::istream& log, std::int64_t realtime_minus_monotonic_ns) {
  std::vector<vmm::TimerRaise> raises;
  std::optional<std::int64_t> count;  // the delivered count last reported
  bool timer_pending_report = false;  // a timer deliver whose report has not come yet
  std::string line;
  while (std::getline(log, line)) {
    const auto event = parse_line(line);
    if (!event) continue;
    if (event->text.starts_with(kTimerDeliver)) {
      raises.push_back({event->realtime_ns - realtime_minus_monotonic_ns, false});
      timer_pending_report = true;
    } else if (event->text.starts_with(kDeliveredCount)) {
      const auto now = parse_int(event->text.substr(kDeliveredCount.size()));
      if (!now) continue;
      if (timer_pending_report && count && *now == *count) raises.back().coalesced = true;
      count = now;
      timer_pending_report = false;
    } else if (event->text.starts_with(kCountReset)) {
      count = 0;
    }
  }
  return raises;
}

LapicTimerCount count_between(const std::vector<vmm::TimerRaise>& raises, std::int64_t begin_ns, std::int64_t end_ns) {
  LapicTimerCount count;
  for (const vmm::TimerRaise& raise : raises) {
    if (raise.host_ns < begin_ns || raise.host_ns > end_ns) continue;
    ++count.raised;
    count.coalesced += raise.coalesced ? 1 : 0;
  }
  return count;
}

}  // namespace vtick::realvm::qemu
