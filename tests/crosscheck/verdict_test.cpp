#include "crosscheck/verdict.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "crosscheck/autocorrelation.hpp"
#include "crosscheck/metrics.hpp"
#include "crosscheck/tolerance.hpp"
#include "tests/crosscheck/crosscheck_fixture.hpp"

namespace vtick::crosscheck {
namespace {

using testing::random_load_yaml;
using testing::record_trace;
using testing::test_dir;

/// The model (random-load, 2 s) and its prediction over seeds 1..20, shared by the tests.
class CrosscheckVerdict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new sim::Scenario(sim::parse_scenario(random_load_yaml(), "random-load.yaml"));
    prediction_ = new Prediction(predict(*scenario_, 20, {}));
  }
  static void TearDownTestSuite() {
    delete prediction_;
    delete scenario_;
  }

  static Verdict judge_trace(const std::filesystem::path& dir) {
    const auto measured = load_metrics(dir, compared_workloads(*scenario_));
    return judge(measured, prediction_->runs, tolerances_for(*scenario_));
  }

  static std::string diverging(const Verdict& v) {
    std::string names;
    for (const auto& m : v.metrics) {
      if (!m.conforms) names += m.name + " ";
    }
    for (const auto& k : v.ks) {
      if (!k.conforms) names += k.workload + ".ks(p=" + std::to_string(k.ks.p_value) + ") ";
    }
    return names;
  }

  static inline sim::Scenario* scenario_ = nullptr;
  static inline Prediction* prediction_ = nullptr;
};

TEST_F(CrosscheckVerdict, PredictionHasSpreadOverSeeds) {
  ASSERT_EQ(prediction_->runs.size(), 20u);
  const auto v = judge(prediction_->runs[0], prediction_->runs, tolerances_for(*scenario_));
  const auto drift = std::find_if(v.metrics.begin(), v.metrics.end(), [](const auto& m) { return m.name == "drift_ppm"; });
  ASSERT_NE(drift, v.metrics.end());
  EXPECT_GT(drift->sd, 0) << "random-load's seeds should not all drift alike";
  EXPECT_LE(drift->min, drift->mean);
  EXPECT_GE(drift->max, drift->mean);
}

// The same model, seeds the prediction never ran: every metric and the KS test conform.
TEST_F(CrosscheckVerdict, SimulatorTracesOfOtherSeedsConform) {
  for (std::uint64_t seed : {1001u, 1002u, 1003u}) {
    const auto dir = test_dir("sim-seed-" + std::to_string(seed));
    record_trace(random_load_yaml(), seed, dir);
    const auto v = judge_trace(dir);
    EXPECT_TRUE(v.conforms()) << "seed " << seed << " diverges in: " << diverging(v);
    ASSERT_EQ(v.ks.size(), 1u);
    const auto own = load_metrics(dir, {"cyclic"}).lateness[0].samples;
    EXPECT_EQ(v.ks[0].measured_step, thinning_step(own)) << "the trace is thinned by its own autocorrelation";
    EXPECT_LT(v.ks[0].ks.n_b, v.ks[0].simulated_samples) << "the simulated series were not thinned";
  }
}

// A trace of a different system (the VMM discards late ticks instead of delaying them) must
// be caught: the check can fail.
TEST_F(CrosscheckVerdict, TraceOfAnotherLostTickPolicyDiverges) {
  const auto dir = test_dir("discard");
  record_trace(random_load_yaml("lost_tick_policy: delay", "lost_tick_policy: discard"), 1001, dir);
  const auto v = judge_trace(dir);
  EXPECT_FALSE(v.conforms());
  const auto lost = std::find_if(v.metrics.begin(), v.metrics.end(), [](const auto& m) { return m.name == "ticks_lost"; });
  ASSERT_NE(lost, v.metrics.end());
  EXPECT_FALSE(lost->conforms) << "measured " << lost->measured << ", predicted " << lost->mean;
}

// Half the host load: the guest's timers are less late than the model predicts.
TEST_F(CrosscheckVerdict, TraceOfHalfTheLoadDiverges) {
  const auto dir = test_dir("half-load");
  record_trace(random_load_yaml("kind: bursty, count: 3", "kind: bursty, count: 1"), 1001, dir);
  const auto v = judge_trace(dir);
  EXPECT_FALSE(v.conforms()) << "nothing diverged";
  RecordProperty("diverging", diverging(v));
}

TEST(CrosscheckJudge, NeedsTwoRunsWithTheSameWorkloads) {
  RunMetrics a;
  a.lateness.push_back({"cyclic", {1, 2, 3}});
  RunMetrics b = a;
  b.lateness[0].workload = "other";
  const Tolerances t;
  EXPECT_THROW((void)judge(a, {a}, t), std::invalid_argument);
  EXPECT_THROW((void)judge(a, {b, b}, t), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::crosscheck
