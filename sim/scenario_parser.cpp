#include "sim/scenario_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "sim/duration.hpp"
#include "sim/expectations.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::sim {
namespace {

using namespace std::string_view_literals;
using Keys = std::span<const std::string_view>;

constexpr std::array kTopKeys{"name"sv, "description"sv, "host"sv,       "load"sv,
                              "vmm"sv,  "guest"sv,       "ntp"sv,        "run"sv,
                              "expect"sv, "crosscheck"sv, "host_profile"sv};
constexpr std::array kNtpKeys{"poll_interval"sv, "network_delay"sv, "jitter"sv, "max_slew_ppm"sv,
                              "step_threshold"sv, "outages"sv};
constexpr std::array kOutageKeys{"from"sv, "to"sv};
constexpr std::array kHostKeys{"cpus"sv,           "scheduler"sv, "hz"sv,     "hrtimer_slack"sv, "tsc_ppm"sv,
                               "wakeup_latency"sv, "noise"sv,     "stalls"sv, "background"sv};
constexpr std::array kWakeupLatencyKeys{"quantiles"sv};
constexpr std::array kNoiseKeys{"rate_per_s"sv, "length_quantiles"sv};
// More gaps than this per second would leave a CPU nothing between them (gaps are >= 1 ns,
// measured ones microseconds): a typo, not a host.
constexpr double kMaxNoiseRatePerS = 1e6;
// What a host profile (`host_profile:`, docs/scenarios.md) may hold: measured costs and the
// host kernel's facts (scheduler class, CONFIG_HZ), in the sections the calibration writes
// (scheduler is top level there, as in a scenario's host.scheduler).
constexpr std::array kProfileKeys{"calibration"sv, "scheduler"sv, "host"sv, "vmm"sv, "guest"sv, "engines"sv};
constexpr std::array kProfileSchedulerKeys{"class"sv, "context_switch"sv};
constexpr std::array kProfileHostKeys{"hz"sv, "hrtimer_slack"sv, "wakeup_latency"sv, "noise"sv, "stalls"sv, "background"sv};
constexpr std::array kProfileVmmKeys{"vm_exit"sv, "inject"sv, "device_cost"sv};
// engines.<engine>: what the VMM's threads spend under that engine (vtick calibrate measures
// each engine it can run); applied over the vmm section for the engine the scenario models.
constexpr std::array kProfileEngineKeys{"vm_exit"sv,
                                        "inject"sv,
                                        "device_cost"sv,
                                        "vcpu_tick_cost"sv,
                                        "vcpu_callback_cost"sv,
                                        "vcpu_sample_cost"sv,
                                        "vcpu_tick_cost_spread"sv,
                                        "vcpu_callback_cost_spread"sv,
                                        "vcpu_sample_cost_spread"sv,
                                        "vcpu_rest_cpu"sv,
                                        "timer_rest_cpu"sv,
                                        "timer_kick_share"sv,
                                        "timer_tail_share"sv,
                                        "vcpu_lock_attempt"sv,
                                        "timer_period_error_ppm"sv};
constexpr std::array kProfileGuestKeys{"tick_cost"sv, "timer_callback_cost"sv};
constexpr std::array kSchedulerKeys{"class"sv,          "sched_latency"sv, "min_granularity"sv, "wakeup_granularity"sv,
                                    "context_switch"sv, "base_slice"sv};
constexpr std::array kTaskKeys{"name"sv,    "kind"sv,        "count"sv,     "nice"sv,
                               "policy"sv,  "rt_priority"sv, "affinity"sv,  "start"sv,
                               "stop"sv,    "run"sv,         "period"sv,    "phase"sv,
                               "mean_on"sv, "mean_off"sv,    "mean_sleep"sv};
constexpr std::array kVmmKeys{"engine"sv,
                              "nice"sv,
                              "timer_nice"sv,
                              "affinity"sv,
                              "timer_device"sv,
                              "lost_tick_policy"sv,
                              "catchup_max_factor"sv,
                              "giveup_threshold"sv,
                              "vm_exit"sv,
                              "inject"sv,
                              "device_cost"sv,
                              "vcpu_tick_cost"sv,
                              "vcpu_callback_cost"sv,
                              "vcpu_sample_cost"sv,
                              "vcpu_tick_cost_spread"sv,
                              "vcpu_callback_cost_spread"sv,
                              "vcpu_sample_cost_spread"sv,
                              "timer_period_error_ppm"sv,
                              "vcpu_rest_cpu"sv,
                              "timer_rest_cpu"sv,
                              "timer_kick_share"sv,
                              "timer_tail_share"sv,
                              "vcpu_lock_attempt"sv,
                              "timer_slack"sv,
                              "pvclock_update_interval"sv,
                              "outsourcing_module"sv,
                              "outsourcing_slack"sv};
constexpr std::array kGuestKeys{"hz"sv,        "clocksource"sv,         "timers"sv,
                                "tick_cost"sv, "timer_callback_cost"sv, "workloads"sv,
                                "tsc_calibration_ppm"sv};
constexpr std::array kWorkloadKeys{"name"sv, "kind"sv,  "period"sv, "start"sv, "fps"sv,           "interval"sv,
                                   "rtt"sv,  "rto"sv,   "loss"sv,   "at"sv,    "check_interval"sv};
// The workload fields each kind takes (name and kind apply to all).
constexpr std::array kPeriodicKeys{"period"sv, "start"sv};
constexpr std::array<std::string_view, 0> kBusyKeys{};
constexpr std::array kMediaKeys{"fps"sv, "start"sv};
constexpr std::array kTcpKeys{"interval"sv, "rtt"sv, "rto"sv, "loss"sv, "start"sv};
constexpr std::array kCronKeys{"at"sv, "check_interval"sv};
constexpr std::array kRunKeys{"duration"sv, "seed"sv, "sample_interval"sv, "sampling"sv, "trace_max_events"sv};
constexpr std::array kBoundKeys{"min"sv, "max"sv, "equals"sv};
constexpr std::array kCrosscheckKeys{"seeds"sv,          "alpha"sv,        "ks_resolution"sv, "drift_ppm"sv,
                                     "final_offset"sv,   "max_abs_offset"sv, "ticks_lost"sv,    "lateness_p50"sv,
                                     "lateness_p99"sv,   "lateness_max"sv};
constexpr std::array kToleranceKeys{"sigmas"sv, "abs"sv, "rel"sv};
// Below 20 seeds the simulated spread (sd, min..max) is too rough to set a tolerance by.
constexpr int kMinCrosscheckSeeds = 20;
constexpr int kMaxCrosscheckSeeds = 10000;

// The load fields that belong to one kind or another; the rest apply to every kind.
constexpr std::array kTimingKeys{"run"sv,     "period"sv,   "phase"sv,
                                 "mean_on"sv, "mean_off"sv, "mean_sleep"sv};
constexpr std::array<std::string_view, 0> kCpuHogKeys{};
constexpr std::array kDutyKeys{"run"sv, "period"sv, "phase"sv};
constexpr std::array kBurstyKeys{"mean_on"sv, "mean_off"sv};
constexpr std::array kSleeperKeys{"run"sv, "mean_sleep"sv};

constexpr std::array kGuestHz{100, 250, 1000};
constexpr TimeNs kMaxRunDuration = 30 * 24 * 3600 * kNsPerSec;
constexpr std::array kVmmThreadNames{"vmm.vcpu"sv, "vmm.timer"sv, "vmm.outsourcing"sv};


// The matrix docs/scenarios.md justifies: what each emulated device can do with lost ticks.
bool device_supports(TimerDevice device, LostTickPolicyKind policy) {
  using P = LostTickPolicyKind;
  switch (device) {
    case TimerDevice::Pit:
    case TimerDevice::Lapic:
      return policy != P::Catchup;
    case TimerDevice::Rtc:
      return policy == P::Discard || policy == P::Catchup || policy == P::CatchupGiveup;
    case TimerDevice::Hpet:
      return policy == P::Discard || policy == P::Merge || policy == P::CatchupGiveup;
  }
  return false;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

template <class Range, class Fn>
std::string join(const Range& items, Fn name_of) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + std::string(name_of(item));
  }
  return out;
}

