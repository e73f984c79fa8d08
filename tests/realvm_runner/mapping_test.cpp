// Scenario -> VmConfig: what the real VM supports maps field by field; what it does not is a
// ScenarioError naming the field. No KVM needed.
#include <gtest/gtest.h>

#include <ostream>

#include <stdexcept>
#include <string>

#include "realvm/runner/scenario_mapping.hpp"
#include "sim/rng.hpp"
#include "sim/scenario_error.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::realvm::runner {
namespace {

using namespace std::chrono_literals;

constexpr const char* kBase = R"(
host: {cpus: 2}
vmm: {nice: 3, affinity: [1], timer_device: pit, lost_tick_policy: delay}
guest:
  hz: 100
  clocksource: pvclock
  workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]
run: {duration: 2s, seed: 7, sample_interval: 50ms}
)";

MappedRun map(const std::string& yaml, MappingOptions options = {}) {
  options.guest_image = "guest.elf";
  return map_scenario(sim::parse_scenario(yaml, "test.yaml"), options);
}

/// `yaml` with its first `from` replaced by `to` (which must be there).
std::string with(std::string yaml, const std::string& from, const std::string& to) {
  const auto at = yaml.find(from);
  if (at == std::string::npos) throw std::logic_error("test scenario has no '" + from + "'");
  return yaml.replace(at, from.size(), to);
}

/// kBase with outsourced timers relayed by a VMM thread, which the real VM runs.
std::string outsourced() {
  return with(with(kBase, "hz: 100", "hz: 100\n  timers: outsourced"), "lost_tick_policy: delay",
              "lost_tick_policy: delay, outsourcing_module: vmm_process");
}

/// The message of the ScenarioError that mapping `yaml` throws ("" if none).
std::string refusal(const std::string& yaml, MappingOptions options = {}) {
  try {
    (void)map(yaml, options);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(Mapping, SupportedFieldsMapToTheVmConfig) {
  const MappedRun run = map(kBase);
  EXPECT_EQ(run.config.guest_image, "guest.elf");
  EXPECT_EQ(run.config.scheme, vmm::TimerScheme::user_pit);
  EXPECT_EQ(run.config.lost_tick_policy, vmm::LostTickPolicy::delay);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::kvmclock);
  EXPECT_EQ(run.config.hz, 100u);
  EXPECT_EQ(run.config.period, 20ms);
  EXPECT_EQ(run.config.duration, 2s);
  EXPECT_EQ(run.config.sample_interval, 50ms);
  EXPECT_EQ(run.config.seed, 7u);
  EXPECT_EQ(run.seed, 7u);
  EXPECT_GT(run.config.timeout, run.config.duration);
  EXPECT_EQ(run.workload, "cyclic");
  EXPECT_EQ(run.scheduling.nice, 3);
  EXPECT_EQ(run.scheduling.affinity, std::vector<int>{1});
}

TEST(Mapping, PeriodicTimerIsTheDefaultWorkload) {
  EXPECT_EQ(map(kBase).config.workload.kind, vmm::GuestWorkload::periodic_timer);
  EXPECT_EQ(map(kBase).workload_spec.name, "cyclic");
}

std::string with_workload(const std::string& workload) {
  return with(kBase, "{name: cyclic, kind: periodic_timer, period: 20ms}", workload);
}

TEST(Mapping, MediaMapsItsFrameRate) {
  const MappedRun run = map(with_workload("{name: film, kind: media, fps: 25}"));
  EXPECT_EQ(run.config.workload.kind, vmm::GuestWorkload::media);
  EXPECT_EQ(run.config.workload.fps, 25u);
  EXPECT_EQ(run.workload, "film");
}

TEST(Mapping, TcpRtoMapsItsTimesAndTheSimulatorsStreamSeed) {
  const MappedRun run = map(with_workload("{name: tcp, kind: tcp_rto, interval: 400ms, rtt: 30ms, rto: 250ms, loss: 0.25}"));
  const vmm::WorkloadConfig& w = run.config.workload;
  EXPECT_EQ(w.kind, vmm::GuestWorkload::tcp_rto);
  EXPECT_EQ(w.interval, 400ms);
  EXPECT_EQ(w.rtt, 30ms);
  EXPECT_EQ(w.rto, 250ms);
  EXPECT_EQ(w.loss, 0.25);
  EXPECT_EQ(w.stream_seed, sim::stream_seed(7, "tcp/tcp"));
  MappingOptions options;
  options.seed = 99;
  EXPECT_EQ(map(with_workload("{name: tcp, kind: tcp_rto, interval: 400ms, rtt: 30ms, rto: 250ms}"), options)
                .config.workload.stream_seed,
            sim::stream_seed(99, "tcp/tcp"));
}

TEST(Mapping, CronMapsDueTimeAndCheckInterval) {
  const MappedRun run = map(with_workload("{name: job, kind: cron, at: 1500ms, check_interval: 200ms}"));
  EXPECT_EQ(run.config.workload.kind, vmm::GuestWorkload::cron);
  EXPECT_EQ(run.config.workload.at, 1500ms);
  EXPECT_EQ(run.config.workload.interval, 200ms);
}

TEST(Mapping, JiffiesAndDiscard) {
  std::string yaml = kBase;
  yaml.replace(yaml.find("pvclock"), 7, "jiffies");
  yaml.replace(yaml.find("delay"), 5, "discard");
  const MappedRun run = map(yaml);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::jiffies);
  EXPECT_EQ(run.config.lost_tick_policy, vmm::LostTickPolicy::discard);
}

