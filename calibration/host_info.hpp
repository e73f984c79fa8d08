// What a profile records about the host it was measured on, so a reader can tell whether it
// applies to theirs: profiles are host-specific.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vtick::calibration {

std::string kernel_release();          ///< uname -r
std::string cpu_model();               ///< /proc/cpuinfo's first "model name", or "unknown"
unsigned online_cpus();
std::vector<double> load_average();    ///< /proc/loadavg's 1, 5 and 15 minute figures (empty if unreadable)
std::string utc_now();                 ///< e.g. 2026-11-26T19:40:05Z
/// This process's default timer slack, from /proc/self/timerslack_ns (Linux >= 4.6); nullopt
/// if unreadable. A thread inherits its creator's slack, so this is what the VMM's threads get.
std::optional<std::int64_t> default_timer_slack_ns();

}  // namespace vtick::calibration