std::string join(Keys keys) {
  return join(keys, [](std::string_view k) { return k; });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

// " (did you mean 'cpus'?)" for the closest option within two edits, else "".
std::string did_you_mean(std::string_view word, Keys options) {
  constexpr std::size_t kMaxDistance = 2;
  std::size_t best_distance = kMaxDistance + 1;
  std::string_view best;
  for (std::string_view option : options) {
    const std::size_t d = edit_distance(word, option);
    if (d < best_distance) {
      best_distance = d;
      best = option;
    }
  }
  return best.empty() ? "" : " (did you mean " + in_quotes(best) + "?)";
}

bool contains(Keys keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string got(const YAML::Node& n) {
  if (n.IsScalar()) {
    return "got " + in_quotes(n.Scalar());
  }
  if (n.IsMap()) {
    return "got a mapping";
  }
  return n.IsSequence() ? "got a list" : "got nothing";
}

std::string range(long long lo, long long hi) {
  return std::to_string(lo) + ".." + std::to_string(hi);
}

class Source {
 public:
  explicit Source(const std::string& file) : file_(file) {}

  [[nodiscard]] const std::string& file() const { return file_; }

  // yaml-cpp marks are 0-based; editors count from 1.
  [[nodiscard]] SourceLocation at(const YAML::Mark& m) const {
    return {file_, m.line + 1, m.column + 1};
  }
  [[noreturn]] void fail(const YAML::Mark& m, const std::string& field,
                         const std::string& reason) const {
    throw ScenarioError(at(m), field, reason);
  }
  [[noreturn]] void fail_file(const std::string& reason) const {
    throw ScenarioError({file_, 0, 0}, "", reason);
  }

 private:
  const std::string& file_;
};

// One `key: value` (or list item, whose "key" is the item itself) and its dotted path.
struct Field {
  const Source* src;
  YAML::Node key;
  YAML::Node value;
  std::string path;

  // yaml-cpp places an empty value at the next token, possibly lines later.
  [[nodiscard]] YAML::Mark value_mark() const { return value.IsNull() ? key.Mark() : value.Mark(); }
  [[nodiscard]] SourceLocation location() const { return src->at(key.Mark()); }
  [[noreturn]] void fail(const std::string& reason) const { src->fail(value_mark(), path, reason); }
  [[noreturn]] void fail_at_key(const std::string& reason) const {
    src->fail(key.Mark(), path, reason);
  }

  [[nodiscard]] std::string scalar(std::string_view expected) const {
    if (!value.IsScalar()) {
      fail("expected " + std::string(expected) + ", " + got(value));
    }
    return value.Scalar();
  }

  [[nodiscard]] std::string string() const { return scalar("a string"); }

  [[nodiscard]] long long integer() const {
    const std::string text = scalar("an integer");
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) {
      fail("expected an integer, " + got(value));
    }
    return v;
  }

  [[nodiscard]] int integer(int lo, int hi) const {
    const long long v = integer();
    if (v < lo || v > hi) {
      fail("must be in " + range(lo, hi) + ", got " + std::to_string(v));
    }
    return static_cast<int>(v);
  }

  [[nodiscard]] std::uint64_t unsigned64() const {
    const std::string text = scalar("a non-negative integer");
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc::result_out_of_range) {
      fail(in_quotes(text) + " does not fit in 64 bits (the maximum is 18446744073709551615)");
    }
    if (ec != std::errc{} || end != text.data() + text.size()) {
      fail("expected a non-negative integer, " + got(value));
    }
    return v;
  }

  [[nodiscard]] double number() const {
    const std::string text = scalar("a number");
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) {
      fail("expected a number, " + got(value));
    }
    return v;
  }

  [[nodiscard]] TimeNs duration() const {
    const std::string text = scalar("a duration such as '10ms'");
    try {
      return parse_duration(text);
    } catch (const std::invalid_argument& e) {
      fail(e.what());
    }
  }

  [[nodiscard]] TimeNs positive_duration() const {
    const TimeNs ns = duration();
    if (ns == 0) {
      fail("must be greater than 0");
    }
    return ns;
  }

  template <class E, std::size_t N>
  [[nodiscard]] E choice(const std::array<Choice<E>, N>& choices) const {
    const std::string text = scalar("a name");
    for (const Choice<E>& c : choices) {
      if (c.name == text) {
        return c.value;
      }
    }
    std::array<std::string_view, N> names;
    std::transform(choices.begin(), choices.end(), names.begin(),
                   [](const Choice<E>& c) { return c.name; });
    fail("expected one of " + join(names) + ", " + got(value) + did_you_mean(text, names));
  }
};

// A YAML mapping whose keys are known to be unique and (unless `keys` is empty) valid.
// A key with no value (`load:`) counts as an empty section, so commenting out every
// entry of a section is not an error.
class Map {
 public:
  Map(const Field& self, Keys keys) : self_(self) {
    if (self.value.IsNull()) {
      return;
    }
    if (!self.value.IsMap()) {
      self.fail("expected a mapping, " + got(self.value));
    }
    for (const auto& kv : self.value) {
      fields_.push_back(entry(kv.first, kv.second, keys));
    }
  }

  [[nodiscard]] const Field& self() const { return self_; }
  [[nodiscard]] const std::vector<Field>& fields() const { return fields_; }

  [[nodiscard]] std::optional<Field> get(std::string_view key) const {
    const auto it = std::find_if(fields_.begin(), fields_.end(),
                                 [key](const Field& f) { return f.key.Scalar() == key; });
    return it == fields_.end() ? std::nullopt : std::optional<Field>(*it);
  }

