#include "sim/trace_writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace vtick::sim {
namespace {

std::string written(const TraceWriter& trace) {
  std::ostringstream out;
  trace.write(out);
  return out.str();
}

TEST(FormatUs, PrintsIntegerNanosecondsAsMicrosecondsWithThreeDecimals) {
  EXPECT_EQ(format_us(0), "0.000");
  EXPECT_EQ(format_us(1), "0.001");
  EXPECT_EQ(format_us(999), "0.999");
  EXPECT_EQ(format_us(1000), "1.000");
  EXPECT_EQ(format_us(1001), "1.001");
  EXPECT_EQ(format_us(1234567), "1234.567");
  EXPECT_EQ(format_us(10 * kNsPerSec), "10000000.000");
  EXPECT_EQ(format_us(std::numeric_limits<TimeNs>::max()), "9223372036854775.807");
  EXPECT_EQ(format_us(-1), "-0.001");
  EXPECT_EQ(format_us(-1000), "-1.000");
  EXPECT_EQ(format_us(std::numeric_limits<TimeNs>::min()), "-9223372036854775.808");
}

TraceWriter small_trace() {
  TraceWriter trace(10);
  trace.set_metadata("scenario", "pit_discard");
  const int vcpu = trace.track("vmm", "vcpu");
  const int device = trace.track("vmm", "timer thread");
  const int tick = trace.track("guest", "tick");
  EXPECT_EQ(trace.track("vmm", "vcpu"), vcpu);
  trace.slice(vcpu, "run", 1000, 1234567, "sched");
  trace.instant(tick, "tick", 4 * kNsPerMs, "jiffies", 1);
  trace.counter("guest", "backlog", 4 * kNsPerMs, 3);
  trace.slice(device, "device", 0, 0);
  trace.instant(device, "fire", 999);
  return trace;
}

TEST(TraceWriter, SmallTraceGolden) {
  const TraceWriter trace = small_trace();
  EXPECT_EQ(trace.recorded(), 5u);
  EXPECT_EQ(trace.dropped(), 0u);
  EXPECT_EQ(written(trace),
            R"({"displayTimeUnit":"ns","otherData":{"scenario":"pit_discard","events_recorded":5,"events_dropped":0},"traceEvents":[
{"name":"process_name","ph":"M","pid":1,"args":{"name":"vmm"}},
{"name":"process_sort_index","ph":"M","pid":1,"args":{"sort_index":0}},
{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"vcpu"}},
{"name":"thread_sort_index","ph":"M","pid":1,"tid":1,"args":{"sort_index":0}},
{"name":"thread_name","ph":"M","pid":1,"tid":2,"args":{"name":"timer thread"}},
{"name":"thread_sort_index","ph":"M","pid":1,"tid":2,"args":{"sort_index":1}},
{"name":"process_name","ph":"M","pid":2,"args":{"name":"guest"}},
{"name":"process_sort_index","ph":"M","pid":2,"args":{"sort_index":1}},
{"name":"thread_name","ph":"M","pid":2,"tid":1,"args":{"name":"tick"}},
{"name":"thread_sort_index","ph":"M","pid":2,"tid":1,"args":{"sort_index":2}},
{"name":"run","cat":"sched","ph":"X","ts":1.000,"dur":1233.567,"pid":1,"tid":1},
{"name":"tick","ph":"i","s":"t","ts":4000.000,"pid":2,"tid":1,"args":{"jiffies":1}},
{"name":"backlog","ph":"C","ts":4000.000,"pid":2,"args":{"value":3}},
{"name":"device","ph":"X","ts":0.000,"dur":0.000,"pid":1,"tid":2},
{"name":"fire","ph":"i","s":"t","ts":0.999,"pid":1,"tid":2}
]}
)");
}

TEST(TraceWriter, SameCallsGiveSameBytes) { EXPECT_EQ(written(small_trace()), written(small_trace())); }

TEST(TraceWriter, EmptyTraceIsValidJson) {
  const std::string text = written(TraceWriter(0));
  EXPECT_EQ(text,
            "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"events_recorded\":0,\"events_dropped\":0},"
            "\"traceEvents\":[\n]}\n");
  EXPECT_TRUE(nlohmann::json::accept(text));
}

