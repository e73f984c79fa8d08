#include "sim/agenda.hpp"

#include <stdexcept>
#include <string>

namespace vtick::sim {

void Agenda::throw_out_of_range(std::uint32_t kind) {
  if (kind > EventKey::kMaxTag) {
    throw std::logic_error("event kind " + std::to_string(kind) + " does not fit the 16-bit tag of EventKey");
  }
  throw std::logic_error("more than 2^40 events scheduled in one run");
}

}  // namespace vtick::sim