  // A missing key is reported at the mapping that should have held it.
  [[nodiscard]] Field require(std::string_view key, const std::string& reason = "") const {
    if (auto f = get(key)) {
      return *f;
    }
    self_.src->fail(self_.value_mark(), child_path(key),
                    reason.empty() ? "required key " + in_quotes(key) + " is missing" : reason);
  }

 private:
  [[nodiscard]] std::string child_path(std::string_view key) const {
    return self_.path.empty() ? std::string(key) : self_.path + "." + std::string(key);
  }

  [[nodiscard]] Field entry(const YAML::Node& key, const YAML::Node& value, Keys keys) const {
    if (!key.IsScalar() || key.Scalar().empty()) {
      self_.src->fail(key.Mark(), self_.path, "keys must be non-empty names, " + got(key));
    }
    const std::string& name = key.Scalar();
    Field f{self_.src, key, value, child_path(name)};
    if (!keys.empty() && !contains(keys, name)) {
      f.fail_at_key("unknown key " + in_quotes(name) + did_you_mean(name, keys) +
                    "; valid keys: " + join(keys));
    }
    if (auto earlier = get(name)) {
      f.fail_at_key("duplicate key " + in_quotes(name) + " (first given at line " +
                    std::to_string(earlier->location().line) + ")");
    }
    return f;
  }

  Field self_;
  std::vector<Field> fields_;
};

std::vector<Field> list_items(const Field& list) {
  std::vector<Field> items;
  if (list.value.IsNull()) {
    return items;
  }
  if (!list.value.IsSequence()) {
    list.fail("expected a list, " + got(list.value));
  }
  for (const YAML::Node& item : list.value) {
    items.push_back({list.src, item, item, list.path + "[" + std::to_string(items.size()) + "]"});
  }
  return items;
}

void read_int(const Map& m, std::string_view key, int& out, int lo, int hi) {
  if (auto f = m.get(key)) {
    out = f->integer(lo, hi);
  }
}

void read_time(const Map& m, std::string_view key, TimeNs& out) {
  if (auto f = m.get(key)) {
    out = f->duration();
  }
}

template <class E, std::size_t N>
void read_choice(const Map& m, std::string_view key, E& out,
                 const std::array<Choice<E>, N>& choices) {
  if (auto f = m.get(key)) {
    out = f->choice(choices);
  }
}

std::string read_name(const Field& f) {
  const std::string name = f.string();
  const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
  });
  if (!valid) {
    f.fail("names may use only letters, digits, '_', '.' and '-', " + got(f.value));
  }
  return name;
}

std::vector<int> read_affinity(const Field& f, int cpus) {
  const std::vector<Field> items = list_items(f);
  if (items.empty()) {
    f.fail("must list at least one CPU (omit affinity to allow all CPUs)");
  }
  std::vector<int> out;
  for (const Field& item : items) {
    const long long cpu = item.integer();
    if (cpu < 0 || cpu >= cpus) {
      item.fail("CPU " + std::to_string(cpu) + " does not exist: host.cpus is " +
                std::to_string(cpus) + ", so CPUs are " + range(0, cpus - 1));
    }
    if (std::find(out.begin(), out.end(), cpu) != out.end()) {
      item.fail("CPU " + std::to_string(cpu) + " is listed twice");
    }
    out.push_back(static_cast<int>(cpu));
  }
  return out;
}

void read_scheduler(const Map& m, SchedulerSpec& s) {
  read_choice(m, "class", s.scheduler_class, kSchedulerClasses);
  read_time(m, "sched_latency", s.sched_latency_ns);
  read_time(m, "min_granularity", s.min_granularity_ns);
  read_time(m, "wakeup_granularity", s.wakeup_granularity_ns);
  read_time(m, "context_switch", s.context_switch_ns);
  if (auto f = m.get("base_slice")) s.base_slice_ns = f->positive_duration();
}

std::vector<TimeNs> read_quantiles(const Field& list) {
  std::vector<TimeNs> out;
  for (const Field& item : list_items(list)) {
    const TimeNs q = item.duration();
    if (!out.empty() && q < out.back()) {
      item.fail("quantiles must be non-decreasing: " + item.value.Scalar() + " follows " + format_duration(out.back()));
    }
    out.push_back(q);
  }
  if (out.size() < 2) {
    list.fail("needs at least 2 quantiles (at probabilities 0 and 1), got " + std::to_string(out.size()) +
              "; write a constant latency as one duration");
  }
  return out;
}

// One duration (a constant) or {quantiles: [...]}: an empirical distribution.
WakeupLatencySpec read_wakeup_latency(const Field& f) {
  if (f.value.IsScalar()) {
    return {{f.duration()}};
  }
  if (!f.value.IsMap()) {
    f.fail("expected a duration (a constant) or {quantiles: [...]}, " + got(f.value));
  }
  return {read_quantiles(Map(f, kWakeupLatencyKeys).require("quantiles"))};
}

