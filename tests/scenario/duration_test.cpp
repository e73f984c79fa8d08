#include "sim/duration.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace vtick::sim {
namespace {

struct Valid {
  std::string_view text;
  TimeNs ns;
};

TEST(ParseDuration, AcceptsEveryUnitAndExactFractions) {
  const Valid cases[] = {
      {"0s", 0},
      {"7ns", 7},
      {"250us", 250 * kNsPerUs},
      {"10ms", 10 * kNsPerMs},
      {"1.5ms", 1'500 * kNsPerUs},
      {"1.50s", 1'500 * kNsPerMs},
      {"0.5us", 500},
      {"1.000000001s", kNsPerSec + 1},
      {"2min", 120 * kNsPerSec},
      {"1h", 3'600 * kNsPerSec},
      {"0.001h", 3'600 * kNsPerMs},
      {"9223372036854775807ns", kNever},
  };
  for (const Valid& c : cases) {
    EXPECT_EQ(parse_duration(c.text), c.ns) << c.text;
  }
}

struct Invalid {
  std::string_view text;
  std::string_view reason;
};

TEST(ParseDuration, RejectsWithAReason) {
  const Invalid cases[] = {
      {"", "empty duration"},
      {"10", "'10' needs a unit, e.g. '10ms' (units: ns, us, ms, s, min, h)"},
      {"-5ms", "negative time '-5ms'"},
      {"0.5ns", "'0.5ns' is not a whole number of nanoseconds"},
      {"1.0000000001s", "is not a whole number of nanoseconds"},
      {"1.0000000000001h", "is not a whole number of nanoseconds"},
      {"10xs", "unknown unit 'xs' in '10xs'"},
      {"1 ms", "unknown unit ' ms'"},
      {"ms", "expected a duration such as '10ms' or '1.5s', got 'ms'"},
      {"1.ms", "expected a duration"},
      {".5ms", "expected a duration"},
      {"+5ms", "expected a duration"},
      {"9223372036854775808ns", "is too long"},
      {"2562048h", "is too long"},
      {"99999999999999999999999s", "is too long"},
  };
  for (const Invalid& c : cases) {
    try {
      (void)parse_duration(c.text);
      ADD_FAILURE() << "accepted '" << c.text << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(c.reason), std::string::npos)
          << c.text << " -> " << e.what();
    }
  }
}

TEST(FormatDuration, PicksTheCoarsestExactUnitAndRoundTrips) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(1'500 * kNsPerUs), "1500us");
  EXPECT_EQ(format_duration(90 * kNsPerSec), "90s");
  EXPECT_EQ(format_duration(120 * kNsPerSec), "2min");
  EXPECT_EQ(format_duration(3'600 * kNsPerSec), "1h");
  EXPECT_EQ(format_duration(kNsPerSec + 1), "1000000001ns");
  for (TimeNs ns : {TimeNs{0}, TimeNs{7}, 250 * kNsPerUs, 3 * kNsPerSec, kNever}) {
    EXPECT_EQ(parse_duration(format_duration(ns)), ns);
  }
}

}  // namespace
}  // namespace vtick::sim
