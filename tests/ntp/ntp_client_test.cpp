// The NTP client against a guest raw clock that drifts, is offset, or ticks in jiffies.
#include "protocols/ntp/ntp_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace vtick::protocols::ntp {
namespace {

using sim::kNsPerUs;

constexpr TimeNs kPoll = 64 * kNsPerSec;
constexpr double kPpm = 1e-6;

/// The guest's raw clock: (1 + r) × true time + offset, read in whole quanta (1 ns = smooth,
/// 4 ms = a jiffies clock at HZ=250, whose reading falls short by up to a quantum).
struct RawClock {
  double drift_ppm = 0;
  TimeNs offset_ns = 0;
  TimeNs quantum_ns = 1;
  TimeNs operator()(TimeNs true_ns) const {
    const TimeNs smooth = true_ns + std::llround(drift_ppm * kPpm * static_cast<double>(true_ns)) + offset_ns;
    const TimeNs below = ((smooth % quantum_ns) + quantum_ns) % quantum_ns;
    return smooth - below;
  }
};

/// Worst-case |disciplined - true| once converged, while the network is up, for jitter J,
/// read quantum Q and poll interval P (rate errors are bounded by (1 + 500 ppm) factors):
///  - a measured offset errs by (-J/2, J/2 + Q): path asymmetry (d1 - d2) / 2, plus the
///    two readings falling short by [0, Q) each, averaged;
///  - a frequency measurement errs by < (J + Q) / (P - J): two samples' errors (< J/2 + Q/2
///    each) over a span of server time > P - J; the running average stays inside the
///    envelope of its measurements, and the first measurement is taken whole;
///  - after a poll the measured phase is slewed away over one interval, so between two
///    receive instants (at most P + 2J apart) the smooth error is a convex mix of the error
///    at the poll and the measurement error, plus frequency error × elapsed time; a clamped
///    slew only stops short, it never overshoots;
///  - a reading then falls short by up to Q more.
/// B = J/2 + Q + (J + Q) / (P - J) × (P + 2J), plus 10 µs for second-order terms
/// (e.g. θ × frequency error, the error's own drift during one round trip) and rounding.
TimeNs converged_bound(const NtpParams& p, TimeNs quantum_ns) {
  const TimeNs q = quantum_ns == 1 ? 0 : quantum_ns;
  const double j = static_cast<double>(p.jitter_ns);
  const double freq_error =
      (j + static_cast<double>(q)) * (1 + 500 * kPpm) / static_cast<double>(p.poll_interval_ns - p.jitter_ns);
  const double accrued = freq_error * static_cast<double>(p.poll_interval_ns + 2 * p.jitter_ns);
  return p.jitter_ns / 2 + q + static_cast<TimeNs>(std::ceil(accrued)) + 10 * kNsPerUs;
}

/// Drives a client in true time: polls when due, reads the guest clock every `step`.
struct Harness {
  NtpClient client;
  RawClock raw;
  TimeNs now = 0;
  TimeNs last_raw = 0;
  TimeNs last_disciplined = 0;
  /// Largest |error| seen since `check_from`.
  TimeNs max_error = 0;

  Harness(NtpParams params, RawClock clock, std::uint64_t seed = 1) : client(std::move(params), seed), raw(clock) {}

  [[nodiscard]] TimeNs error_at(TimeNs true_ns) const { return client.disciplined(raw(true_ns)) - true_ns; }

  /// Runs until `end`; from `check_from` on, expects every reading within `bound` of true
  /// time. Without steps, expects the disciplined clock never to go backwards nor to run
  /// more than 500 ppm faster than the raw one.
  void run(TimeNs end, TimeNs step, TimeNs check_from, TimeNs bound) {
    for (; now < end; now += step) {
      const std::uint64_t steps_before = client.counters().steps;
      while (client.next_poll_ns() <= now) client.poll(client.next_poll_ns(), raw);
      const TimeNs r = raw(now);
      const TimeNs d = client.disciplined(r);
      if (now > 0 && client.counters().steps == steps_before) {
        ASSERT_NO_FATAL_FAILURE(expect_smooth(r, d));
      }
      if (now >= check_from) {
        max_error = std::max(max_error, std::abs(d - now));
        ASSERT_LE(std::abs(d - now), bound) << "at " << now << " ns, poll " << client.counters().polls;
      }
      last_raw = r;
      last_disciplined = d;
    }
  }

