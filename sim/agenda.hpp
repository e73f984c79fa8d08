#pragma once
// The pending-event set, ordered by EventKey (see event_order.hpp).
// Invariant: pop() returns events in strictly increasing key order.
// Cost: schedule and pop are O(log n) (binary heap, sifting a hole rather than swapping,
// inline so the key comparison compiles to two integer compares); next_time is O(1).
#include <cstdint>
#include <vector>

#include "sim/event_handler.hpp"
#include "sim/event_order.hpp"

namespace vtick::sim {

struct Event {
  EventKey key;  ///< its tag is the handler's `kind`
  EventHandler* handler;
  std::uint64_t arg;

  [[nodiscard]] std::uint32_t kind() const { return key.tag(); }
};

class Agenda {
 public:
  void schedule(TimeNs time, EventPriority priority, EventHandler& handler, std::uint32_t kind,
                std::uint64_t arg) {
    if (kind > EventKey::kMaxTag || next_sequence_ > EventKey::kMaxSequence) throw_out_of_range(kind);
    const Event e{EventKey{time, priority, next_sequence_++, kind}, &handler, arg};
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 2;
      if (!(e.key < heap_[parent].key)) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] TimeNs next_time() const { return heap_.empty() ? kNever : heap_.front().key.time; }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  Event pop() {
    const Event top = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return top;
    std::size_t hole = 0;
    for (std::size_t child = 1; child < n; child = 2 * hole + 1) {
      if (child + 1 < n && heap_[child + 1].key < heap_[child].key) ++child;
      if (!(heap_[child].key < last.key)) break;
      heap_[hole] = heap_[child];
      hole = child;
    }
    heap_[hole] = last;
    return top;
  }

 private:
  [[noreturn]] static void throw_out_of_range(std::uint32_t kind);

  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace vtick::sim
