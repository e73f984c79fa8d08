// models/vmm/cost_spread: a step's cost as its mean times a draw from a ratio distribution.
// Expectations by hand: the inverse CDF is linear between quantiles, so [0, 2] is uniform on
// [0, 2 x mean] (mean 1), and [1, 1] is the mean every time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "models/vmm/cost_spread.hpp"

namespace vtick::testing {
namespace {

using models::vmm::CostSpread;

TEST(CostSpread, NoSpreadCostsTheMean) {
  CostSpread none;
  EXPECT_EQ(none.next(50'000), 50'000);
}

TEST(CostSpread, ADegenerateSpreadCostsTheMeanEveryTime) {
  CostSpread flat({1'000'000, 1'000'000}, 1, "s");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(flat.next(50'000), 50'000);
}

TEST(CostSpread, AUniformSpreadStaysInItsRangeAndKeepsTheMean) {
  CostSpread uniform({0, 2'000'000}, 7, "s");
  constexpr int kDraws = 20'000;
  std::int64_t total = 0, low = INT64_MAX, high = 0;
  for (int i = 0; i < kDraws; ++i) {
    const auto c = uniform.next(1'000'000);
    total += c;
    low = std::min(low, c);
    high = std::max(high, c);
  }
  EXPECT_GE(low, 1);  // a step never costs nothing
  EXPECT_LE(high, 2'000'000);
  // Uniform on [0, 2 ms]: the mean of 20,000 draws is 1 ms within 2 % (sd of the mean 0.4 %).
  EXPECT_NEAR(static_cast<double>(total) / kDraws, 1e6, 2e4);
  // Both halves are hit about equally.
  EXPECT_LT(low, 100'000);
  EXPECT_GT(high, 1'900'000);
}

TEST(CostSpread, StreamsAreKeyedBySeedAndName) {
  const auto draws = [](std::uint64_t seed, const char* name) {
    CostSpread s({0, 2'000'000}, seed, name);
    std::vector<std::int64_t> out;
    for (int i = 0; i < 8; ++i) out.push_back(s.next(1'000'000));
    return out;
  };
  EXPECT_EQ(draws(3, "a"), draws(3, "a"));
  EXPECT_NE(draws(3, "a"), draws(4, "a"));
  EXPECT_NE(draws(3, "a"), draws(3, "b"));
}

TEST(CostSpread, RejectsQuantilesThatAreNotADistribution) {
  EXPECT_THROW(CostSpread({2'000'000, 1'000'000}, 1, "s"), std::invalid_argument);
  EXPECT_THROW(CostSpread({1'000'000}, 1, "s"), std::invalid_argument);
  EXPECT_THROW(CostSpread({-1, 2'000'001}, 1, "s"), std::invalid_argument);
}

}  // namespace
}  // namespace vtick::testing
