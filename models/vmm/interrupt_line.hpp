#pragma once
// One interrupt input of the emulated interrupt controller (an 8259 PIC pin or a LAPIC
// vector): a request bit (IRR) and an in-service bit (ISR). The hardware fact behind lost
// ticks: a request raised while the previous one is still pending sets a bit that is
// already set, so the two become one interrupt (coalescing).
#include <cstdint>

#include "sim/time.hpp"

namespace vtick::models::vmm {

/// Told when a request appears on the line (the VMM kicks the vCPU thread).
class InterruptSink {
 public:
  virtual void on_interrupt_requested() = 0;

 protected:
  ~InterruptSink() = default;
};

class InterruptLine;

/// A device besides the timer whose interrupt the vCPU serves (outsourced timer events).
/// Its handler costs the guest the same as the tick handler.
class InterruptSource {
 public:
  virtual InterruptLine& line() = 0;
  /// The guest's handler for this interrupt ran to completion at true time `now`.
  virtual void handled(sim::TimeNs now) = 0;

 protected:
  ~InterruptSource() = default;
};

class InterruptLine {
 public:
  void connect(InterruptSink& sink) { sink_ = &sink; }

  /// Returns false when the request coalesced with one already pending.
  bool raise() {
    if (requested_) {
      ++coalesced_;
      return false;
    }
    requested_ = true;
    ++raised_;
    if (sink_ != nullptr) sink_->on_interrupt_requested();
    return true;
  }
  /// Interrupt acknowledge: the CPU takes the request into service (IRR -> ISR).
  void accept() {
    requested_ = false;
    in_service_ = true;
  }
  void end_of_interrupt() { in_service_ = false; }

  [[nodiscard]] bool requested() const { return requested_; }
  [[nodiscard]] bool in_service() const { return in_service_; }
  [[nodiscard]] std::uint64_t raised() const { return raised_; }
  [[nodiscard]] std::uint64_t coalesced() const { return coalesced_; }

 private:
  InterruptSink* sink_ = nullptr;
  bool requested_ = false;
  bool in_service_ = false;
  std::uint64_t raised_ = 0;
  std::uint64_t coalesced_ = 0;
};

}  // namespace vtick::models::vmm
