#pragma once
// The pending-event set, ordered by EventKey (see event_order.hpp).
// Invariant: pop() returns events in strictly increasing key order.
// Cost: schedule and pop are O(log n) (binary heap); next_time is O(1).
#include <cstdint>
#include <vector>

#include "sim/event_handler.hpp"
#include "sim/event_order.hpp"

namespace vtick::sim {

struct Event {
  EventKey key;
  EventHandler* handler;
  std::uint32_t kind;
  std::uint64_t arg;
};

class Agenda {
 public:
  void schedule(TimeNs time, EventPriority priority, EventHandler& handler, std::uint32_t kind,
                std::uint64_t arg);
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] TimeNs next_time() const { return heap_.empty() ? kNever : heap_.front().key.time; }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  Event pop();

 private:
  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace vtick::sim
