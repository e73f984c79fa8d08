#include "sim/plot.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace vtick::sim {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fresh directory per test, under GoogleTest's temporary directory.
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("vtick_plot_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path small_series(const fs::path& dir) {
  const fs::path csv = dir / "series.csv";
  std::ofstream(csv) << "host_ns,guest_ns,offset_ns,backlog_ticks,jiffies\n"
                        "0,0,0,0,0\n"
                        "1000000000,990000000,-10000000,2,248\n"
                        "2000000000,1970000000,-30000000,5,493\n"
                        "3000000000,2990000000,-10000000,0,748\n";
  return csv;
}


TEST(PlotOffset, WritesScriptPngAndSvg) {
  const fs::path dir = fresh_dir("writes");
  const fs::path out = dir / "out dir";  // created by plot_offset; a space must not matter
  const PlotResult result = plot_offset(small_series(dir), out, "pit \"discard\" `id` @x _1");
  if (!result.ok && result.message.starts_with("gnuplot not found")) GTEST_SKIP() << result.message;
  ASSERT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.message, "wrote " + (out / "offset.png").string() + " and " +
                                (out / "offset.svg").string());

  const std::string png = read(out / "offset.png");
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  const std::string svg = read(out / "offset.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  // The title is data, never gnuplot code: backquotes and macros come out verbatim.
  EXPECT_NE(svg.find("`id` @x _1"), std::string::npos);
  const std::string script = read(out / "offset.gp");
  EXPECT_EQ(script.find(dir.string()), std::string::npos) << "script must not embed paths";
  EXPECT_NE(script.find("set terminal svg"), std::string::npos);
}

TEST(PlotOffset, SameInputsGiveSameFiles) {
  const fs::path dir = fresh_dir("same");
  const fs::path csv = small_series(dir);
  const PlotResult first = plot_offset(csv, dir / "a", "t");
  if (!first.ok && first.message.starts_with("gnuplot not found")) GTEST_SKIP() << first.message;
  ASSERT_TRUE(first.ok) << first.message;
  ASSERT_TRUE(plot_offset(csv, dir / "b", "t").ok);
  for (const char* file : {"offset.gp", "offset.svg", "offset.png"}) {
    EXPECT_EQ(read(dir / "a" / file), read(dir / "b" / file)) << file;
  }
}

TEST(PlotOffset, ReportsAMissingCsv) {
  const fs::path dir = fresh_dir("missing");
  const PlotResult result = plot_offset(dir / "no_such.csv", dir, "t");
  if (!result.ok && result.message.starts_with("gnuplot not found")) GTEST_SKIP() << result.message;
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.message.starts_with("gnuplot failed")) << result.message;
  EXPECT_FALSE(fs::exists(dir / "offset.png") && fs::file_size(dir / "offset.png") > 0);
}

TEST(PlotOffset, MissingGnuplotIsReportedNotThrown) {
  const fs::path dir = fresh_dir("no_gnuplot");
  const char* old_path = std::getenv("PATH");
  const std::string saved = old_path ? old_path : "";
  ::setenv("PATH", (dir / "empty").c_str(), 1);
  const PlotResult result = plot_offset(small_series(dir), dir, "t");
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.message, "gnuplot not found; install gnuplot-nox to get offset.png");
}

}  // namespace
}  // namespace vtick::sim
