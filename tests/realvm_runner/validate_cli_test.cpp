// `vtick validate` on one real case: a trace recorded on /dev/kvm, judged against the
// simulator, and the report and its per-case files written. Skips without /dev/kvm.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace vtick::realvm::runner {
namespace {

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One real case end to end: a trace recorded on /dev/kvm, judged, and the report written.
TEST(ValidateCli, OneKvmCaseIsRecordedJudgedAndReported) {
  const auto dir = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "validate-cli";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string command = "cd " + std::string(VTICK_SOURCE_DIR) + " && " + VTICK_BINARY_DIR +
                              "/tools/vtick validate --quiet --only 'kvm/idle-pit-discard' --no-findings --report " +
                              (dir / "validation.md").string() + " --out " + (dir / "out").string() + " 2>" +
                              (dir / "stderr.txt").string();
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  const int code = WEXITSTATUS(status);
  const std::string md = read(dir / "validation.md");
  if (md.find("not judged: skipped") != std::string::npos) GTEST_SKIP() << md;
  ASSERT_TRUE(code == 0 || code == 1) << read(dir / "stderr.txt");
  EXPECT_NE(md.find("1 cases: "), std::string::npos) << md;
  EXPECT_NE(md.find("[kvm/idle-pit-discard](validation/kvm/idle-pit-discard/crosscheck.md)"), std::string::npos) << md;
  EXPECT_TRUE(std::filesystem::exists(dir / "validation" / "kvm" / "idle-pit-discard" / "crosscheck.md"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "kvm" / "idle-pit-discard" / "trace" / "summary.json"));
}

}  // namespace
}  // namespace vtick::realvm::runner
