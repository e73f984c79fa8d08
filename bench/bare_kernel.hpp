#pragma once
// The bare SystemC kernel's event rate, the yardstick for vtick's model runs.
#include <cstdint>

namespace vtick::bench {

struct PingPongResult {
  std::uint64_t activations = 0;  ///< SC_METHOD activations (one per timed notification)
  double wall_s = 0.0;
  double simulated_s = 0.0;
};

/// Creates the ping-pong module. SystemC creates modules only before the first sc_start, so
/// call this after sim::systemc_elaborate() and before any run. Idempotent.
void elaborate_ping_pong();

/// Two SC_METHODs that wake each other through sc_events with a 1 ns timed notification, for
/// `activations` activations in total, then fall quiet (so a model run can follow in the same
/// process). May be called repeatedly, between model runs.
PingPongResult run_ping_pong(std::uint64_t activations);

}  // namespace vtick::bench
