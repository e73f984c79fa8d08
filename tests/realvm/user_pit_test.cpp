// The user-space PIT's port decoding: what starts channel 0, what is only counted.
#include <gtest/gtest.h>

#include <vector>

#include "realvm/vmm/user_pit.hpp"

namespace vtick::realvm::vmm {
namespace {

TEST(RealVmUserPit, LowThenHighReloadStartsChannel0WithThe8254Period) {
  std::vector<std::int64_t> periods;
  UserPit pit([&](std::int64_t period_ns) { periods.push_back(period_ns); });
  pit.out(0x43, 0x34, 1);  // channel 0, lobyte/hibyte, mode 2
  pit.out(0x40, 11932 & 0xff, 1);
  EXPECT_TRUE(periods.empty()) << "the counter must not start on the low byte";
  pit.out(0x40, 11932 >> 8, 1);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0], 10'000'151);  // 11932 / 1193182 s
}

TEST(RealVmUserPit, ZeroReloadMeans65536) {
  std::vector<std::int64_t> periods;
  UserPit pit([&](std::int64_t period_ns) { periods.push_back(period_ns); });
  pit.out(0x43, 0x36, 1);  // mode 3
  pit.out(0x40, 0, 1);
  pit.out(0x40, 0, 1);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0], UserPit::period_ns_for_reload(65536));
}

TEST(RealVmUserPit, WhatItDoesNotEmulateIsCounted) {
  int starts = 0;
  UserPit pit([&](std::int64_t) { ++starts; });
  pit.out(0x43, 0xb6, 1);  // channel 2 (the speaker)
  pit.out(0x42, 0x12, 1);
  pit.out(0x40, 0x12, 1);  // data with no command
  pit.in(0x40, 1);         // counter read
  pit.out(0x43, 0x34, 2);  // wrong width
  Counters counters;
  pit.report(counters);
  EXPECT_EQ(starts, 0);
  EXPECT_EQ(counters["user_pit.unsupported_commands"], 1u);
  EXPECT_EQ(counters["user_pit.unsupported_accesses"], 4u);
}

}  // namespace
}  // namespace vtick::realvm::vmm
