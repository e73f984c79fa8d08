// The pvclock seqcount protocol, host writer against guest reader, under every interleaving
// of their word-sized accesses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocols/pvclock/pvclock_protocol.hpp"

namespace vtick::protocols::pvclock {
namespace {

/// The page before (A) and after (B) one host update: B is taken 1 ms later with a
/// recalibrated mul, so a reader mixing the two gets a value far from both.
PvclockVcpuTimeInfo page_a() {
  PvclockVcpuTimeInfo p;
  p.version = 4;
  p.tsc_timestamp = 1'000'000;
  p.system_time = 500'000;
  p.tsc_to_system_mul = 0x80000000u;  // 2 GHz: 0.5 ns per tick
  p.flags = kTscStableBit;
  return p;
}

PvclockVcpuTimeInfo page_b() {
  PvclockVcpuTimeInfo p = page_a();
  p.tsc_timestamp = 3'000'000;
  p.system_time = 1'500'500;
  p.tsc_to_system_mul = 0x80000000u + 1000;
  return p;
}

constexpr std::uint64_t kReadTsc = 4'000'000;

const char* name(WriterStep s) {
  switch (s) {
    case WriterStep::VersionOdd: return "version(odd)";
    case WriterStep::TscTimestamp: return "tsc_timestamp";
    case WriterStep::SystemTime: return "system_time";
    case WriterStep::Mul: return "mul";
    case WriterStep::ShiftFlags: return "shift+flags";
    case WriterStep::VersionEven: return "version(even)";
    case WriterStep::Done: break;
  }
  return "done";
}

const char* name(ReaderStep s) {
  switch (s) {
    case ReaderStep::VersionBegin: return "version";
    case ReaderStep::TscTimestamp: return "tsc_timestamp";
    case ReaderStep::SystemTime: return "system_time";
    case ReaderStep::Mul: return "mul";
    case ReaderStep::Shift: return "shift";
    case ReaderStep::VersionEnd: return "version again";
    case ReaderStep::Done: break;
  }
  return "done";
}

/// One update A -> B racing one read at kReadTsc: a state of the exploration. 'W' steps the
/// writer's next store, 'R' the reader's next load.
struct Race {
  PvclockVcpuTimeInfo page = page_a();
  PageWriter writer{page};
  PageReader reader;
  std::string schedule;  ///< the steps taken so far
  /// Read attempts that retried with no store inside them. Such a spin (on a page the writer
  /// left odd) ends in the state it began in, so it can be cut from any schedule without
  /// changing the outcome.
  int spins = 0;
  bool stored_in_attempt = false;

  explicit Race(bool check_version) : reader(page, check_version) {
    writer.start(page_b());
    reader.start(kReadTsc);
  }
  Race(const Race& other)
      : page(other.page),
        writer(other.writer, page),
        reader(other.reader, page),
        schedule(other.schedule),
        spins(other.spins),
        stored_in_attempt(other.stored_in_attempt) {}
  Race& operator=(const Race&) = delete;