TEST(Mapping, KernelPitTakesReinjectionFromThePolicy) {
  MappingOptions options;
  options.kernel_pit = true;
  const MappedRun delay = map(kBase, options);
  EXPECT_EQ(delay.config.scheme, vmm::TimerScheme::kernel_pit);
  EXPECT_TRUE(delay.config.kernel_pit_reinject);
  std::string yaml = kBase;
  yaml.replace(yaml.find("delay"), 5, "discard");
  EXPECT_FALSE(map(yaml, options).config.kernel_pit_reinject);
}

TEST(Mapping, SeedOptionOverridesTheScenario) {
  MappingOptions options;
  options.seed = 99;
  const MappedRun run = map(kBase, options);
  EXPECT_EQ(run.seed, 99u);
  EXPECT_EQ(run.config.seed, 99u);
}

TEST(Mapping, ModelCostsAreListedAsIgnored) {
  const MappedRun run = map(kBase);
  std::string all;
  for (const auto& note : run.ignored) all += note + "\n";
  EXPECT_NE(all.find("vmm.vm_exit"), std::string::npos) << all;
  EXPECT_NE(all.find("guest.tick_cost"), std::string::npos) << all;
  EXPECT_NE(all.find("vmm.pvclock_update_interval"), std::string::npos) << all;
}

TEST(Mapping, OutsourcedTimersRunTheOutsourcedSchemeOnKvmclock) {
  const MappedRun run = map(outsourced());
  EXPECT_EQ(run.config.scheme, vmm::TimerScheme::outsourced);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::kvmclock);
  std::string all;
  for (const auto& note : run.ignored) all += note + "\n";
  EXPECT_NE(all.find("vmm.lost_tick_policy: with outsourced timers the real guest has no periodic tick"), std::string::npos) << all;
}

TEST(Mapping, OutsourcedTimersNeedThePvclockClocksource) {
  const std::string message = refusal(with(outsourced(), "pvclock", "jiffies"));
  EXPECT_NE(message.find("test.yaml: realvm: guest.clocksource: jiffies with timers: outsourced"), std::string::npos) << message;
  EXPECT_NE(message.find("clocksource: pvclock"), std::string::npos) << message;
}

TEST(Mapping, OutsourcingModuleChoosesTheDelivery) {
  EXPECT_EQ(map(outsourced()).config.outsourcing_delivery, vmm::OutsourcingDelivery::vmm_thread);
  // host_kernel (the simulator's default): io_uring timeouts, the kernel delivers.
  const MappedRun host_kernel = map(with(outsourced(), ", outsourcing_module: vmm_process", ""));
  EXPECT_EQ(host_kernel.config.scheme, vmm::TimerScheme::outsourced);
  EXPECT_EQ(host_kernel.config.outsourcing_delivery, vmm::OutsourcingDelivery::host_kernel);
  EXPECT_EQ(map(kBase).config.outsourcing_delivery, vmm::OutsourcingDelivery::vmm_thread);  // no outsourcing at all
  EXPECT_NE(refusal(with(outsourced(), "vmm_process", "vmm_process, outsourcing_slack: 50us"))
                .find("realvm: vmm.outsourcing_slack"),
            std::string::npos);
  EXPECT_NE(refusal(with(outsourced(), "vmm_process", "host_kernel, outsourcing_slack: 50us"))
                .find("realvm: vmm.outsourcing_slack"),
            std::string::npos);
}

TEST(Mapping, OutsourcedTimersRefuseTheOtherTickAndClockOptions) {
  MappingOptions vmm_page;
  vmm_page.vmm_pvclock = true;
  EXPECT_NE(refusal(outsourced(), vmm_page).find("realvm: guest.timers: outsourced needs KVM's kvmclock, not --vmm-pvclock"),
            std::string::npos);
  MappingOptions kernel_pit;
  kernel_pit.kernel_pit = true;
  EXPECT_THROW((void)map(outsourced(), kernel_pit), std::invalid_argument);
}

