#include "sim/series_writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <locale>
#include <sstream>
#include <stdexcept>

namespace vtick::sim {
namespace {

/// A locale that groups digits ("1,000,000"): output must not notice it.
struct Grouping : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};

TEST(SeriesWriter, Golden) {
  SeriesWriter series({"host_ns", "offset_ns", "backlog_ticks"});
  series.row(std::vector<std::int64_t>{0, 0, 0});
  series.row(std::vector<std::int64_t>{10'000'000, -1'234'567, 3});
  series.row(std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<std::int64_t>::min(), 1});
  EXPECT_EQ(series.rows(), 3u);
  std::ostringstream out;
  out.imbue(std::locale(std::locale::classic(), new Grouping));
  series.write(out);
  EXPECT_EQ(out.str(),
            "host_ns,offset_ns,backlog_ticks\n"
            "0,0,0\n"
            "10000000,-1234567,3\n"
            "9223372036854775807,-9223372036854775808,1\n");
}

TEST(SeriesWriter, HeaderOnlyWhenNoRows) {
  SeriesWriter series({"a"});
  std::ostringstream out;
  series.write(out);
  EXPECT_EQ(out.str(), "a\n");
}

TEST(SeriesWriter, RejectsRowsOfTheWrongSize) {
  SeriesWriter series({"a", "b"});
  EXPECT_THROW(series.row(std::vector<std::int64_t>{1}), std::logic_error);
  EXPECT_THROW(series.row(std::vector<std::int64_t>{1, 2, 3}), std::logic_error);
  EXPECT_EQ(series.rows(), 0u);
}

TEST(SeriesWriter, RejectsColumnNamesThatNeedQuoting) {
  EXPECT_THROW(SeriesWriter({}), std::logic_error);
  EXPECT_THROW(SeriesWriter({""}), std::logic_error);
  EXPECT_THROW(SeriesWriter({"a,b"}), std::logic_error);
  EXPECT_THROW(SeriesWriter({"a\""}), std::logic_error);
  EXPECT_THROW(SeriesWriter({"a\n"}), std::logic_error);
}

}  // namespace
}  // namespace vtick::sim