// One ppm figure within +-50,000 (a constant) or {quantiles: [...]} of them, in ppb.
std::vector<std::int64_t> read_period_error(const Field& f) {
  const auto ppb = [](const Field& item) {
    const double ppm = item.number();
    if (std::abs(ppm) > 50'000) item.fail("must be within -50000..50000 ppm (5 %), got " + item.value.Scalar());
    return static_cast<std::int64_t>(std::llround(ppm * 1000));
  };
  if (f.value.IsScalar()) return {ppb(f)};
  if (!f.value.IsMap()) f.fail("expected a number of ppm (a constant) or {quantiles: [...]}, " + got(f.value));
  const Field list = Map(f, kWakeupLatencyKeys).require("quantiles");
  std::vector<std::int64_t> out;
  for (const Field& item : list_items(list)) {
    out.push_back(ppb(item));
    if (out.size() > 1 && out.back() < out[out.size() - 2]) item.fail("quantiles must be non-decreasing");
  }
  if (out.size() < 2) list.fail("needs at least 2 quantiles (at probabilities 0 and 1); write a constant as one number");
  return out;
}

// A cost's spread, {quantiles: [...]} of cost / mean: ratios in [0, 1000], non-decreasing,
// whose distribution (linear between quantiles, as it is drawn) has mean 1 within 1 %: the
// cost field is the mean, so a spread may not move it. In ppm.
std::vector<std::int64_t> read_cost_spread(const Field& f) {
  if (!f.value.IsMap()) f.fail("expected {quantiles: [...]} of cost / mean ratios, " + got(f.value));
  const Field list = Map(f, kWakeupLatencyKeys).require("quantiles");
  std::vector<std::int64_t> out;
  for (const Field& item : list_items(list)) {
    const double ratio = item.number();
    if (!(ratio >= 0 && ratio <= 1000)) item.fail("a ratio to the mean cost must be within 0..1000, got " + item.value.Scalar());
    out.push_back(std::llround(ratio * 1e6));
    if (out.size() > 1 && out.back() < out[out.size() - 2]) item.fail("quantiles must be non-decreasing");
  }
  if (out.size() < 2) list.fail("needs at least 2 quantiles (at probabilities 0 and 1)");
  // Each interval between neighbours holds 1/(N-1) of the probability, uniformly.
  double sum = 0;
  for (std::size_t i = 1; i < out.size(); ++i) sum += static_cast<double>(out[i - 1] + out[i]) / 2e6;
  const double mean = sum / static_cast<double>(out.size() - 1);
  if (std::abs(mean - 1) > 0.01) {
    list.fail("the ratios' distribution must have mean 1 (within 1 %), got " + std::to_string(mean) +
              ": the cost itself is the mean; change the cost, not its spread");
  }
  return out;
}

// host.noise, host.stalls and host.background, {rate_per_s: X, length_quantiles: [...]}: both
// required, lengths of at least 1 ns. `what` names the events in messages ("gaps", "stalls").
HostNoiseSpec read_gaps(const Field& f, std::string_view key, std::string_view what) {
  const Map m(f, kNoiseKeys);
  HostNoiseSpec gaps;
  const std::string field = "host." + std::string(key);
  const Field rate = m.require("rate_per_s", field + " needs rate_per_s (" + std::string(what) + " per second of a CPU)");
  gaps.rate_per_s = rate.number();
  if (!(gaps.rate_per_s > 0 && gaps.rate_per_s <= kMaxNoiseRatePerS)) {
    rate.fail("must be above 0 and at most 1000000 (" + std::string(what) + " per second), got " + rate.value.Scalar());
  }
  const Field lengths = m.require("length_quantiles", field + " needs length_quantiles (their lengths)");
  gaps.length_quantiles = read_quantiles(lengths);
  if (gaps.length_quantiles.front() < 1) {
    list_items(lengths).front().fail("a gap lasts at least 1ns");
  }
  return gaps;
}

void read_host(const Map& m, HostSpec& h) {
  read_int(m, "cpus", h.cpus, 1, 64);
  if (auto f = m.get("scheduler")) {
    read_scheduler(Map(*f, kSchedulerKeys), h.scheduler);
  }
  read_int(m, "hz", h.hz, 100, 1000);
  read_time(m, "hrtimer_slack", h.hrtimer_slack_ns);
  if (auto f = m.get("tsc_ppm")) {
    constexpr double kMaxPpm = 1000;
    h.tsc_ppm = f->number();
    if (std::abs(h.tsc_ppm) > kMaxPpm) {
      f->fail("must be in -1000..1000 (ppm), got " + f->value.Scalar());
    }
  }
  if (auto f = m.get("wakeup_latency")) {
    h.wakeup_latency = read_wakeup_latency(*f);
  }
  if (auto f = m.get("noise")) {
    h.noise = read_gaps(*f, "noise", "gaps");
  }
  if (auto f = m.get("stalls")) {
    h.stalls = read_gaps(*f, "stalls", "stalls");
  }
  if (auto f = m.get("background")) {
    h.background = read_gaps(*f, "background", "runs");
  }
}

// Every task name a load entry creates, and who owns it, so that clashes across the file
// (including count-expanded names and the VMM's own threads) are caught.
class TaskNames {
 public:
  TaskNames() {
    for (std::string_view n : kVmmThreadNames) {
      owners_.emplace(n, "the VMM's own thread");
    }
  }

  void claim(const Field& name_field, const LoadTaskSpec& task, const std::string& owner) {
    for (const std::string& name : names_of(task)) {
      if (auto it = owners_.find(name); it != owners_.end()) {
        name_field.fail(expansion(task) + "task name " + in_quotes(name) + " is already used by " +
                        it->second);
      }
      owners_.emplace(name, owner);
    }
  }

 private:
  // The written name counts even when count > 1, so two entries never share one.
  static std::vector<std::string> names_of(const LoadTaskSpec& task) {
    std::vector<std::string> names{task.name};
    for (int i = 0; task.count > 1 && i < task.count; ++i) {
      names.push_back(task.name + "." + std::to_string(i));
    }
    return names;
  }

  static std::string expansion(const LoadTaskSpec& task) {
    if (task.count == 1) {
      return "";
    }
    return "count " + std::to_string(task.count) + " names the tasks " + task.name + ".0.." +
           task.name + "." + std::to_string(task.count - 1) + "; ";
  }

  std::map<std::string, std::string, std::less<>> owners_;
};

Keys kind_keys(LoadKind kind) {
  switch (kind) {
    case LoadKind::CpuHog:
      return kCpuHogKeys;
    case LoadKind::Duty:
      return kDutyKeys;
    case LoadKind::Bursty:
      return kBurstyKeys;
    case LoadKind::Sleeper:
      return kSleeperKeys;
  }
  return {};
}

void reject_other_kinds_fields(const Map& m, LoadKind kind) {
  const std::string kind_name(name_of(kLoadKinds, kind));
  const Keys own = kind_keys(kind);
  for (const Field& f : m.fields()) {
    const std::string& key = f.key.Scalar();
    if (contains(kTimingKeys, key) && !contains(own, key)) {
      f.fail_at_key(in_quotes(key) + " does not apply to kind " + in_quotes(kind_name) + " (" +
                    (own.empty() ? kind_name + " takes none of " + join(kTimingKeys)
                                 : kind_name + " takes " + join(own)) +
                    ")");
    }
  }
}

void read_duty(const Map& m, LoadTaskSpec& t) {
  const Field run = m.require("run", "kind 'duty' needs 'run' (CPU time per period)");
  const Field period = m.require("period", "kind 'duty' needs 'period'");
  t.run_ns = run.positive_duration();
  t.period_ns = period.positive_duration();
  if (t.run_ns > t.period_ns) {
    run.fail("run (" + run.value.Scalar() + ") must not exceed period (" + period.value.Scalar() +
             ")");
  }
  if (auto phase = m.get("phase")) {
    t.phase_ns = phase->duration();
    if (t.phase_ns >= t.period_ns) {
      phase->fail("must be less than period (" + period.value.Scalar() + ")");
    }
  }
}

void read_timing(const Map& m, LoadTaskSpec& t) {
  switch (t.kind) {
    case LoadKind::CpuHog:
      return;
    case LoadKind::Duty:
      return read_duty(m, t);
    case LoadKind::Bursty:
      t.mean_on_ns = m.require("mean_on", "kind 'bursty' needs 'mean_on'").positive_duration();
      t.mean_off_ns = m.require("mean_off", "kind 'bursty' needs 'mean_off'").positive_duration();
      return;
    case LoadKind::Sleeper:
      t.run_ns = m.require("run", "kind 'sleeper' needs 'run'").positive_duration();
      t.mean_sleep_ns =
          m.require("mean_sleep", "kind 'sleeper' needs 'mean_sleep'").positive_duration();
      return;
  }
}

void read_policy(const Map& m, LoadTaskSpec& t) {
  read_choice(m, "policy", t.policy, kSchedPolicies);
  const std::optional<Field> priority = m.get("rt_priority");
  if (t.policy == SchedPolicy::Fifo) {
    t.rt_priority =
        m.require("rt_priority", "policy 'fifo' needs rt_priority (1..99)").integer(1, 99);
  } else if (priority) {
    priority->fail_at_key("applies only to policy 'fifo'; this task's policy is 'normal'");
  }
}

void read_lifetime(const Map& m, LoadTaskSpec& t) {
  read_time(m, "start", t.start_ns);
  if (auto stop = m.get("stop")) {
    t.stop_ns = stop->duration();
    if (t.stop_ns <= t.start_ns) {
      stop->fail("must be later than start (" + format_duration(t.start_ns) + ")");
    }
  }
}

LoadTaskSpec read_task(const Map& m, int cpus, TaskNames& names) {
  LoadTaskSpec t;
  t.where = m.self().location();
  const Field name = m.require("name");
  t.name = read_name(name);
  t.kind = m.require("kind").choice(kLoadKinds);
  reject_other_kinds_fields(m, t.kind);
  read_int(m, "count", t.count, 1, 1024);
  read_int(m, "nice", t.nice, -20, 19);
  read_policy(m, t);
  if (auto f = m.get("affinity")) {
    t.affinity = read_affinity(*f, cpus);
  }
  read_lifetime(m, t);
  read_timing(m, t);
  names.claim(name, t, m.self().path);
  return t;
}

std::string policies_of(TimerDevice device) {
  std::vector<std::string_view> names;
  for (const auto& p : kLostTickPolicies) {
    if (device_supports(device, p.value)) {
      names.push_back(p.name);
    }
  }
  return join(names);
}

void read_lost_tick_policy(const Map& m, VmmSpec& v) {
  const std::optional<Field> f = m.get("lost_tick_policy");
  if (!f) {
    return;
  }
  v.lost_tick_policy = f->choice(kLostTickPolicies);
  if (!device_supports(v.timer_device, v.lost_tick_policy)) {
    const std::string_view device = name_of(kDevices, v.timer_device);
    f->fail("timer_device " + in_quotes(device) + " does not support " +
            in_quotes(name_of(kLostTickPolicies, v.lost_tick_policy)) + "; " + std::string(device) +
            " supports " + policies_of(v.timer_device) + " (see docs/scenarios.md)");
  }
}

void reject_unused(const Field& f, const std::string& used_by, LostTickPolicyKind policy) {
  f.fail_at_key("only used by lost_tick_policy " + used_by + "; this VMM's policy is " +
                in_quotes(name_of(kLostTickPolicies, policy)));
}

void read_catchup(const Map& m, VmmSpec& v) {
  const LostTickPolicyKind p = v.lost_tick_policy;
  const bool gives_up = p == LostTickPolicyKind::CatchupGiveup;
  if (auto f = m.get("catchup_max_factor")) {
    if (p != LostTickPolicyKind::Catchup && !gives_up) {
      reject_unused(*f, "catchup or catchup_giveup", p);
    }
    v.catchup_max_factor = f->integer(2, 64);
  }
  if (auto f = m.get("giveup_threshold")) {
    if (!gives_up) {
      reject_unused(*f, "catchup_giveup", p);
    }
    v.giveup_threshold_ns = f->positive_duration();
  }
}

// A share of one CPU spent at rest: below 1, or the thread would never sleep.
double read_rest_cpu(const Field& f) {
  const double share = f.number();
  if (share < 0 || share >= 1) f.fail("a share of one CPU must be in [0, 1), got " + f.value.Scalar());
  return share;
}

// The VMM thread costs an engine has: every vmm section and a profile's engines.<engine>.
void read_engine_costs(const Map& m, VmmSpec& v) {
  read_time(m, "vm_exit", v.vm_exit_ns);
  read_time(m, "inject", v.inject_ns);
  read_time(m, "device_cost", v.device_cost_ns);
  if (auto f = m.get("vcpu_tick_cost")) v.vcpu_tick_cost_ns = f->duration();
  if (auto f = m.get("vcpu_callback_cost")) v.vcpu_callback_cost_ns = f->duration();
  if (auto f = m.get("vcpu_tick_cost_spread")) v.vcpu_tick_cost_spread_ppm = read_cost_spread(*f);
  if (auto f = m.get("vcpu_callback_cost_spread")) v.vcpu_callback_cost_spread_ppm = read_cost_spread(*f);
  if (auto f = m.get("vcpu_sample_cost")) v.vcpu_sample_cost_ns = f->duration();
  if (auto f = m.get("vcpu_sample_cost_spread")) v.vcpu_sample_cost_spread_ppm = read_cost_spread(*f);
  if (auto f = m.get("timer_period_error_ppm")) v.timer_period_error_ppb = read_period_error(*f);
  if (auto f = m.get("vcpu_rest_cpu")) v.vcpu_rest_cpu = read_rest_cpu(*f);
  if (auto f = m.get("timer_rest_cpu")) v.timer_rest_cpu = read_rest_cpu(*f);
  if (auto f = m.get("timer_kick_share")) {
    v.timer_kick_share = f->number();
    if (!(v.timer_kick_share > 0 && v.timer_kick_share <= 1)) f->fail("a share of device_cost must be in (0, 1], got " + f->value.Scalar());
  }
  if (auto f = m.get("timer_tail_share")) {
    v.timer_tail_share = f->number();
    if (!(v.timer_tail_share >= 0 && v.timer_tail_share < 1)) f->fail("a share of device_cost must be in [0, 1), got " + f->value.Scalar());
  }
  for (std::string_view key : {"timer_kick_share"sv, "timer_tail_share"sv}) {
    const auto f = m.get(key);
    if (f && v.timer_kick_share + v.timer_tail_share > 1 + 1e-9) {
      f->fail("timer_kick_share + timer_tail_share must be at most 1 (shares of one device_cost), got " +
              format_number(v.timer_kick_share) + " + " + format_number(v.timer_tail_share));
    }
  }
  if (auto f = m.get("vcpu_lock_attempt")) {
    if (!is_tcg(v.engine)) {
      f->fail_at_key("vcpu_lock_attempt is QEMU's global lock under TCG; engine " + in_quotes(name_of(v.engine)) + " has none");
    }
    v.vcpu_lock_attempt_ns = f->duration();
  }
}

// Under TCG nothing exits to a VMM: vm_exit and inject would be silently ignored.
void read_engine(const Map& m, VmmSpec& v) {
  const auto f = m.get("engine");
  if (!f) return;
  v.engine = f->choice(kVmmEngines);
  if (!is_tcg(v.engine)) return;
  for (std::string_view key : {"vm_exit"sv, "inject"sv}) {
    if (auto cost = m.get(key)) {
      cost->fail_at_key(in_quotes(key) + " does not apply to engine " + in_quotes(name_of(v.engine)) +
                        ": TCG has no VM exits; the vCPU thread's CPU per tick is vcpu_tick_cost");
    }
  }
}

void read_vmm(const Map& m, int cpus, VmmSpec& v) {
  read_engine(m, v);
  read_int(m, "nice", v.nice, -20, 19);
  if (m.get("timer_nice")) {
    int timer_nice = 0;
    read_int(m, "timer_nice", timer_nice, -20, 19);
    v.timer_nice = timer_nice;
  }
  if (auto f = m.get("affinity")) {
    v.affinity = read_affinity(*f, cpus);
  }
  read_choice(m, "timer_device", v.timer_device, kDevices);
  read_lost_tick_policy(m, v);
  read_catchup(m, v);
  read_engine_costs(m, v);
  if (auto f = m.get("timer_slack")) {
    v.timer_slack_ns = f->duration();
  }
  if (auto f = m.get("pvclock_update_interval")) {
    v.pvclock_update_interval_ns = f->positive_duration();
  }
  read_choice(m, "outsourcing_module", v.outsourcing_module, kOutsourcingModules);
  if (auto f = m.get("outsourcing_slack")) {
    v.outsourcing_slack_ns = f->duration();
  }
}

void read_outages(const Field& list, NtpSpec& n) {
  for (const Field& item : list_items(list)) {
    const Map m(item, kOutageKeys);
    const TimeNs from = m.require("from").duration();
    const Field to_field = m.require("to");
    const TimeNs to = to_field.duration();
    if (to <= from) to_field.fail("an outage must end after it starts (from " + format_duration(from) + ")");
    n.outages.emplace_back(from, to);
  }
}

NtpSpec read_ntp(const Map& m) {
  NtpSpec n;
  if (auto f = m.get("poll_interval")) n.poll_interval_ns = f->positive_duration();
  read_time(m, "network_delay", n.network_delay_ns);
  read_time(m, "jitter", n.jitter_ns);
  if (auto f = m.get("max_slew_ppm")) {
    n.max_slew_ppm = f->number();
    if (n.max_slew_ppm <= 0 || n.max_slew_ppm > 100000) f->fail("must be in (0, 100000] ppm");
  }
  if (auto f = m.get("step_threshold")) n.step_threshold_ns = f->positive_duration();
  if (auto f = m.get("outages")) read_outages(*f, n);
  return n;
}

int read_hz(const Field& f) {
  const long long hz = f.integer();
  if (std::find(kGuestHz.begin(), kGuestHz.end(), hz) == kGuestHz.end()) {
    f.fail("must be one of " + join(kGuestHz, [](int v) { return std::to_string(v); }) + ", got " +
           f.value.Scalar());
  }
  return static_cast<int>(hz);
}

void read_clocksource(const Map& m, GuestSpec& g) {
  read_choice(m, "clocksource", g.clocksource, kClocksources);
  // Kept whatever the clocksource: `vtick compare` may switch this scenario to tsc.
  if (auto f = m.get("tsc_calibration_ppm")) {
    g.tsc_calibration_ppm = f->number();
    if (std::abs(g.tsc_calibration_ppm) > 1000) f->fail("must be within -1000..1000 ppm");
  }
}

void check_tick_budget(const Map& m, const GuestSpec& g) {
  const TimeNs period = kNsPerSec / g.hz;
  const TimeNs work = g.tick_cost_ns + g.timer_callback_cost_ns;
  if (work < period) {
    return;
  }
  const std::string reason = "tick_cost + timer_callback_cost = " + format_duration(work) +
                             " is not less than the tick period (" + format_duration(period) +
                             " at hz " + std::to_string(g.hz) +
                             "): the guest could not finish one tick's work within a tick period";
  // Blame a cost the user wrote; with both costs at their defaults only hz can be to blame.
  for (std::string_view key : {"tick_cost"sv, "timer_callback_cost"sv, "hz"sv}) {
    if (auto f = m.get(key)) {
      f->fail(reason);
    }
  }
}

Keys workload_keys(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::PeriodicTimer: return kPeriodicKeys;
    case WorkloadKind::Busy: return kBusyKeys;
    case WorkloadKind::Media: return kMediaKeys;
    case WorkloadKind::TcpRto: return kTcpKeys;
    case WorkloadKind::Cron: return kCronKeys;
  }
  return {};
}

