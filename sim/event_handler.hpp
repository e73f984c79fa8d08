#pragma once
#include <cstdint>

namespace vtick::sim {

/// Receives the events a model scheduled for itself. `kind` says which of the model's
/// events it is; `arg` carries a value the model chose, typically a generation token:
/// events are never removed from the agenda, a model ignores one whose token is stale.
/// This keeps cancellation O(1) and the agenda a plain heap.
class EventHandler {
 public:
  virtual void on_event(std::uint32_t kind, std::uint64_t arg) = 0;

 protected:
  ~EventHandler() = default;
};

}  // namespace vtick::sim
