// The host's reading of what the probe and the kernel say, and what it tells them: trace
// lines in the probe's format, the clocksource line on a tty console, the kernel command
// line, the kernel package and its HZ, and the scenario mapping.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "realvm/linux/kernel_cache.hpp"
#include "realvm/linux/kernel_config.hpp"
#include "realvm/linux/linux_run_config.hpp"
#include "realvm/linux/probe/probe_protocol.h"
#include "realvm/linux/run_linux.hpp"
#include "realvm/linux/scenario_mapping.hpp"
#include "realvm/protocol.h"
#include "realvm/qemu/trace_line.hpp"
#include "sim/scenario_error.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::linux_guest {
namespace {

TEST(ProbeLines, TimerAndRealtimeLinesParseAsTraceRecords) {
  // Lines as the probe printed them in a real boot (hex, no 0x).
  const auto fired = qemu::parse_trace_line("T 5 1 13f0e21 1312d00", 42);
  ASSERT_TRUE(fired);
  EXPECT_EQ(fired->kind, static_cast<std::uint32_t>(VTICK_TRACE_TIMER_FIRED));
  EXPECT_EQ(fired->id, VTICK_LINUX_TIMER_ID);
  EXPECT_EQ(fired->guest_ns, 0x13f0e21);
  EXPECT_EQ(fired->arg, 20'000'000);
  EXPECT_EQ(fired->host_ns, 42);
  // CLOCK_REALTIME in ns since 1970 needs all 64 bits of arg.
  const auto realtime = qemu::parse_trace_line("T 40 3 9896800 18ebc5a1e4f3c000", 0);
  ASSERT_TRUE(realtime);
  EXPECT_EQ(realtime->kind, static_cast<std::uint32_t>(VTICK_LINUX_TRACE_REALTIME));
  EXPECT_EQ(realtime->arg, 0x18ebc5a1e4f3c000);
  // A tty's "\r\n" would tear the line: the probe puts its trace port in raw mode.
  EXPECT_FALSE(qemu::parse_trace_line("T 5 1 13f0e21 1312d00\r", 0));
}

TEST(ProbeLines, ClocksourceLineIsFoundOnATtyConsole) {
  EXPECT_EQ(reported_clocksource("[    3.3] Run /init as init process\r\nvtick-probe: clocksource=hpet\r\nT"), "hpet");
  EXPECT_EQ(reported_clocksource("vtick-probe: clocksource=tsc"), "tsc");
  EXPECT_FALSE(reported_clocksource("Kernel panic - not syncing"));
}

TEST(LinuxRunConfig, CommandLineCarriesClocksourceTickAndProbeKeys) {
  LinuxRunConfig config;
  config.kernel = "k";
  config.initramfs = "i";
  config.clocksource = "acpi_pm";
  const std::string line = kernel_command_line(config);
  for (const char* word : {"console=ttyS0", "clocksource=acpi_pm", "nohz=off", "panic=-1",
                           "vtick_clocksource=acpi_pm", "vtick_period_ns=20000000", "vtick_sample_ns=50000000", "vtick_duration_ns=1000000000"}) {
    EXPECT_NE(line.find(word), std::string::npos) << word << " in " << line;
  }
  config.clocksource = "kvm-clock";
  EXPECT_THROW(validate(config), std::invalid_argument);
}

TEST(KernelCache, PackageNameComesFromTheMetapackagesDepends) {
  EXPECT_EQ(image_package_from_depends("linux-image-amd64\n  Depends: linux-image-6.1.0-56-amd64\n"),
            "linux-image-6.1.0-56-amd64");
  EXPECT_FALSE(image_package_from_depends("linux-image-amd64\n  Depends: initramfs-tools\n"));
}

TEST(KernelCache, HzComesFromTheConfigAndTheNewestCachedVersionWins) {
  const auto dir = std::filesystem::temp_directory_path() / ("vtick-linux-cache-" + std::to_string(getpid()));
  for (const char* version : {"6.1.0-9-amd64", "6.1.0-56-amd64"}) {
    std::filesystem::create_directories(dir / version);
    std::ofstream(dir / version / "vmlinuz") << "x";
    std::ofstream(dir / version / "config") << "CONFIG_HZ_250=y\nCONFIG_HZ=250\n";
  }
  std::filesystem::create_directories(dir / ".fetch-1");  // a download in progress is no kernel
  const auto kernel = cached_kernel(dir);
  ASSERT_TRUE(kernel);
  EXPECT_EQ(kernel->version, "6.1.0-56-amd64");  // version order: 56 > 9
  EXPECT_EQ(kernel->hz, 250);
  std::ofstream(dir / "6.1.0-56-amd64" / "config") << "CONFIG_HZ=abc\n";
  EXPECT_FALSE(config_hz(dir / "6.1.0-56-amd64" / "config"));
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(cached_kernel(dir));
}

TEST(KernelConfig, ConfigHzIsTheConfigHzLineOnly) {
  EXPECT_EQ(config_hz_in("CONFIG_HZ_250=y\nCONFIG_HZ=250\nCONFIG_SCHED_HRTICK=y\n"), 250);
  EXPECT_EQ(config_hz_in("CONFIG_HZ=1000"), 1000) << "no newline at the end";
  EXPECT_EQ(config_hz_in("# CONFIG_HZ_100 is not set\nCONFIG_HZ_PERIODIC=y\n"), std::nullopt);
  EXPECT_EQ(config_hz_in("CONFIG_HZ=0\n"), std::nullopt);
  EXPECT_EQ(config_hz_in(""), std::nullopt);
}

// The counterpart Linux's timer mode asks for: periodic ticks on QEMU's LAPIC with jiffies,
// high-resolution timers (modelled as outsourced to the VMM process) otherwise.
sim::Scenario scenario(const std::string& clocksource, const std::string& timers = "") {
  const bool jiffies = clocksource == "jiffies";
  const std::string vmm = jiffies ? "vmm: {timer_device: lapic}\n" : "vmm: {outsourcing_module: vmm_process}\n";
  const std::string guest_timers = timers.empty() ? (jiffies ? "tick" : "outsourced") : timers;
  return sim::parse_scenario("name: t\n" + vmm + "guest:\n  clocksource: " + clocksource + "\n  timers: " +
                                 guest_timers + "\n  workloads:\n    - {name: cyclic, kind: periodic_timer, period: 10ms}\n"
                                 "run:\n  duration: 1s\n",
                             "t.yaml");
}

std::string refusal(const sim::Scenario& s, const LinuxMappingOptions& options) {
  try {
    (void)map_scenario(s, options);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(LinuxMapping, ScenarioClocksourceAndWorkloadReachTheConfig) {
  LinuxMappingOptions options;
  options.kernel = {"v", "vmlinuz", 250};
  options.initramfs = "initramfs.cpio";
  const LinuxMappedRun run = map_scenario(scenario("jiffies"), options);
  EXPECT_EQ(run.config.clocksource, "jiffies");
  EXPECT_EQ(run.config.period, std::chrono::milliseconds(10));
  EXPECT_EQ(run.workload, "cyclic");
  EXPECT_GT(run.config.timeout, run.config.duration);
  EXPECT_THROW((void)map_scenario(scenario("pvclock"), options), sim::ScenarioError);
  options.clocksource = "hpet";
  EXPECT_EQ(map_scenario(scenario("pvclock"), options).config.clocksource, "hpet");
}

TEST(LinuxMapping, TheScenarioMustModelTheTimerModeLinuxWillUse) {
  LinuxMappingOptions options;
  options.kernel = {"v", "vmlinuz", 250};
  options.initramfs = "initramfs.cpio";
  EXPECT_NE(refusal(scenario("tsc", "tick"), options).find("guest.timers"), std::string::npos)
      << "with a tsc clock Linux runs high-resolution timers, not tick-driven ones";
  EXPECT_NE(refusal(scenario("jiffies", "outsourced"), options).find("periodic tick mode"), std::string::npos);
  EXPECT_NE(refusal(sim::parse_scenario("name: t\nguest:\n  clocksource: jiffies\n  workloads:\n"
                                        "    - {name: cyclic, kind: periodic_timer, period: 10ms}\nrun:\n  duration: 1s\n",
                                        "t.yaml"),
                    options)
                .find("vmm.timer_device"),
            std::string::npos)
      << "the default PIT is not the device a Linux guest ticks from";
  EXPECT_EQ(refusal(scenario("tsc"), options), "");
  EXPECT_EQ(refusal(scenario("jiffies"), options), "");
}

}  // namespace
}  // namespace vtick::realvm::linux_guest