void reject_other_workload_fields(const Map& m, WorkloadKind kind) {
  const std::string kind_name(name_of(kWorkloadKinds, kind));
  const Keys own = workload_keys(kind);
  for (const Field& f : m.fields()) {
    const std::string& key = f.key.Scalar();
    if (key == "name" || key == "kind" || contains(own, key)) continue;
    f.fail_at_key(in_quotes(key) + " does not apply to kind " + in_quotes(kind_name) + " (" +
                  (own.empty() ? kind_name + " takes no timing fields" : kind_name + " takes " + join(own)) + ")");
  }
}

void read_tcp(const Map& m, WorkloadSpec& w) {
  if (auto f = m.get("interval")) w.interval_ns = f->positive_duration();
  if (auto f = m.get("rtt")) w.rtt_ns = f->positive_duration();
  if (auto f = m.get("rto")) w.rto_ns = f->positive_duration();
  if (auto f = m.get("loss")) {
    w.loss = f->number();
    if (w.loss < 0 || w.loss > 1) f->fail("a probability must be within 0..1");
  }
  if (w.interval_ns <= w.rto_ns + w.rtt_ns) {
    m.self().fail("interval (" + format_duration(w.interval_ns) + ") must exceed rto + rtt (" +
                  format_duration(w.rto_ns + w.rtt_ns) + "): the model keeps one segment outstanding at a time");
  }
}

