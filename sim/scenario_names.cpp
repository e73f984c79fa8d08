#include "sim/scenario_names.hpp"

namespace vtick::sim {

std::string_view name_of(TimerDevice device) {
  switch (device) {
    case TimerDevice::Pit: return "pit";
    case TimerDevice::Lapic: return "lapic";
    case TimerDevice::Rtc: return "rtc";
    case TimerDevice::Hpet: return "hpet";
  }
  return "?";
}

std::string_view name_of(LostTickPolicyKind policy) {
  switch (policy) {
    case LostTickPolicyKind::Discard: return "discard";
    case LostTickPolicyKind::Delay: return "delay";
    case LostTickPolicyKind::Merge: return "merge";
    case LostTickPolicyKind::Catchup: return "catchup";
    case LostTickPolicyKind::CatchupGiveup: return "catchup_giveup";
  }
  return "?";
}

}  // namespace vtick::sim
