#pragma once
// An NTP client disciplining a guest clock: the related-work baseline of MISSION.md, which
// fixes a guest's clock over the network rather than between host and guest.
//
// The guest's raw clock (its clocksource: jiffies, TSC or pvclock) is never owned here: the
// caller passes raw readings in, and the client answers with the disciplined time. The
// correction is piecewise linear in the raw reading, so disciplined() is a pure function of
// the raw value given the state left by the last poll.
//
// Simplifications against real ntpd (RFC 5905), each on purpose:
//  - one server, whose clock is true time; no clock filter, selection, clustering or
//    combining, no poll-interval adaptation, no popcorn-spike suppression;
//  - symmetric base delay: path asymmetry comes only from the per-packet jitter;
//  - t2 = t3: the server answers in zero time;
//  - a poll fails when its send instant lies in an outage (a packet in flight when the
//    network goes down still arrives), and the failure is known at once (no timeout);
//  - the phase slew of a poll lasts until the next poll (failed or not), at a constant rate,
//    instead of ntpd's exponentially decaying phase adjustment;
//  - the frequency is measured directly (raw clock against server time between successive
//    samples, an FLL) instead of ntpd's hybrid PLL/FLL; the first measurement is taken
//    as is (like ntpd's startup FREQ state), later ones are averaged with gain kFllGain;
//  - a step is applied at the receive instant and keeps the frequency estimate.
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "sim/rng.hpp"
#include "sim/time.hpp"

namespace vtick::protocols::ntp {

using sim::kNsPerMs;
using sim::kNsPerSec;
using sim::TimeNs;

struct NtpParams {
  TimeNs poll_interval_ns = 64 * kNsPerSec;        // 16 s .. 1024 s typical
  TimeNs network_delay_ns = 20 * kNsPerMs;         // one-way base delay (symmetric)
  TimeNs jitter_ns = 2 * kNsPerMs;                 // each one-way delay = base + uniform[0, jitter)
  double max_slew_ppm = 500.0;                     // Linux/ntpd slew limit
  TimeNs step_threshold_ns = 128 * kNsPerMs;       // ntpd: offsets beyond this are stepped
  std::vector<std::pair<TimeNs, TimeNs>> outages;  // [from, to) in true time: polls fail
};

/// Weight of a new frequency measurement in the running estimate (after the first, which
/// is taken whole). The frequency is measured against the server, independently of the
/// discipline, so the estimate obeys f' = f + g (measured - f): one real pole at 1 - g.
/// With g = 1/4 it converges monotonically (no oscillation, for any drift and poll
/// interval) and averages about 2/g - 1 = 7 samples, cutting the noise std by sqrt(g/(2-g)).
inline constexpr double kFllGain = 0.25;

class NtpClient {
 public:
  /// The guest's raw clock reading at a true instant (non-decreasing in true time).
  using RawClock = std::function<TimeNs(TimeNs true_ns)>;

  /// Throws std::invalid_argument on parameters the model cannot honour.
  NtpClient(NtpParams params, std::uint64_t seed);

  /// Disciplined guest time for a raw clocksource reading. Readings at or after the
  /// previous poll's are exact; older ones extrapolate that poll's segment.
  [[nodiscard]] TimeNs disciplined(TimeNs raw_guest_ns) const;

  /// A poll sent at true time `true_ns` (polls come in increasing true time; the first
  /// is due at 0). On success the offset θ = ((t2 - t1) + (t3 - t4)) / 2 is measured from
  /// t1, t4 = disciplined send/receive and t2 = t3 = server time; |θ| > step threshold is
  /// stepped, otherwise slewed at clamp((θ / poll - f) / (1 + f), ±max_slew) per raw ns
  /// until the next poll, f being the estimated raw frequency error.
  void poll(TimeNs true_ns, const RawClock& raw_at);

  /// True time of the next poll.
  [[nodiscard]] TimeNs next_poll_ns() const { return next_poll_ns_; }

  struct Counters {
    std::uint64_t polls, failed_polls, steps;
    /// θ of the last successful poll: server minus guest, positive when the guest is behind.
    TimeNs last_offset_ns;
    /// Estimated raw clock frequency error: positive when the raw clock runs fast.
    double frequency_ppm;
  };
  [[nodiscard]] const Counters& counters() const { return counters_; }

 private:
  /// correction(raw) = correction0 + rate × (raw - raw0).
  struct Segment {
    TimeNs raw0;
    TimeNs correction0;
    double rate;
    [[nodiscard]] TimeNs correction_at(TimeNs raw) const;
  };

  [[nodiscard]] TimeNs correction(TimeNs raw) const;
  [[nodiscard]] bool network_down(TimeNs true_ns) const;
  [[nodiscard]] TimeNs one_way_delay();
  [[nodiscard]] double slew_rate(TimeNs offset_ns) const;
  void measure_frequency(TimeNs raw_mid, TimeNs server_ns);
  void start_segment(TimeNs raw, TimeNs correction0, double rate);

  NtpParams params_;
  sim::RandomStream rng_;
  Segment previous_{0, 0, 0.0};
  Segment current_{0, 0, 0.0};
  TimeNs next_poll_ns_ = 0;
  /// The last successful sample, the reference for the next frequency measurement.
  TimeNs last_raw_mid_ = 0;
  TimeNs last_server_ns_ = 0;
  Counters counters_{};
};

}  // namespace vtick::protocols::ntp