WorkloadSpec read_workload(const Map& m) {
  WorkloadSpec w;
  w.where = m.self().location();
  w.name = read_name(m.require("name"));
  read_choice(m, "kind", w.kind, kWorkloadKinds);
  reject_other_workload_fields(m, w.kind);
  if (auto f = m.get("period")) w.period_ns = f->positive_duration();
  read_time(m, "start", w.start_ns);
  if (auto f = m.get("fps")) w.fps = static_cast<int>(f->integer());
  if (w.fps < 1 || w.fps > 1000) m.get("fps")->fail("must be within 1..1000 frames per second");
  if (w.kind == WorkloadKind::TcpRto) read_tcp(m, w);
  if (auto f = m.get("at")) w.at_ns = f->positive_duration();
  if (auto f = m.get("check_interval")) w.check_interval_ns = f->positive_duration();
  return w;
}

void read_workloads(const Field& list, std::vector<WorkloadSpec>& out) {
  for (const Field& item : list_items(list)) {
    const Map m(item, kWorkloadKeys);
    WorkloadSpec w = read_workload(m);
    const auto same = [&w](const WorkloadSpec& o) { return o.name == w.name; };
    if (auto it = std::find_if(out.begin(), out.end(), same); it != out.end()) {
      m.get("name")->fail("workload name " + in_quotes(w.name) + " is already used by " +
                          list.path + "[" + std::to_string(it - out.begin()) + "]");
    }
    out.push_back(std::move(w));
  }
}

