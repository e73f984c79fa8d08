// The SystemC engine and the direct event loop dispatch the same events in the same order,
// so a whole run's outputs are byte-identical.
#include <gtest/gtest.h>

#include "tests/runner/run_helpers.hpp"

namespace vtick::testing {
namespace {

TEST(EngineEquivalence, SystemcAndDirectEnginesProduceIdenticalOutputs) {
  sim::Scenario s = shipped("random-load.yaml");
  s.run.duration_ns = 5 * sim::kNsPerSec;
  const auto systemc = run(s, sim::EngineKind::SystemC);
  const auto direct = run(s, sim::EngineKind::Direct);
  EXPECT_EQ(text_of(systemc.series), text_of(direct.series));
  EXPECT_EQ(text_of(systemc.trace), text_of(direct.trace));
  EXPECT_EQ(systemc.summary["sim"]["events"], direct.summary["sim"]["events"]);
  EXPECT_GT(systemc.trace.recorded(), 1000u);
}

TEST(Determinism, SameSeedSameBytesDifferentSeedDifferentSchedule) {
  sim::Scenario s = shipped("random-load.yaml");
  s.run.duration_ns = 3 * sim::kNsPerSec;
  const auto first = run(s);
  const auto again = run(s);
  EXPECT_EQ(text_of(first.series), text_of(again.series));
  EXPECT_EQ(text_of(first.trace), text_of(again.trace));
  s.run.seed += 1;
  const auto other = run(s);
  EXPECT_NE(text_of(first.trace), text_of(other.trace));
}

}  // namespace
}  // namespace vtick::testing
