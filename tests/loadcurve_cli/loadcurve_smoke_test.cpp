// `vtick loadcurve` end to end under QEMU (TCG) on our guest: hogs 0 and 1, one 2-s run each
// (--smoke), a quick calibration first. About a minute: slow. Skipped, saying why, where
// QEMU is not installed (exit 4).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace vtick::loadcurve {
namespace {

const std::string kVtick = std::string(VTICK_BINARY_DIR) + "/tools/vtick";

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(LoadcurveSmoke, QemuCurveWithTwoHogCounts) {
  const auto out = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "loadcurve-smoke";
  std::filesystem::remove_all(out);
  std::filesystem::create_directories(out);
  const std::string command = "cd " + std::string(VTICK_SOURCE_DIR) + " && " + kVtick +
                              " loadcurve scenarios/realvm/idle-pit-discard.yaml --engine qemu --hogs 0,1 --repeat 1 "
                              "--duration 2s --smoke --quick-calibration --pin --out " + out.string() +
                              " >/dev/null 2>" + (out.parent_path() / "loadcurve-smoke.stderr").string();
  const int status = std::system(command.c_str());
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const std::string err = read(out.parent_path() / "loadcurve-smoke.stderr");
  if (code == 4) GTEST_SKIP() << "QEMU unavailable: " << err;
  ASSERT_EQ(code, 0) << err;

  const std::string csv = read(out / "curve.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 + 2 * 20) << csv;  // header, 2 real runs, 2 x 20 seeds
  EXPECT_NE(csv.find("\n0,real,qemu,1,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n1,real,qemu,1,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n1,sim,,20,"), std::string::npos) << csv;

  const auto summary = nlohmann::json::parse(read(out / "summary.json"));
  EXPECT_EQ(summary["smoke"], true);
  EXPECT_NE(summary["command"].get<std::string>().find("--repeat 1 --pin --duration 2s --seeds 20 --engine qemu --smoke "
                                                       "--quick-calibration --out"),
            std::string::npos)
      << summary["command"];
  EXPECT_EQ(summary["pinned"], true);
  EXPECT_EQ(summary["profile"]["path"], "host-profile.yaml");
  EXPECT_NE(summary["profile"]["source"].get<std::string>().find("vtick calibrate --quick"), std::string::npos);
  EXPECT_EQ(summary["scenario_profile_replaced"], "../profiles/this-host.yaml");
  ASSERT_EQ(summary["curves"].size(), 1u);
  const auto& point = summary["curves"][0]["points"][1];
  EXPECT_EQ(point["hogs"], 1);
  EXPECT_EQ(point["metrics"]["drift_ppm"]["measured_runs"], 1);
  EXPECT_EQ(point["metrics"]["drift_ppm"]["predicted_seeds"], 20);
  EXPECT_TRUE(point["metrics"].contains("cyclic.lateness_p99_ns"));
  EXPECT_TRUE(std::filesystem::exists(out / "host-profile.yaml"));
  EXPECT_NE(read(out / "scenarios" / "hogs-1.yaml").find("host_profile: ../host-profile.yaml"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out / "real" / "qemu" / "hogs-1" / "run-1" / "summary.json"));
}

}  // namespace
}  // namespace vtick::loadcurve