void read_guest(const Map& m, GuestSpec& g) {
  if (auto f = m.get("hz")) {
    g.hz = read_hz(*f);
  }
  read_clocksource(m, g);
  read_choice(m, "timers", g.timers, kGuestTimers);
  read_time(m, "tick_cost", g.tick_cost_ns);
  read_time(m, "timer_callback_cost", g.timer_callback_cost_ns);
  check_tick_budget(m, g);
  if (auto f = m.get("workloads")) {
    read_workloads(*f, g.workloads);
  }
}

void read_sample_interval(const Map& m, const Field& duration, RunSpec& r) {
  const std::optional<Field> f = m.get("sample_interval");
  if (f) {
    r.sample_interval_ns = f->positive_duration();
  }
  if (r.sample_interval_ns <= r.duration_ns) {
    return;
  }
  if (f) {
    f->fail("must not exceed run.duration (" + duration.value.Scalar() + ")");
  }
  duration.fail("is shorter than the default sample_interval (" +
                format_duration(r.sample_interval_ns) + "); set run.sample_interval too");
}

void read_run(const Map& m, RunSpec& r) {
  const Field duration = m.require("duration");
  r.duration_ns = duration.positive_duration();
  if (r.duration_ns > kMaxRunDuration) {
    duration.fail("must be at most 30 days (720h), got " + duration.value.Scalar());
  }
  if (auto f = m.get("seed")) {
    r.seed = f->unsigned64();
  }
  read_sample_interval(m, duration, r);
  read_choice(m, "sampling", r.sampling, kSamplings);
  if (auto f = m.get("trace_max_events")) {
    r.trace_max_events = f->unsigned64();
  }
}

Expectation read_expectation(const Field& entry) {
  Expectation e;
  e.field = entry.key.Scalar();
  e.where = entry.location();
  const Map bounds(entry, kBoundKeys);
  if (bounds.fields().empty()) {
    entry.fail("needs at least one of min, max, equals");
  }
  const auto number = [&bounds](std::string_view key) -> std::optional<double> {
    if (auto f = bounds.get(key)) {
      return f->number();
    }
    return std::nullopt;
  };
  e.min = number("min");
  e.max = number("max");
  e.equals = number("equals");
  if (e.min && e.max && *e.min > *e.max) {
    bounds.get("max")->fail("max " + bounds.get("max")->value.Scalar() + " is less than min " +
                            bounds.get("min")->value.Scalar());
  }
  return e;
}

void read_expect(const Field& section, std::vector<Expectation>& out) {
  // Keys are summary.json paths, which this parser cannot know, so any key is accepted.
  const Map m(section, {});
  for (const Field& entry : m.fields()) {
    out.push_back(read_expectation(entry));
  }
}

double non_negative(const Field& f) {
  const double v = f.number();
  if (v < 0) f.fail("must not be negative, got " + f.value.Scalar());
  return v;
}

// abs is a duration ("2ms") for the time metrics and a plain number (ppm, ticks) otherwise.
ToleranceSpec read_tolerance(const Map& m, bool time_metric) {
  ToleranceSpec t;
  if (auto f = m.get("sigmas")) t.sigmas = non_negative(*f);
  if (auto f = m.get("abs")) t.abs = time_metric ? static_cast<double>(f->duration()) : non_negative(*f);
  if (auto f = m.get("rel")) t.rel = non_negative(*f);
  return t;
}

CrosscheckSpec read_crosscheck(const Map& m) {
  CrosscheckSpec c;
  if (auto f = m.get("seeds")) c.seeds = f->integer(kMinCrosscheckSeeds, kMaxCrosscheckSeeds);
  if (auto f = m.get("alpha")) {
    c.alpha = f->number();
    if (*c.alpha <= 0 || *c.alpha > 0.5) f->fail("must be in (0, 0.5], got " + f->value.Scalar());
  }
  if (auto f = m.get("ks_resolution")) c.ks_resolution_ns = f->positive_duration();
  const std::array<std::pair<std::string_view, ToleranceSpec CrosscheckSpec::*>, 7> metrics{{
      {"drift_ppm", &CrosscheckSpec::drift_ppm},
      {"final_offset", &CrosscheckSpec::final_offset},
      {"max_abs_offset", &CrosscheckSpec::max_abs_offset},
      {"ticks_lost", &CrosscheckSpec::ticks_lost},
      {"lateness_p50", &CrosscheckSpec::lateness_p50},
      {"lateness_p99", &CrosscheckSpec::lateness_p99},
      {"lateness_max", &CrosscheckSpec::lateness_max},
  }};
  for (const auto& [key, member] : metrics) {
    const bool time_metric = key != "drift_ppm" && key != "ticks_lost";
    if (auto f = m.get(key)) c.*member = read_tolerance(Map(*f, kToleranceKeys), time_metric);
  }
  return c;
}

// The host comes first whatever the file's order: affinity checks need host.cpus.
void read_sections(const Map& m, Scenario& s) {
  if (auto f = m.get("name")) {
    s.name = read_name(*f);
  }
  if (auto f = m.get("description")) {
    s.description = f->string();
  }
  if (auto f = m.get("host")) {
    read_host(Map(*f, kHostKeys), s.host);
  }
  if (auto f = m.get("load")) {
    TaskNames names;
    for (const Field& item : list_items(*f)) {
      s.load.push_back(read_task(Map(item, kTaskKeys), s.host.cpus, names));
    }
  }
  if (auto f = m.get("vmm")) {
    read_vmm(Map(*f, kVmmKeys), s.host.cpus, s.vmm);
  }
  if (auto f = m.get("guest")) {
    read_guest(Map(*f, kGuestKeys), s.guest);
  }
  if (auto f = m.get("ntp")) {
    s.ntp = read_ntp(Map(*f, kNtpKeys));
  }
  read_run(Map(m.require("run"), kRunKeys), s.run);
  if (auto f = m.get("expect")) {
    read_expect(*f, s.expect);
  }
  if (auto f = m.get("crosscheck")) {
    s.crosscheck = read_crosscheck(Map(*f, kCrosscheckKeys));
  }
}

// `what` names the kind of file in messages; `empty` is the reason an empty one is refused.
YAML::Node load_document(std::string_view yaml_text, const Source& src, std::string_view what, std::string_view empty) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml_text));
  } catch (const YAML::ParserException& e) {
    src.fail(e.mark, "", e.msg);
  }
  if (documents.empty() || documents.front().IsNull()) {
    src.fail_file(std::string(empty));
  }
  if (documents.size() > 1) {
    src.fail(documents[1].Mark(), "", "a " + std::string(what) + " holds one YAML document; a second starts here");
  }
  return documents.front();
}

