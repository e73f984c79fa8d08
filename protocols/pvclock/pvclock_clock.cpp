#include "protocols/pvclock/pvclock_clock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "protocols/pvclock/pvclock_protocol.hpp"

namespace vtick::protocols::pvclock {
namespace {

constexpr std::int64_t kNsPerSec = 1'000'000'000;

}  // namespace

PvclockSource::PvclockSource(TscModel tsc, std::uint64_t host_believed_hz)
    : tsc_(tsc), scale_(time_scale(kNsPerSec, host_believed_hz)) {}

void PvclockSource::update(std::int64_t host_ns) {
  PvclockVcpuTimeInfo values;
  values.tsc_timestamp = tsc_.tsc_at(host_ns);
  values.system_time = static_cast<std::uint64_t>(host_ns);
  values.tsc_to_system_mul = scale_.mul;
  values.tsc_shift = scale_.shift;
  values.flags = kTscStableBit;
  PageWriter writer(page_);
  writer.start(values);
  while (writer.step()) {
  }
  ++updates_;
}

std::int64_t PvclockSource::guest_ns(std::int64_t host_ns) const {
  return static_cast<std::int64_t>(read_cycles(page_, tsc_.tsc_at(host_ns)));
}

std::int64_t error_bound_ns(const TscModel& tsc, std::uint64_t host_believed_hz,
                            std::int64_t interval_ns) {
  if (interval_ns < 0) throw std::invalid_argument("error_bound_ns: negative interval");
  const TimeScale scale = time_scale(kNsPerSec, host_believed_hz);
  const long double f = tsc.rate_hz();
  const auto b = static_cast<long double>(host_believed_hz);
  const long double k = std::ldexp(static_cast<long double>(scale.mul), scale.shift - 32);
  const auto elapsed = static_cast<long double>(interval_ns);
  const long double drift = elapsed * std::fabs(f / b - 1.0L);
  const long double quantisation = elapsed * f / 1e9L * std::fabs(k - 1e9L / b);
  const long double truncation = std::ldexp(k, std::max(0, -scale.shift)) + 1.0L;
  return static_cast<std::int64_t>(std::ceil(drift + quantisation + truncation)) + 1;
}

}  // namespace vtick::protocols::pvclock