  /// Takes one step; appends the access to *trace when given, for printing.
  void step(char actor, std::string* trace = nullptr) {
    schedule += actor;
    if (actor == 'W') {
      if (trace != nullptr) *trace += std::string(" W:") + name(writer.next_store());
      writer.step();
      stored_in_attempt = true;
      return;
    }
    if (trace != nullptr) *trace += std::string(" R:") + name(reader.next_load());
    if (reader.next_load() == ReaderStep::VersionBegin) stored_in_attempt = false;
    const std::uint64_t retries = reader.retries();
    reader.step();
    if (reader.retries() > retries && !stored_in_attempt) ++spins;
  }
};

std::string trace_of(bool check_version, const std::string& schedule) {
  std::string trace;
  Race race(check_version);
  for (char actor : schedule) race.step(actor, &trace);
  return trace;
}

struct Outcome {
  std::string schedule;
  std::uint64_t value = 0;
  std::uint64_t retries = 0;
};

/// Every schedule of the race without spins, each cut where the read completes (later
/// stores cannot change its result), in breadth-first order: shortest schedules first.
/// Without spins every retry has one of the writer's six stores inside its attempt, so the
/// set is finite, and it still holds every outcome (see Race::spins).
std::vector<Outcome> all_schedules(bool check_version) {
  std::vector<Outcome> outcomes;
  std::deque<Race> frontier;
  frontier.emplace_back(check_version);
  while (!frontier.empty()) {
    const Race& race = frontier.front();
    if (race.reader.done()) {
      outcomes.push_back({race.schedule, *race.reader.result(), race.reader.retries()});
    } else {
      for (char actor : {'W', 'R'}) {
        if (actor == 'W' && race.writer.done()) continue;
        Race& next = frontier.emplace_back(race);
        next.step(actor);
        if (next.spins > 0) frontier.pop_back();
      }
    }
    frontier.pop_front();
  }
  return outcomes;
}

TEST(PageWriter, StoresInKvmOrderAndBumpsVersionByTwo) {
  PvclockVcpuTimeInfo page = page_a();
  PageWriter writer(page);
  EXPECT_TRUE(writer.done()) << "idle before start";
  EXPECT_FALSE(writer.step());
  writer.start(page_b());
  std::vector<WriterStep> order;
  std::vector<std::uint32_t> versions;  // after each store
  for (bool more = true; more;) {
    order.push_back(writer.next_store());
    more = writer.step();
    versions.push_back(page.version);
  }
  EXPECT_EQ(order, (std::vector<WriterStep>{WriterStep::VersionOdd, WriterStep::TscTimestamp,
                                            WriterStep::SystemTime, WriterStep::Mul,
                                            WriterStep::ShiftFlags, WriterStep::VersionEven}));
  EXPECT_EQ(versions, (std::vector<std::uint32_t>{5, 5, 5, 5, 5, 6})) << "odd while writing";
  PvclockVcpuTimeInfo expected = page_b();
  expected.version = 6;
  EXPECT_EQ(page, expected);
}

TEST(PageWriter, OddJunkVersionStillEndsEven) {
  PvclockVcpuTimeInfo page;
  page.version = 7;  // what a guest may leave in a fresh page
  PageWriter writer(page);
  writer.start(page_b());
  writer.step();
  EXPECT_EQ(page.version, 9u);
  while (writer.step()) {
  }
  EXPECT_EQ(page.version, 10u);
}

TEST(PageWriter, StartDuringAnUpdateIsABug) {
  PvclockVcpuTimeInfo page;
  PageWriter writer(page);
  writer.start(page_b());
  writer.step();
  EXPECT_THROW(writer.start(page_b()), std::logic_error);
}

TEST(PageReader, QuietPageReadsInSixLoads) {
  const PvclockVcpuTimeInfo page = page_a();
  PageReader reader(page);
  EXPECT_FALSE(reader.result().has_value());
  reader.start(kReadTsc);
  int loads = 1;
  while (reader.step()) ++loads;
  EXPECT_EQ(loads, 6);
  EXPECT_EQ(reader.result(), read_cycles(page, kReadTsc));
  EXPECT_EQ(reader.retries(), 0u);
  EXPECT_FALSE(reader.step()) << "done: no more loads";
}

TEST(PageReader, StalledWriterStallsTheReader) {
  // The host stops between its first and last store (descheduled under load): the guest's
  // read spins, retrying, and never returns a value from the half-written page.
  PvclockVcpuTimeInfo page = page_a();
  PageWriter writer(page);
  PageReader reader(page);
  writer.start(page_b());
  writer.step();
  reader.start(kReadTsc);
  for (int i = 0; i < 60; ++i) reader.step();
  EXPECT_FALSE(reader.done());
  EXPECT_EQ(reader.retries(), 10u);
  while (writer.step()) {
  }
  while (reader.step()) {
  }
  EXPECT_EQ(reader.result(), read_cycles(page_b(), kReadTsc));
}

TEST(PvclockProtocol, VersionCheckedReaderNeverTears) {
  const std::uint64_t a = read_cycles(page_a(), kReadTsc);
  const std::uint64_t b = read_cycles(page_b(), kReadTsc);
  ASSERT_NE(a, b);
  const std::vector<Outcome> outcomes = all_schedules(true);
  std::set<std::uint64_t> values;
  std::uint64_t max_retries = 0;
  for (const Outcome& o : outcomes) {
    ASSERT_TRUE(o.value == a || o.value == b)
        << "torn read " << o.value << " under" << trace_of(true, o.schedule);
    values.insert(o.value);
    max_retries = std::max(max_retries, o.retries);
  }
  EXPECT_EQ(values, (std::set<std::uint64_t>{a, b})) << "both the old and the new page are seen";
  EXPECT_GE(max_retries, 1u);
  std::printf("version-checked reader: %zu schedules, values {%llu, %llu} only, up to %llu "
              "retries\n",
              outcomes.size(), static_cast<unsigned long long>(a),
              static_cast<unsigned long long>(b), static_cast<unsigned long long>(max_retries));
}

TEST(PvclockProtocol, VersionlessReaderTears) {
  const std::uint64_t a = read_cycles(page_a(), kReadTsc);
  const std::uint64_t b = read_cycles(page_b(), kReadTsc);
  const std::vector<Outcome> outcomes = all_schedules(false);
  EXPECT_EQ(outcomes.size(), 210u) << "C(10, 4): four loads placed among six stores";
  std::size_t torn = 0;
  const Outcome* shortest = nullptr;
  for (const Outcome& o : outcomes) {
    if (o.value == a || o.value == b) continue;
    ++torn;
    if (shortest == nullptr) shortest = &o;  // breadth-first: the first is the shortest
  }
  ASSERT_NE(shortest, nullptr) << "no torn read found";
  EXPECT_EQ(shortest->schedule, "WWRRRR");
  std::printf("version-less reader: %zu of %zu schedules tear; shortest (%zu steps):%s -> %llu "
              "ns (old page %llu, new page %llu)\n",
              torn, outcomes.size(), shortest->schedule.size(),
              trace_of(false, shortest->schedule).c_str(),
              static_cast<unsigned long long>(shortest->value),
              static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
}

}  // namespace
}  // namespace vtick::protocols::pvclock
