#pragma once
// The scenario-file spelling of each enumerated value, for outputs.
#include <string_view>

#include "sim/scenario.hpp"

namespace vtick::sim {

std::string_view name_of(TimerDevice device);
std::string_view name_of(LostTickPolicyKind policy);

}  // namespace vtick::sim