  void expect_smooth(TimeNs r, TimeNs d) const {
    const TimeNs raw_step = r - last_raw;
    const TimeNs fastest = raw_step + static_cast<TimeNs>(std::ceil(500 * kPpm * static_cast<double>(raw_step))) + 1;
    ASSERT_GE(d, last_disciplined) << "disciplined time went backwards at " << now;
    ASSERT_LE(d - last_disciplined, fastest) << "slewed faster than 500 ppm at " << now;
  }
};

struct DriftCase {
  double drift_ppm;
  TimeNs initial_offset_ns;
};

class Drift : public testing::TestWithParam<DriftCase> {};

TEST_P(Drift, StaysWithinDerivedBoundAfterConvergence) {
  const NtpParams params;
  Harness h(params, RawClock{GetParam().drift_ppm, GetParam().initial_offset_ns});
  // 20 ms against as little as 50 ppm of slew budget (500 - 450) takes 400 s; 12 polls is ample.
  const TimeNs bound = converged_bound(params, 1);
  h.run(100 * kPoll, 97 * kNsPerMs, 12 * kPoll, bound);
  EXPECT_EQ(h.client.counters().steps, 0u);
  EXPECT_NEAR(h.client.counters().frequency_ppm, GetParam().drift_ppm,
              2e6 * static_cast<double>(params.jitter_ns) / static_cast<double>(kPoll));
  RecordProperty("max_error_ns", std::to_string(h.max_error));
  RecordProperty("bound_ns", std::to_string(bound));
}

INSTANTIATE_TEST_SUITE_P(Rates, Drift,
                         testing::Values(DriftCase{0, 20 * kNsPerMs}, DriftCase{0, -20 * kNsPerMs},
                                         DriftCase{100, 20 * kNsPerMs}, DriftCase{100, -20 * kNsPerMs},
                                         DriftCase{-300, 20 * kNsPerMs}, DriftCase{-300, -20 * kNsPerMs},
                                         DriftCase{450, 20 * kNsPerMs}, DriftCase{450, -20 * kNsPerMs}),
                         [](const testing::TestParamInfo<DriftCase>& param_info) {
                           const DriftCase& c = param_info.param;
                           return (c.drift_ppm < 0 ? "minus" : "plus") +
                                  std::to_string(std::lround(std::abs(c.drift_ppm))) + "ppm_" +
                                  (c.initial_offset_ns < 0 ? "behind" : "ahead");
                         });

TEST(Step, OneSecondOffsetIsSteppedAtTheFirstPoll) {
  for (const TimeNs offset : {kNsPerSec, -kNsPerSec}) {
    const NtpParams params;
    Harness h(params, RawClock{0, offset});
    const TimeNs before = h.client.disciplined(h.raw(0));
    h.client.poll(0, h.raw);
    EXPECT_EQ(h.client.counters().steps, 1u);
    EXPECT_NEAR(static_cast<double>(h.client.counters().last_offset_ns), static_cast<double>(-offset), 1e6);
    // One round trip later the step has been applied, in either direction.
    const TimeNs after = kNsPerSec;
    EXPECT_LE(std::abs(h.error_at(after)), params.jitter_ns / 2 + 10 * kNsPerUs);
    EXPECT_EQ(h.client.disciplined(h.raw(0)), before) << "readings before the response keep the old time";
  }
}

TEST(Slew, HundredMillisecondsIsSlewedAtMostAtTheSlewLimit) {
  const NtpParams params;
  const TimeNs offset = -100 * kNsPerMs;
  Harness h(params, RawClock{0, offset});
  // 100 ms at 500 ppm takes 200 s (3.1 polls); the run checks smoothness all along.
  h.run(5 * kPoll, 10 * kNsPerMs, sim::kNever, 0);
  EXPECT_EQ(h.client.counters().steps, 0u);
  EXPECT_LE(h.error_at(200 * kNsPerSec - 1), 0) << "caught up faster than 500 ppm";
  h.run(30 * kPoll, 10 * kNsPerMs, 6 * kPoll, converged_bound(params, 1));
  EXPECT_EQ(h.client.counters().steps, 0u);
}

TEST(Outage, ClockDriftsAtTheResidualFrequencyAndRecovers) {
  NtpParams params;
  const TimeNs from = 30 * kPoll + 10 * kNsPerSec;
  const TimeNs to = from + 3600 * kNsPerSec;
  params.outages = {{from, to}};
  const double r = 100;
  Harness h(params, RawClock{r, 20 * kNsPerMs});
  const TimeNs bound = converged_bound(params, 1);
  // Polls fall on multiples of P; the first failed one ends the last phase slew, and from
  // then on only the frequency estimate f is corrected.
  const TimeNs first_failed = (from + kPoll - 1) / kPoll * kPoll;
  const TimeNs first_back = (to + kPoll - 1) / kPoll * kPoll;
  h.run(first_failed + 1, kNsPerSec, 12 * kPoll, bound);
  ASSERT_EQ(h.client.counters().failed_polls, 1u);
  const double f = h.client.counters().frequency_ppm;
  const TimeNs error_start = h.error_at(first_failed);
  h.run(first_back, kNsPerSec, sim::kNever, 0);
  EXPECT_EQ(h.client.counters().failed_polls, static_cast<std::uint64_t>((first_back - first_failed) / kPoll));
  const TimeNs growth = h.error_at(first_back - 1) - error_start;
  const double expected = (r - f) * kPpm / (1 + f * kPpm) * static_cast<double>(first_back - 1 - first_failed);
  EXPECT_NEAR(static_cast<double>(growth), expected, 100.0) << "r " << r << " ppm, f " << f << " ppm";
  EXPECT_LT(std::abs(growth), static_cast<TimeNs>(r * kPpm * 3600 * kNsPerSec / 4)) << "f was kept";
  h.run(first_back + 100 * kPoll, 97 * kNsPerMs, first_back + 12 * kPoll, bound);
  EXPECT_EQ(h.client.counters().failed_polls, static_cast<std::uint64_t>((first_back - first_failed) / kPoll));
}

TEST(Determinism, SameSeedSameSequence) {
  const auto offsets = [](std::uint64_t seed) {
    Harness h(NtpParams{}, RawClock{-300, 50 * kNsPerMs}, seed);
    std::vector<TimeNs> seen;
    for (int i = 0; i < 40; ++i) {
      h.client.poll(h.client.next_poll_ns(), h.raw);
      seen.push_back(h.client.counters().last_offset_ns);
      seen.push_back(h.error_at(h.client.next_poll_ns() - kNsPerSec));
    }
    return seen;
  };
  EXPECT_EQ(offsets(7), offsets(7));
  EXPECT_NE(offsets(7), offsets(8));
}

TEST(Jiffies, SawtoothRawClockAheadStillConverges) {
  const NtpParams params;
  const TimeNs quantum = 4 * kNsPerMs;  // HZ=250
  Harness h(params, RawClock{100, 50 * kNsPerMs, quantum});
  const TimeNs bound = converged_bound(params, quantum);
  h.run(100 * kPoll, 97 * kNsPerMs, 12 * kPoll, bound);
  EXPECT_EQ(h.client.counters().steps, 0u);
  RecordProperty("max_error_ns", std::to_string(h.max_error));
  RecordProperty("bound_ns", std::to_string(bound));
}

TEST(Params, RejectsWhatTheModelCannotHonour) {
  NtpParams zero_poll;
  zero_poll.poll_interval_ns = 0;
  EXPECT_THROW(NtpClient(zero_poll, 1), std::invalid_argument);
  NtpParams reversing;
  reversing.max_slew_ppm = 1e6;
  EXPECT_THROW(NtpClient(reversing, 1), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::protocols::ntp
