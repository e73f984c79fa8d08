#include "calibration/vcpu_wakeups.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "calibration/quantiles.hpp"

namespace vtick::calibration {
namespace {

/// The text between `key` and `until` in `line`, if both are there in that order.
std::optional<std::string_view> between(std::string_view line, std::string_view key, std::string_view until) {
  const auto at = line.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const auto begin = at + key.size();
  const auto end = line.find(until, begin);
  if (end == std::string_view::npos) return std::nullopt;
  return line.substr(begin, end - begin);
}

/// "12345.678901" (seconds, microseconds) as nanoseconds.
std::optional<std::int64_t> seconds_to_ns(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || text.size() - dot - 1 != 6) return std::nullopt;
  std::int64_t s = 0, us = 0;
  const auto whole = text.substr(0, dot), fraction = text.substr(dot + 1);
  if (std::from_chars(whole.data(), whole.data() + whole.size(), s).ec != std::errc{} ||
      std::from_chars(fraction.data(), fraction.data() + fraction.size(), us).ec != std::errc{}) {
    return std::nullopt;
  }
  return s * 1'000'000'000 + us * 1'000;
}

}  // namespace

std::optional<SchedSwitch> parse_sched_switch(std::string_view line) {
  constexpr std::string_view kEvent = ": sched_switch: ";
  const auto event = line.find(kEvent);
  if (event == std::string_view::npos || (!line.empty() && line.front() == '#')) return std::nullopt;
  const auto stamp_begin = line.rfind(' ', event);
  if (stamp_begin == std::string_view::npos) return std::nullopt;
  const auto ns = seconds_to_ns(line.substr(stamp_begin + 1, event - stamp_begin - 1));
  const std::string_view fields = line.substr(event + kEvent.size());
  const auto prev = between(fields, "prev_comm=", " prev_pid=");
  const auto state = between(fields, " prev_state=", " ==> ");
  const auto next = between(fields, "==> next_comm=", " next_pid=");
  if (!ns || !prev || !state || state->empty() || !next) return std::nullopt;
  return SchedSwitch{*ns, std::string(*prev), state->front(), std::string(*next)};
}

// "           <comm>-<pid>     [000] d..2. 41230.001456: sched_waking: comm=CPU 0/TCG pid=16768 ...":
// the task's name may hold spaces and dashes; its pid follows the last dash before the CPU.
std::optional<SchedWaking> parse_sched_waking(std::string_view line) {
  constexpr std::string_view kEvent = ": sched_waking: ";
  const auto event = line.find(kEvent);
  if (event == std::string_view::npos || (!line.empty() && line.front() == '#')) return std::nullopt;
  const auto stamp_begin = line.rfind(' ', event);
  const auto cpu = line.find(" [");
  if (stamp_begin == std::string_view::npos || cpu == std::string_view::npos || cpu > event) return std::nullopt;
  const auto ns = seconds_to_ns(line.substr(stamp_begin + 1, event - stamp_begin - 1));
  std::string_view task = line.substr(0, cpu);
  task.remove_prefix(std::min(task.find_first_not_of(' '), task.size()));
  while (!task.empty() && task.back() == ' ') task.remove_suffix(1);
  const auto dash = task.rfind('-');
  const auto woken = between(line.substr(event + kEvent.size()), "comm=", " pid=");
  if (!ns || dash == std::string_view::npos || dash == 0 || !woken) return std::nullopt;
  return SchedWaking{*ns, std::string(task.substr(0, dash)), std::string(*woken)};
}

void WakeupTracker::switched_in(std::int64_t ns) {
  if (!current_ && seen_sleep_ && !broken_) current_ = Wakeup{ns, 0, 0};
  on_since_ = ns;
}

std::optional<Wakeup> WakeupTracker::switched_out(std::int64_t ns, char state) {
  if (on_since_ < 0) {
    broken_ = true;
    current_.reset();
  } else if (current_) {
    current_->on_cpu_ns += ns - on_since_;
  }
  on_since_ = -1;
  if (state != 'S' && state != 'D') return std::nullopt;
  if (broken_ && seen_sleep_) ++dropped_;
  std::optional<Wakeup> ended = current_;
  if (ended) ended->end_ns = ns;
  current_.reset();
  broken_ = false;
  seen_sleep_ = true;
  return ended;
}

std::optional<std::int64_t> WakeupTracker::on_cpu_at(std::int64_t ns) const {
  if (!current_ || on_since_ < 0) return std::nullopt;
  return current_->on_cpu_ns + ns - on_since_;
}

TracedWakeups wakeups_of(const std::vector<SchedSwitch>& events, std::string_view comm, std::int64_t from_ns,
                         std::int64_t to_ns) {
  TracedWakeups out;
  WakeupTracker thread;
  for (const SchedSwitch& e : events) {
    if (e.next_comm == comm) {
      thread.switched_in(e.ns);
    } else if (e.prev_comm == comm) {
      const auto ended = thread.switched_out(e.ns, e.prev_state);
      if (ended && ended->start_ns >= from_ns && ended->start_ns <= to_ns) out.wakeups.push_back(*ended);
    }
  }
  out.dropped = thread.dropped();
  return out;
}

WakeupKinds classify(const std::vector<Wakeup>& wakeups, std::vector<std::int64_t> callback_host_ns,
                     std::vector<std::int64_t> sample_host_ns, std::vector<std::int64_t> record_host_ns) {
  for (auto* stamps : {&callback_host_ns, &sample_host_ns, &record_host_ns}) std::sort(stamps->begin(), stamps->end());
  const auto any_in = [](const std::vector<std::int64_t>& sorted, std::int64_t from, std::int64_t to) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), from);
    return it != sorted.end() && *it < to;
  };
  WakeupKinds kinds;
  // The last wake-up has no successor to bound it: left out.
  for (std::size_t i = 0; i + 1 < wakeups.size(); ++i) {
    const std::int64_t from = wakeups[i].start_ns, to = wakeups[i + 1].start_ns;
    if (any_in(callback_host_ns, from, to)) {
      kinds.callback_ns.push_back(wakeups[i].on_cpu_ns);
    } else if (any_in(sample_host_ns, from, to)) {
      kinds.sample_ns.push_back(wakeups[i].on_cpu_ns);
    } else if (!any_in(record_host_ns, from, to)) {
      kinds.tick_ns.push_back(wakeups[i].on_cpu_ns);
    }
  }
  return kinds;
}

std::vector<double> ratio_quantiles(std::vector<std::int64_t> on_cpu_ns, std::size_t count) {
  const std::vector<std::int64_t> q = evenly_spaced_quantiles(std::move(on_cpu_ns), count);
  const std::int64_t mean = interpolated_mean(q);
  if (mean <= 0) throw std::invalid_argument("every wake-up took no time: no spread to take");
  std::vector<double> out;
  out.reserve(q.size());
  // Four decimals: a ratio's rounding moves the mean by under 0.01 %.
  for (std::int64_t v : q) out.push_back(std::round(static_cast<double>(v) / static_cast<double>(mean) * 1e4) / 1e4);
  return out;
}

}  // namespace vtick::calibration
