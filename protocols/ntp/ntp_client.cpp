#include "protocols/ntp/ntp_client.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace vtick::protocols::ntp {
namespace {

constexpr double kPpm = 1e-6;

}  // namespace

NtpClient::NtpClient(NtpParams params, std::uint64_t seed) : params_(std::move(params)), rng_(seed, "ntp") {
  if (params_.poll_interval_ns <= 0) throw std::invalid_argument("ntp: poll interval must be positive");
  if (params_.network_delay_ns < 0 || params_.jitter_ns < 0) {
    throw std::invalid_argument("ntp: network delay and jitter must not be negative");
  }
  // A slew of 1 (10^6 ppm) or more could stop or reverse the disciplined clock.
  if (!(params_.max_slew_ppm > 0 && params_.max_slew_ppm < 1e6)) {
    throw std::invalid_argument("ntp: max slew must be in (0, 10^6) ppm");
  }
}

TimeNs NtpClient::Segment::correction_at(TimeNs raw) const {
  // Rounding a monotone product keeps raw + correction non-decreasing for rate > -1.
  return correction0 + std::llround(rate * static_cast<double>(raw - raw0));
}

TimeNs NtpClient::correction(TimeNs raw) const {
  // Readings taken before the last poll's receive instant still see the old discipline.
  return raw < current_.raw0 ? previous_.correction_at(raw) : current_.correction_at(raw);
}

TimeNs NtpClient::disciplined(TimeNs raw_guest_ns) const { return raw_guest_ns + correction(raw_guest_ns); }

bool NtpClient::network_down(TimeNs true_ns) const {
  return std::any_of(params_.outages.begin(), params_.outages.end(),
                     [true_ns](const auto& o) { return o.first <= true_ns && true_ns < o.second; });
}

TimeNs NtpClient::one_way_delay() {
  const auto jitter = static_cast<TimeNs>(rng_.uniform() * static_cast<double>(params_.jitter_ns));
  return params_.network_delay_ns + jitter;
}

double NtpClient::slew_rate(TimeNs offset_ns) const {
  // Per raw ns: the phase θ spread over one poll interval, minus the raw clock's own
  // error, both divided by the raw rate 1 + f so that they hold per true ns.
  const double f = counters_.frequency_ppm * kPpm;
  const double phase = static_cast<double>(offset_ns) / static_cast<double>(params_.poll_interval_ns);
  const double limit = params_.max_slew_ppm * kPpm;
  return std::clamp((phase - f) / (1.0 + f), -limit, limit);
}

void NtpClient::measure_frequency(TimeNs raw_mid, TimeNs server_ns) {
  // The raw clock against the server, not the disciplined clock: the measurement then
  // ignores slews, clamps and steps, and its error is only the two samples' noise.
  const std::uint64_t samples = counters_.polls - counters_.failed_polls;  // including this one
  if (samples >= 2) {
    const TimeNs span = server_ns - last_server_ns_;
    const double measured_ppm = static_cast<double>(raw_mid - last_raw_mid_ - span) / static_cast<double>(span) / kPpm;
    const double gain = samples == 2 ? 1.0 : kFllGain;
    const double f = counters_.frequency_ppm + gain * (measured_ppm - counters_.frequency_ppm);
    counters_.frequency_ppm = std::clamp(f, -params_.max_slew_ppm, params_.max_slew_ppm);
  }
  last_raw_mid_ = raw_mid;
  last_server_ns_ = server_ns;
}

void NtpClient::start_segment(TimeNs raw, TimeNs correction0, double rate) {
  previous_ = current_;
  current_ = Segment{raw, correction0, rate};
}

void NtpClient::poll(TimeNs true_ns, const RawClock& raw_at) {
  ++counters_.polls;
  next_poll_ns_ = true_ns + params_.poll_interval_ns;
  if (network_down(true_ns)) {
    ++counters_.failed_polls;
    // The last phase slew has run its course: from here only the frequency is corrected.
    const TimeNs raw = raw_at(true_ns);
    start_segment(raw, correction(raw), slew_rate(0));
    return;
  }
  const TimeNs server_ns = true_ns + one_way_delay();
  const TimeNs receive_ns = server_ns + one_way_delay();
  const TimeNs raw_send = raw_at(true_ns);
  const TimeNs raw_receive = raw_at(receive_ns);
  const TimeNs t1 = disciplined(raw_send);
  const TimeNs t4 = disciplined(raw_receive);
  const TimeNs offset = ((server_ns - t1) + (server_ns - t4)) / 2;
  counters_.last_offset_ns = offset;
  measure_frequency(raw_send + (raw_receive - raw_send) / 2, server_ns);
  const TimeNs base = correction(raw_receive);
  if (std::abs(offset) > params_.step_threshold_ns) {
    ++counters_.steps;
    start_segment(raw_receive, base + offset, slew_rate(0));
  } else {
    start_segment(raw_receive, base, slew_rate(offset));
  }
}

}  // namespace vtick::protocols::ntp
