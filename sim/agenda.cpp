#include "sim/agenda.hpp"

#include <algorithm>

namespace vtick::sim {
namespace {
// std heap functions build a max-heap; invert the key order to get the earliest on top.
bool later(const Event& a, const Event& b) { return b.key < a.key; }
}  // namespace

void Agenda::schedule(TimeNs time, EventPriority priority, EventHandler& handler, std::uint32_t kind,
                      std::uint64_t arg) {
  heap_.push_back(Event{EventKey{time, priority, next_sequence_++}, &handler, kind, arg});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

Event Agenda::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Event e = heap_.back();
  heap_.pop_back();
  return e;
}

}  // namespace vtick::sim
