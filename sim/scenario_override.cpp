#include "sim/scenario_override.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "sim/duration.hpp"
#include "sim/join.hpp"

namespace vtick::sim {
namespace {

long long integer_in(const std::string& parameter, const std::string& value, long long lo, long long hi) {
  long long v = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (error != std::errc{} || end != value.data() + value.size()) {
    throw std::invalid_argument(parameter + ": expected an integer, got '" + value + "'");
  }
  if (v < lo || v > hi) {
    throw std::invalid_argument(parameter + ": " + value + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return v;
}

double number_in(const std::string& parameter, const std::string& value, double limit) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || !std::isfinite(v)) throw std::invalid_argument(parameter + ": expected a number, got '" + value + "'");
  if (std::abs(v) > limit) throw std::invalid_argument(parameter + ": |" + value + "| exceeds " + std::to_string(limit));
  return v;
}

TimeNs positive_duration(const std::string& parameter, const std::string& value) {
  TimeNs ns = 0;
  try {
    ns = parse_duration(value);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(parameter + ": " + e.what());
  }
  if (ns <= 0) throw std::invalid_argument(parameter + ": must be positive");
  return ns;
}

double set_load_count(Scenario& s, const std::string& parameter, const std::string& value) {
  const std::string name = parameter.substr(5, parameter.size() - 5 - 6);  // load.<name>.count
  const auto it = std::find_if(s.load.begin(), s.load.end(), [&](const LoadTaskSpec& t) { return t.name == name; });
  if (it == s.load.end()) throw std::invalid_argument(parameter + ": the scenario has no load task named '" + name + "'");
  const auto count = integer_in(parameter, value, 0, 1024);
  if (count == 0) {
    s.load.erase(it);
  } else {
    it->count = static_cast<int>(count);
  }
  return static_cast<double>(count);
}

}  // namespace

const std::vector<std::string>& sweepable_parameters() {
  static const std::vector<std::string> kParameters = {"guest.hz", "host.cpus", "host.tsc_ppm", "vmm.nice",
                                                       "vmm.pvclock_update_interval", "load.<task name>.count"};
  return kParameters;
}

double override_parameter(Scenario& s, const std::string& parameter, const std::string& value) {
  if (parameter == "guest.hz") {
    const auto hz = integer_in(parameter, value, 1, 1000);
    if (hz != 100 && hz != 250 && hz != 1000) throw std::invalid_argument(parameter + ": must be 100, 250 or 1000");
    s.guest.hz = static_cast<int>(hz);
    return static_cast<double>(hz);
  }
  if (parameter == "host.cpus") {
    s.host.cpus = static_cast<int>(integer_in(parameter, value, 1, 64));
    const auto check = [&](const std::vector<int>& affinity, const std::string& who) {
      for (int cpu : affinity) {
        if (cpu >= s.host.cpus) throw std::invalid_argument(parameter + ": " + who + " is pinned to CPU " + std::to_string(cpu));
      }
    };
    for (const auto& t : s.load) check(t.affinity, "load task '" + t.name + "'");
    check(s.vmm.affinity, "the VMM");
    return s.host.cpus;
  }
  if (parameter == "host.tsc_ppm") return s.host.tsc_ppm = number_in(parameter, value, 1000);
  if (parameter == "vmm.nice") return s.vmm.nice = static_cast<int>(integer_in(parameter, value, -20, 19));
  if (parameter == "vmm.pvclock_update_interval") {
    s.vmm.pvclock_update_interval_ns = positive_duration(parameter, value);
    return static_cast<double>(s.vmm.pvclock_update_interval_ns);
  }
  if (parameter.starts_with("load.") && parameter.ends_with(".count") && parameter.size() > 11) {
    return set_load_count(s, parameter, value);
  }
  throw std::invalid_argument("cannot sweep '" + parameter + "' (sweepable: " + join(sweepable_parameters(), ", ") + ")");
}

}  // namespace vtick::sim
