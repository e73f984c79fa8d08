#pragma once
// A pure model of one guest's kvmclock: a TSC that ticks at its true (possibly off-nominal)
// rate, a host that refreshes the pvclock page now and then, and the guest's reading of it.
// No simulator and no SystemC: the simulator's models and the checker build on this.
//
// Why a guest's pvclock time drifts at all: the host stamps system_time = its own
// CLOCK_MONOTONIC (true time here) at each update, so the error restarts from zero there; in
// between, the guest extrapolates with (mul, shift) computed from the host's *believed* TSC
// rate (tsc_khz * 1000). If the crystal runs off nominal by ppm, or the belief is off, the
// guest drifts linearly until the next update, on top of fixed-point rounding.
#include <cstdint>

#include "models/host/tsc.hpp"
#include "protocols/pvclock/pvclock_abi.hpp"

namespace vtick::protocols::pvclock {

using models::host::TscModel;

/// One vCPU's kvmclock as the host maintains it and the guest reads it.
class PvclockSource {
 public:
  /// host_believed_hz: the host kernel's tsc_khz * 1000, usually the nominal rate. Before the
  /// first update() the page is all zero, as the guest's page is before KVM first fills it,
  /// and reads as 0 ns.
  PvclockSource(TscModel tsc, std::uint64_t host_believed_hz);

  /// The host refreshes the page at true (host CLOCK_MONOTONIC) time host_ns, as
  /// kvm_guest_time_update does: tsc_timestamp = tsc_at(host_ns), system_time = host_ns,
  /// (mul, shift) = time_scale(1e9, host_believed_hz), flags = stable; version += 2 (written
  /// through a PageWriter, so with the seqcount protocol's stores).
  void update(std::int64_t host_ns);
  /// What the guest's pvclock read returns at true time host_ns, using the current page and
  /// tsc_at(host_ns). Requires host_ns at or after the last update (an earlier TSC wraps the
  /// unsigned delta, as in the guest).
  [[nodiscard]] std::int64_t guest_ns(std::int64_t host_ns) const;
  [[nodiscard]] const PvclockVcpuTimeInfo& page() const { return page_; }
  [[nodiscard]] std::uint64_t updates() const { return updates_; }

 private:
  TscModel tsc_;
  TimeScale scale_;
  PvclockVcpuTimeInfo page_{};
  std::uint64_t updates_ = 0;
};

/// Bound on |guest_ns(t) - t| for every t within interval_ns after an update (elapsed
/// 0 <= D <= interval_ns). With f = the true TSC rate, b = host_believed_hz and
/// k = mul * 2^shift / 2^32 the page's ns per tick:
///   drift        = D * |f / b - 1|             (|ppm| * D / 1e6 when b is nominal)
///   quantisation = D * f / 1e9 * |k - 1e9 / b|  (mul/shift vs the ideal scale, per tick)
///   truncation   = 2^s * k + 1                 (s = max(0, -shift): TSC floors at both
///                  ends (< 1 tick), bits a right shift drops (< 2^s - 1 ticks), final >> 32
///                  (< 1 ns))
/// and the bound is ceil(drift + quantisation + truncation) + 1 (one ns of margin for the
/// long double evaluation). Derivation: the guest computes floor(d' * mul / 2^32) with
/// d = tsc(t) - tsc(u) in (D f / 1e9 - 1, D f / 1e9 + 1) and d' = d shifted; the
/// rate term D (f k / 1e9 - 1) splits exactly into drift + quantisation.
std::int64_t error_bound_ns(const TscModel& tsc, std::uint64_t host_believed_hz,
                            std::int64_t interval_ns);

}  // namespace vtick::protocols::pvclock