TEST(TraceWriter, EscapesNamesAndKeepsJsonValid) {
  TraceWriter trace(10);
  const std::string tricky = "a\"b\\c\nd\te\x01\u00e9";
  trace.set_metadata("key\"", tricky);
  const int t = trace.track(tricky, "bad utf8 \xff");
  trace.slice(t, tricky, 0, 1, tricky);
  trace.instant(t, "i", 0, tricky, 5);
  const std::string text = written(trace);
  EXPECT_NE(text.find(R"("a\"b\\c\nd\te\u0001)" "\u00e9\""), std::string::npos) << text;
  EXPECT_NE(text.find("bad utf8 \xef\xbf\xbd"), std::string::npos) << text;  // U+FFFD

  const auto json = nlohmann::json::parse(text);
  EXPECT_EQ(json["otherData"]["key\""], tricky);
  EXPECT_EQ(json["traceEvents"][0]["args"]["name"], tricky);
  EXPECT_EQ(json["traceEvents"].back()["args"][tricky], 5);
}

TEST(TraceWriter, CountsEventsBeyondTheCapAsDropped) {
  TraceWriter trace(2);
  const int t = trace.track("p", "t");
  trace.slice(t, "a", 0, 1);
  trace.instant(t, "b", 2);
  trace.counter("p", "c", 3, 4);
  trace.slice(t, "d", 5, 6);
  const int late = trace.track("late", "thread");  // tracks are not events: still named
  trace.instant(late, "e", 7);
  EXPECT_EQ(trace.recorded(), 2u);
  EXPECT_EQ(trace.dropped(), 3u);

  const auto json = nlohmann::json::parse(written(trace));
  EXPECT_EQ(json["otherData"]["events_recorded"], 2);
  EXPECT_EQ(json["otherData"]["events_dropped"], 3);
  const auto& events = json["traceEvents"];
  ASSERT_EQ(events.size(), 8u + 2u);  // 4 metadata events per process+thread pair
  EXPECT_EQ(events[4]["args"]["name"], "late");
  EXPECT_EQ(events[8]["name"], "a");
  EXPECT_EQ(events[9]["name"], "b");
}

TEST(TraceWriter, MetadataKeepsFirstInsertionOrder) {
  TraceWriter trace(1);
  trace.set_metadata("zeta", "1");
  trace.set_metadata("alpha", "2");
  trace.set_metadata("zeta", "3");
  const std::string text = written(trace);
  EXPECT_EQ(text.substr(0, text.find("\"traceEvents\"")),
            R"({"displayTimeUnit":"ns","otherData":{"zeta":"3","alpha":"2","events_recorded":0,"events_dropped":0},)");
  EXPECT_THROW(trace.set_metadata("events_dropped", "x"), std::logic_error);
  EXPECT_THROW(trace.set_metadata("events_recorded", "x"), std::logic_error);
}

TEST(TraceWriter, CounterRegistersItsProcessWithoutThreads) {
  TraceWriter trace(5);
  trace.counter("host", "load", 0, 7);
  const int t = trace.track("host", "cpu0");
  const auto events = nlohmann::json::parse(written(trace))["traceEvents"];
  EXPECT_EQ(events[0]["args"]["name"], "host");
  EXPECT_EQ(events[2]["args"]["name"], "cpu0");
  EXPECT_EQ(events[3]["args"]["sort_index"], t);
  EXPECT_EQ(events[4]["pid"], 1);
}

TEST(TraceWriter, RejectsBackwardSlicesAndUnknownTracks) {
  TraceWriter trace(5);
  const int t = trace.track("p", "t");
  EXPECT_THROW(trace.slice(t, "x", 10, 9), std::logic_error);
  EXPECT_THROW(trace.slice(t + 1, "x", 0, 1), std::logic_error);
  EXPECT_THROW(trace.instant(-1, "x", 0), std::logic_error);
  EXPECT_EQ(trace.recorded(), 0u);
  EXPECT_EQ(trace.dropped(), 0u);
}

}  // namespace
}  // namespace vtick::sim