TEST(Mapping, MergeAndCatchupPoliciesMapWithTheirParameters) {
  EXPECT_EQ(map(with(kBase, "delay", "merge")).config.lost_tick_policy, vmm::LostTickPolicy::merge);
  // The parser allows catchup only with the RTC, which the real VM has not; a Scenario built
  // in code can still hold it with the PIT, and the VMM has it.
  sim::Scenario scenario = sim::parse_scenario(with(kBase, "delay", "catchup_giveup, catchup_max_factor: 8"), "test.yaml");
  scenario.vmm.lost_tick_policy = sim::LostTickPolicyKind::Catchup;
  MappingOptions options;
  options.guest_image = "guest.elf";
  const MappedRun catchup = map_scenario(scenario, options);
  EXPECT_EQ(catchup.config.lost_tick_policy, vmm::LostTickPolicy::catchup);
  EXPECT_EQ(catchup.config.catchup_max_factor, 8);
  const MappedRun giveup = map(with(kBase, "delay", "catchup_giveup, catchup_max_factor: 3, giveup_threshold: 200ms"));
  EXPECT_EQ(giveup.config.lost_tick_policy, vmm::LostTickPolicy::catchup_giveup);
  EXPECT_EQ(giveup.config.catchup_max_factor, 3);
  EXPECT_EQ(giveup.config.catchup_giveup_threshold, 200ms);
  // The simulator's default threshold, not the VMM's.
  EXPECT_EQ(map(with(kBase, "delay", "catchup_giveup")).config.catchup_giveup_threshold, 1s);
}

TEST(Mapping, KernelPitKnowsOnlyDiscardAndDelay) {
  MappingOptions options;
  options.kernel_pit = true;
  EXPECT_NE(refusal(with(kBase, "delay", "catchup_giveup"), options).find("realvm: vmm.lost_tick_policy: catchup_giveup with --kernel-pit"),
            std::string::npos);
}

TEST(Mapping, PvclockIsKvmclockUnlessTheVmmPageIsAskedFor) {
  EXPECT_EQ(map(kBase).config.clock, vmm::ClockKind::kvmclock);
  MappingOptions options;
  options.vmm_pvclock = true;
  const MappedRun run = map(with(kBase, "delay}", "delay, pvclock_update_interval: 20ms}"), options);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::vmm_pvclock);
  EXPECT_EQ(run.config.pvclock_update_interval, 20ms);
  for (const auto& note : run.ignored) EXPECT_EQ(note.find("pvclock_update_interval"), std::string::npos) << note;
  EXPECT_NE(refusal(with(kBase, "pvclock", "jiffies"), options).find("realvm: guest.clocksource: --vmm-pvclock needs clocksource pvclock, not jiffies"),
            std::string::npos);
}

/// kBase as QEMU under TCG runs it: the jiffies clock, discard.
std::string tcg_runnable() { return with(with(kBase, "pvclock", "jiffies"), "delay", "discard"); }

MappingOptions qemu(Engine engine) {
  MappingOptions options;
  options.engine = engine;
  return options;
}

TEST(Mapping, QemuTcgRunsTheDiscardingPitWithJiffies) {
  const MappedRun run = map(tcg_runnable(), qemu(Engine::qemu_tcg));
  EXPECT_EQ(run.engine, Engine::qemu_tcg);
  EXPECT_EQ(run.config.scheme, vmm::TimerScheme::user_pit);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::jiffies);
  EXPECT_EQ(run.config.timeout, run_timeout(run.config.duration));
  EXPECT_NE(refusal(with(tcg_runnable(), "jiffies", "pvclock"), qemu(Engine::qemu_tcg))
                .find("realvm: guest.clocksource: pvclock is not supported under QEMU (TCG offers no kvmclock; add --enable-kvm)"),
            std::string::npos);
  EXPECT_NE(refusal(with(tcg_runnable(), "discard", "delay"), qemu(Engine::qemu_tcg))
                .find("realvm: vmm.lost_tick_policy: delay is not supported under QEMU (TCG's PIT discards lost ticks)"),
            std::string::npos);
}

TEST(Mapping, QemuWithKvmRunsKvmsReinjectingPit) {
  const MappedRun run = map(kBase, qemu(Engine::qemu_kvm));
  EXPECT_EQ(run.engine, Engine::qemu_kvm);
  EXPECT_EQ(run.config.scheme, vmm::TimerScheme::kernel_pit);
  EXPECT_TRUE(run.config.kernel_pit_reinject);
  EXPECT_EQ(run.config.clock, vmm::ClockKind::kvmclock);
  EXPECT_GT(run.config.timeout, run_timeout(run.config.duration));  // SeaBIOS in KVM's emulator
  EXPECT_NE(refusal(with(kBase, "delay", "discard"), qemu(Engine::qemu_kvm)).find("realvm: vmm.lost_tick_policy: discard is not supported under QEMU"),
            std::string::npos);
}

