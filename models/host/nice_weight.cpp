#include <array>
#include <stdexcept>

#include "models/host/task.hpp"

namespace vtick::models::host {

std::uint64_t nice_to_weight(int nice) {
  // kernel/sched/core.c, sched_prio_to_weight[40], index nice + 20.
  static constexpr std::array<std::uint64_t, 40> kWeights = {
      88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
      9548,  7620,  6100,  4904,  3906,  3121,  2501,  1991,  1586,  1277,
      1024,  820,   655,   526,   423,   335,   272,   215,   172,   137,
      110,   87,    70,    56,    45,    36,    29,    23,    18,    15};
  if (nice < -20 || nice > 19) throw std::out_of_range("nice outside -20..19");
  return kWeights[static_cast<std::size_t>(nice + 20)];
}

}  // namespace vtick::models::host