// The whole file into `text`; 0, or the errno that stopped it.
int read_whole_file(const std::string& path, std::string& text) {
  const auto close = [](std::FILE* f) { std::fclose(f); };
  const std::unique_ptr<std::FILE, decltype(close)> file(std::fopen(path.c_str(), "rb"), close);
  if (!file) {
    return errno;
  }
  std::array<char, 1 << 16> buffer;
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get())) {
    text.append(buffer.data(), n);
  }
  return std::ferror(file.get()) != 0 ? errno : 0;
}

std::string read_file(const std::string& path) {
  std::string text;
  if (const int error = read_whole_file(path, text); error != 0) {
    throw ScenarioError({path, 0, 0}, "", "cannot read scenario file: " + std::string(std::strerror(error)));
  }
  return text;
}

// A profile section, any of whose keys outside `allowed` is refused: a profile must not be
// able to change what is simulated (CPUs, load, policies), only what things cost.
Map profile_section(const Field& f, Keys allowed) {
  Map m(f, {});
  for (const Field& entry : m.fields()) {
    const std::string& key = entry.key.Scalar();
    if (!contains(allowed, key)) {
      const std::string section = f.path.empty() ? "top level" : f.path;
      entry.fail_at_key("a host profile holds measured costs and kernel facts only; " + in_quotes(key) + " is not one (" + section +
                        ": " + join(allowed) + ")" + did_you_mean(key, allowed));
    }
  }
  return m;
}

// engines.<s.vmm.engine>, if the profile has that engine; names that are no engine are refused.
void apply_profile_engine(const Field& engines, VmmSpec& v) {
  const Map m(engines, {});
  std::array<std::string_view, kVmmEngines.size()> names;
  std::transform(kVmmEngines.begin(), kVmmEngines.end(), names.begin(), [](const auto& c) { return c.name; });
  for (const Field& entry : m.fields()) {
    if (!contains(names, entry.key.Scalar())) {
      entry.fail_at_key("unknown engine " + in_quotes(entry.key.Scalar()) + did_you_mean(entry.key.Scalar(), names) +
                        "; engines: " + join(names));
    }
    const Map costs = profile_section(entry, kProfileEngineKeys);
    if (entry.key.Scalar() == name_of(v.engine)) read_engine_costs(costs, v);
  }
}

// The profile's costs, written into `s` before the scenario's own sections are read, so that
// a value the scenario sets explicitly replaces the profile's. s.vmm.engine is already the
// engine modelled, so its engines.<engine> section applies over the vmm section.
void apply_profile(const Map& m, Scenario& s) {
  if (auto f = m.get("calibration"); f && !f->value.IsNull() && !f->value.IsMap()) {
    f->fail("expected a mapping (what was measured, and how; the simulator ignores it), " + got(f->value));
  }
  if (auto f = m.get("scheduler")) read_scheduler(profile_section(*f, kProfileSchedulerKeys), s.host.scheduler);
  if (auto f = m.get("host")) read_host(profile_section(*f, kProfileHostKeys), s.host);
  if (auto f = m.get("vmm")) read_vmm(profile_section(*f, kProfileVmmKeys), s.host.cpus, s.vmm);
  if (auto f = m.get("guest")) read_guest(profile_section(*f, kProfileGuestKeys), s.guest);
  if (auto f = m.get("engines")) apply_profile_engine(*f, s.vmm);
}

// `host_profile: PATH`, PATH relative to the scenario file's directory. Errors inside the
// profile name the profile's own file, line and column.
void apply_host_profile(const Field& f, Scenario& s) {
  s.host_profile = f.string();
  const std::string path = (std::filesystem::path(f.src->file()).parent_path() / s.host_profile).string();
  std::string text;
  if (const int error = read_whole_file(path, text); error != 0) {
    f.fail("cannot read host profile " + in_quotes(path) + ": " + std::strerror(error));
  }
  const Source src(path);
  const YAML::Node root = load_document(text, src, "host profile", "the host profile is empty");
  const Field top{&src, root, root, ""};
  if (!root.IsMap()) {
    top.fail("a host profile must be a mapping of sections (" + join(kProfileKeys) + "), " + got(root));
  }
  apply_profile(profile_section(top, kProfileKeys), s);
}

// vmm.engine before anything else is read: the profile's costs depend on it.
VmmEngine engine_named_in(const Map& sections) {
  VmmSpec v;
  if (auto f = sections.get("vmm")) read_engine(Map(*f, kVmmKeys), v);
  return v.engine;
}

}  // namespace

std::vector<std::string> host_profile_fields() {
  std::vector<std::string> fields;
  const auto add = [&fields](std::string_view prefix, Keys keys) {
    for (std::string_view key : keys) fields.push_back(std::string(prefix) + std::string(key));
  };
  add("host.scheduler.", kProfileSchedulerKeys);
  add("host.", kProfileHostKeys);
  add("vmm.", kProfileVmmKeys);
  add("vmm.", kProfileEngineKeys);  // engines.<engine> applies over the scenario's vmm section
  add("guest.", kProfileGuestKeys);
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  return fields;
}

std::vector<std::string> host_profile_keys() {
  std::vector<std::string> keys{"calibration", "engines"};
  const auto add = [&keys](std::string_view section, Keys fields) {
    for (std::string_view field : fields) keys.push_back(std::string(section) + "." + std::string(field));
  };
  add("scheduler", kProfileSchedulerKeys);
  add("host", kProfileHostKeys);
  add("vmm", kProfileVmmKeys);
  add("guest", kProfileGuestKeys);
  return keys;
}

Scenario load_scenario_file(const std::string& path, const ParseOptions& options) {
  return parse_scenario(read_file(path), path, options);
}

Scenario parse_scenario(std::string_view yaml_text, const std::string& file_name, const ParseOptions& options) {
  const Source src(file_name);
  const YAML::Node root = load_document(yaml_text, src, "scenario file",
                                       "the file is empty; a scenario needs at least run.duration");
  const Field top{&src, root, root, ""};
  if (!root.IsMap()) {
    top.fail("the top level must be a mapping of sections (" + join(kTopKeys) + "), " + got(root));
  }
  Scenario s;
  s.file = file_name;
  s.name = std::filesystem::path(file_name).stem().string();
  const Map sections(top, kTopKeys);
  s.vmm.engine = options.engine ? *options.engine : engine_named_in(sections);
  if (auto f = sections.get("host_profile")) {
    apply_host_profile(*f, s);
  }
  read_sections(sections, s);
  if (options.engine) s.vmm.engine = *options.engine;
  return s;
}

}  // namespace vtick::sim
