#include "sim/trace_writer.hpp"

#include <charconv>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace vtick::sim {
namespace {

/// A JSON string literal. nlohmann escapes control characters and replaces invalid UTF-8
/// with U+FFFD, so a stray byte in a name cannot make the file unloadable.
std::string json_string(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace);
}

template <typename Int>
std::string integer(Int value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string pid_tid(int pid, int tid) {
  return R"("pid":)" + integer(pid) + R"(,"tid":)" + integer(tid);
}

}  // namespace

std::string format_us(TimeNs ns) {
  // Magnitude in unsigned arithmetic so that INT64_MIN has one too.
  const std::uint64_t magnitude =
      ns < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  char buffer[32];
  char* end = buffer;
  if (ns < 0) *end++ = '-';
  end = std::to_chars(end, buffer + sizeof buffer, magnitude / 1000).ptr;
  const auto fraction = static_cast<unsigned>(magnitude % 1000);
  *end++ = '.';
  *end++ = static_cast<char>('0' + fraction / 100);
  *end++ = static_cast<char>('0' + fraction / 10 % 10);
  *end++ = static_cast<char>('0' + fraction % 10);
  return std::string(buffer, end);
}

TraceWriter::TraceWriter(std::uint64_t max_events) : max_events_(max_events) {}

int TraceWriter::process_id(std::string_view process) {
  for (std::size_t i = 0; i < processes_.size(); ++i) {
    if (processes_[i].name == process) return static_cast<int>(i) + 1;
  }
  processes_.push_back(Process{std::string(process), {}});
  return static_cast<int>(processes_.size());
}

int TraceWriter::track(std::string_view process, std::string_view thread) {
  const int pid = process_id(process);
  auto& threads = processes_[static_cast<std::size_t>(pid - 1)].threads;
  for (const Thread& existing : threads) {
    if (existing.name == thread) return existing.track;
  }
  const int id = static_cast<int>(tracks_.size());
  threads.push_back(Thread{std::string(thread), id});
  tracks_.push_back(TrackRef{pid, static_cast<int>(threads.size())});
  return id;
}

const TraceWriter::TrackRef& TraceWriter::track_ref(int track) const {
  if (track < 0 || static_cast<std::size_t>(track) >= tracks_.size()) {
    throw std::logic_error("TraceWriter: unknown track id " + integer(track));
  }
  return tracks_[static_cast<std::size_t>(track)];
}

bool TraceWriter::admit() {
  if (events_.size() < max_events_) return true;
  ++dropped_;
  return false;
}

void TraceWriter::slice(int track, std::string_view name, TimeNs begin, TimeNs end,
                        std::string_view category) {
  if (end < begin) {
    throw std::logic_error("TraceWriter: slice " + std::string(name) + " ends at " +
                           integer(end) + " ns, before its begin " + integer(begin) + " ns");
  }
  // Past the cap only the count is kept: long runs call this millions of times.
  if (!admit()) return;
  const TrackRef& ref = track_ref(track);
  std::string event = R"({"name":)" + json_string(name);
  if (!category.empty()) event += R"(,"cat":)" + json_string(category);
  event += R"(,"ph":"X","ts":)" + format_us(begin) + R"(,"dur":)" + format_us(end - begin) +
           "," + pid_tid(ref.pid, ref.tid) + "}";
  events_.push_back(std::move(event));
}

void TraceWriter::instant(int track, std::string_view name, TimeNs at, std::string_view arg_key,
                          std::int64_t arg_value) {
  if (!admit()) return;
  const TrackRef& ref = track_ref(track);
  std::string event = R"({"name":)" + json_string(name) + R"(,"ph":"i","s":"t","ts":)" +
                      format_us(at) + "," + pid_tid(ref.pid, ref.tid);
  if (!arg_key.empty()) event += R"(,"args":{)" + json_string(arg_key) + ":" + integer(arg_value) + "}";
  events_.push_back(event + "}");
}

void TraceWriter::counter(std::string_view process, std::string_view name, TimeNs at,
                          std::int64_t value) {
  const int pid = process_id(process);
  if (!admit()) return;
  events_.push_back(R"({"name":)" + json_string(name) + R"(,"ph":"C","ts":)" + format_us(at) +
                    R"(,"pid":)" + integer(pid) + R"(,"args":{"value":)" + integer(value) + "}}");
}

void TraceWriter::set_metadata(std::string_view key, std::string_view value) {
  if (key == "events_recorded" || key == "events_dropped") {
    throw std::logic_error("TraceWriter: metadata key " + std::string(key) + " is reserved");
  }
  for (auto& [existing, old_value] : metadata_) {
    if (existing == key) {
      old_value = value;
      return;
    }
  }
  metadata_.emplace_back(std::string(key), std::string(value));
}

std::uint64_t TraceWriter::recorded() const { return events_.size(); }

std::uint64_t TraceWriter::dropped() const { return dropped_; }

std::vector<std::string> TraceWriter::metadata_events() const {
  std::vector<std::string> events;
  for (std::size_t p = 0; p < processes_.size(); ++p) {
    const Process& process = processes_[p];
    const std::string pid = R"("pid":)" + integer(p + 1);
    events.push_back(R"({"name":"process_name","ph":"M",)" + pid + R"(,"args":{"name":)" +
                     json_string(process.name) + "}}");
    events.push_back(R"({"name":"process_sort_index","ph":"M",)" + pid +
                     R"(,"args":{"sort_index":)" + integer(p) + "}}");
    for (std::size_t t = 0; t < process.threads.size(); ++t) {
      const Thread& thread = process.threads[t];
      const std::string ids = pid_tid(static_cast<int>(p) + 1, static_cast<int>(t) + 1);
      events.push_back(R"({"name":"thread_name","ph":"M",)" + ids + R"(,"args":{"name":)" +
                       json_string(thread.name) + "}}");
      events.push_back(R"({"name":"thread_sort_index","ph":"M",)" + ids +
                       R"(,"args":{"sort_index":)" + integer(thread.track) + "}}");
    }
  }
  return events;
}

void TraceWriter::write(std::ostream& out) const {
  out << R"({"displayTimeUnit":"ns","otherData":{)";
  for (const auto& [key, value] : metadata_) out << json_string(key) << ":" << json_string(value) << ",";
  out << R"("events_recorded":)" << integer(recorded()) << R"(,"events_dropped":)"
      << integer(dropped_) << R"(},"traceEvents":[)";
  const char* separator = "\n";
  const std::vector<std::string> metadata = metadata_events();
  for (const auto* events : {&metadata, &events_}) {
    for (const std::string& event : *events) {
      out << separator << event;
      separator = ",\n";
    }
  }
  out << "\n]}\n";
}

}  // namespace vtick::sim
