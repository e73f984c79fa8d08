// One real boot of Debian's kernel under QEMU's TCG (about 10-20 s, most of it booting):
// scenarios/linux/idle-tsc.yaml through the whole `vtick realvm linux` path. Skips, saying
// why, without QEMU, without the initramfs (no busybox-static), or without the kernel (not
// cached and not downloadable, e.g. offline).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "crosscheck/crosscheck_run.hpp"
#include "realvm/linux/kernel_cache.hpp"
#include "realvm/linux/probe/probe_protocol.h"
#include "realvm/linux/run_scenario.hpp"
#include "realvm/protocol.h"
#include "realvm/qemu/find_executable.hpp"
#include "realvm/vmm/trace_analysis.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::linux_guest {
namespace {

TEST(LinuxBoot, ProbeReportsClockSamplesAndTimerExpiriesWithASaneOffset) {
  if (!qemu::find_executable("qemu-system-x86_64")) GTEST_SKIP() << "needs qemu-system-x86_64 (Debian: qemu-system-x86)";
  if (!std::filesystem::is_regular_file(VTICK_LINUX_INITRAMFS)) {
    GTEST_SKIP() << VTICK_LINUX_INITRAMFS << " not built: install busybox-static and re-run cmake";
  }
  LinuxRunOptions options;
  try {
    options.mapping.kernel = ensure_kernel(kernel_cache_dir(), [](const std::string&) {});
  } catch (const KernelUnavailable& e) {
    GTEST_SKIP() << "no Linux kernel in " << kernel_cache_dir() << " and none downloadable: " << e.what();
  }
  options.mapping.initramfs = VTICK_LINUX_INITRAMFS;
  const sim::Scenario scenario = sim::load_scenario_file(VTICK_SOURCE_DIR "/scenarios/linux/idle-tsc.yaml");
  const LinuxRealRun run = run_scenario(scenario, options);
  ASSERT_EQ(run.vm.reason, vmm::ExitReason::guest_exit) << vmm::describe(run.vm);
  ASSERT_EQ(run.vm.guest_exit_code, VTICK_EXIT_OK) << vmm::describe(run.vm);
  EXPECT_EQ(run.vm.counter("qemu.malformed_trace_lines"), 0u);
  const auto& s = run.outputs.summary;
  EXPECT_EQ(s["hz"], 250) << "Debian's amd64 kernel is CONFIG_HZ_250";
  EXPECT_EQ(s["realvm"]["clocksource_used"], "tsc") << run.vm.console;

  // 2 s at 50 ms: 40 samples; the offset is the guest's monotonic clock against host
  // arrival stamps, which a tick-based or stalled clock would miss by tens of ms.
  const auto offsets = vmm::clock_offsets(run.vm);
  EXPECT_GE(offsets.size(), 35u);
  for (const auto& o : offsets) EXPECT_LT(std::abs(o.offset_ns), 20'000'000) << "at host " << o.host_elapsed_ns;
  // jiffies since the origin follow HZ=250 over 2 s (a periodic tick: nohz=off).
  const auto exits = run.vm.records_of(VTICK_TRACE_EXIT);
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_NEAR(static_cast<double>(exits.front().arg), 500.0, 50.0);
  EXPECT_EQ(run.vm.records_of(VTICK_LINUX_TRACE_REALTIME).size(), offsets.size());
  // QEMU's LAPIC trace (realvm/qemu/apic_trace.hpp): at least one timer interrupt per tick,
  // and at most as many again for the probe's own timers (70 a second) in high-resolution
  // mode; a lost one is one of them.
  ASSERT_TRUE(s["ticks"]["expected"].is_number()) << "QEMU wrote no LAPIC timer event: " << s["ticks"].dump();
  EXPECT_GE(s["ticks"]["expected"].get<double>(), 450.0);
  EXPECT_LE(s["ticks"]["expected"].get<double>(), 1000.0);
  EXPECT_LE(s["ticks"]["lost"].get<double>(), s["ticks"]["expected"].get<double>());

  // A 20 ms timerfd for 2 s: 100 expiries, none early by more than half a tick. Every
  // lateness is relative to the host stamp of the clock_start line, so a late origin stamp
  // makes all expiries read a little early (one run: 96 of 100 by < 1 ms); a tick clock
  // would fire up to a tick (4 ms) early.
  const auto& timer = s["timers"]["cyclic"];
  EXPECT_GE(timer["count"].get<int>() + s["realvm"]["timer_overruns"].get<int>(), 95);
  EXPECT_GT(timer["lateness_ns"]["min"].get<double>(), -2e6) << timer.dump();  // half a tick at HZ 250
  EXPECT_LT(timer["lateness_ns"]["p50"].get<double>(), 10e6);
  EXPECT_EQ(run.outputs.series.rows(), offsets.size());

  // The trace is one `vtick crosscheck` reads and judges (not what it concludes: that is
  // docs/validation.md's business, on a quiet host).
  const auto dir = std::filesystem::path(VTICK_BINARY_DIR) / "test-out" / "linux-boot";
  std::filesystem::remove_all(dir);
  sim::runner::write_outputs(run.outputs, dir / "trace");
  const auto judged = crosscheck::run_crosscheck({scenario, {dir / "trace"}, dir / "crosscheck", 20, false}, {});
  EXPECT_FALSE(judged.verdict.metrics.empty());
  ASSERT_EQ(judged.verdict.ks.size(), 1u);
  EXPECT_EQ(judged.verdict.ks.front().measured_samples, static_cast<std::size_t>(timer["count"].get<int>()));
  EXPECT_TRUE(std::filesystem::exists(dir / "crosscheck" / "crosscheck.md"));
}

}  // namespace
}  // namespace vtick::realvm::linux_guest