TEST(Mapping, QemuRefusesOutsourcingAndOurVmmsOptions) {
  EXPECT_NE(refusal(outsourced(), qemu(Engine::qemu_kvm)).find("realvm: guest.timers: outsourced is not supported under QEMU (the outsourcing hypercall port 0x511 is QEMU's fw_cfg"),
            std::string::npos);
  MappingOptions options = qemu(Engine::qemu_tcg);
  options.kernel_pit = true;
  EXPECT_THROW((void)map(tcg_runnable(), options), std::invalid_argument);
  options = qemu(Engine::qemu_kvm);
  options.vmm_pvclock = true;
  EXPECT_THROW((void)map(kBase, options), std::invalid_argument);
}

TEST(Mapping, QemuRefusesTcpRtoButRunsMediaAndCron) {
  const std::string tcp = with_workload("{name: tcp, kind: tcp_rto, interval: 400ms, rtt: 30ms, rto: 250ms}");
  EXPECT_NE(refusal(tcp, qemu(Engine::qemu_kvm)).find("realvm: guest.workloads (tcp): kind tcp_rto is not supported under QEMU"),
            std::string::npos);
  EXPECT_EQ(map(with_workload("{name: film, kind: media, fps: 25}"), qemu(Engine::qemu_kvm)).config.workload.kind,
            vmm::GuestWorkload::media);
}

struct Unsupported {
  const char* name;  ///< the test's name
  const char* from;
  const char* to;
  const char* message;
};

// GoogleTest would print the case as raw bytes - pointers among them - and CTest test names
// would change from build to build.
void PrintTo(const Unsupported& c, std::ostream* out) { *out << c.name; }

class UnsupportedField : public ::testing::TestWithParam<Unsupported> {};

TEST_P(UnsupportedField, IsAnErrorNamingTheField) {
  std::string yaml = kBase;
  const auto at = yaml.find(GetParam().from);
  ASSERT_NE(at, std::string::npos);
  yaml.replace(at, std::string(GetParam().from).size(), GetParam().to);
  const std::string message = refusal(yaml);
  EXPECT_NE(message.find(GetParam().message), std::string::npos) << "got: " << message;
  EXPECT_EQ(message.rfind("test.yaml", 0), 0u) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Mapping, UnsupportedField,
    ::testing::Values(
        Unsupported{"tsc", "pvclock", "tsc", "realvm: guest.clocksource: tsc is not supported"},
        Unsupported{"lapic", "timer_device: pit", "timer_device: lapic", "realvm: vmm.timer_device: lapic is not supported"},
        Unsupported{"rtc", "timer_device: pit, lost_tick_policy: delay", "timer_device: rtc, lost_tick_policy: discard", "realvm: vmm.timer_device: rtc is not supported"},
        Unsupported{"timer_nice", "nice: 3,", "nice: 3, timer_nice: -5,", "realvm: vmm.timer_nice"},
        Unsupported{"timer_slack", "nice: 3,", "nice: 3, timer_slack: 1us,", "realvm: vmm.timer_slack"},
        Unsupported{"tsc_ppm", "cpus: 2", "cpus: 2, tsc_ppm: 10", "realvm: host.tsc_ppm"},
        Unsupported{"ntp", "run:", "ntp: {poll_interval: 16s}\nrun:", "realvm: ntp"},
        Unsupported{"busy", "period: 20ms}", "period: 20ms}, {name: build, kind: busy}",
                    "test.yaml:7:67: realvm: guest.workloads[1] (build): kind busy is not supported"},
        Unsupported{"second_timer", "period: 20ms}", "period: 20ms}, {name: second, kind: periodic_timer, period: 5ms}",
                    "guest.workloads[1] (second): a second timer workload is not supported"},
        Unsupported{"media_beside_timer", "period: 20ms}", "period: 20ms}, {name: film, kind: media, fps: 25}",
                    "test.yaml:7:67: realvm: guest.workloads[1] (film): a second timer workload is not supported"},
        Unsupported{"start", "period: 20ms}", "period: 20ms, start: 1s}", "guest.workloads[0] (cyclic).start"},
        Unsupported{"no_workload", "workloads: [{name: cyclic, kind: periodic_timer, period: 20ms}]", "workloads: []",
                    "realvm: guest.workloads: a run without a timer workload"}),
    [](const ::testing::TestParamInfo<Unsupported>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace vtick::realvm::runner
