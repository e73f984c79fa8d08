#pragma once
// trace.json: the run as a Chrome Trace Event Format file, loadable in Perfetto and
// chrome://tracing. Output is a pure function of the calls made (no clocks, no pointers,
// no floating point), so the same run yields the same bytes.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace vtick::sim {

/// Integer nanoseconds as microseconds with exactly three decimals: 1234567 -> "1234.567".
/// Trace viewers take µs; printing from integers keeps nanosecond precision exact.
[[nodiscard]] std::string format_us(TimeNs ns);

class TraceWriter {
 public:
  /// Slices, instants and counters beyond max_events are counted as dropped, not stored.
  explicit TraceWriter(std::uint64_t max_events);

  /// Registers (or finds) a track; ids are assigned in registration order from 0.
  /// pid per process name (registration order from 1), tid per thread name within it.
  int track(std::string_view process, std::string_view thread);
  /// A complete event (ph "X"). end < begin is a std::logic_error.
  void slice(int track, std::string_view name, TimeNs begin, TimeNs end,
             std::string_view category = "");
  /// A thread-scoped instant (ph "i"); with args {arg_key: arg_value} when arg_key is set.
  void instant(int track, std::string_view name, TimeNs at, std::string_view arg_key = {},
               std::int64_t arg_value = 0);
  /// A counter sample (ph "C") on the process's counter track named `name`.
  void counter(std::string_view process, std::string_view name, TimeNs at, std::int64_t value);
  /// A string in "otherData", in first-insertion order; setting a key again replaces its value.
  /// "events_recorded" and "events_dropped" are reserved (std::logic_error).
  void set_metadata(std::string_view key, std::string_view value);

  [[nodiscard]] std::uint64_t recorded() const;
  [[nodiscard]] std::uint64_t dropped() const;

  void write(std::ostream& out) const;

 private:
  struct Thread {
    std::string name;
    int track = 0;
  };
  struct Process {
    std::string name;
    std::vector<Thread> threads;
  };
  struct TrackRef {
    int pid = 0;
    int tid = 0;
  };

  int process_id(std::string_view process);
  const TrackRef& track_ref(int track) const;
  /// Counts the event; true if it is to be stored.
  bool admit();
  /// The "M" events naming and ordering processes and threads; never subject to max_events.
  [[nodiscard]] std::vector<std::string> metadata_events() const;

  std::uint64_t max_events_;
  std::uint64_t dropped_ = 0;
  std::vector<Process> processes_;  ///< index = pid - 1
  std::vector<TrackRef> tracks_;    ///< index = track id
  std::vector<std::pair<std::string, std::string>> metadata_;
  /// Events already formatted as JSON objects: formatting once keeps write() trivial.
  std::vector<std::string> events_;
};

}  // namespace vtick::sim
