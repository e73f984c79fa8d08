// One case per kind of mistake: each pins the exact FILE:LINE:COL: FIELD: prefix, because
// pointing at the right spot is the whole point of the parser's error messages.
#include <gtest/gtest.h>

#include <ostream>

#include <string>
#include <string_view>

#include "sim/scenario_parser.hpp"

namespace vtick::sim {
namespace {

struct ErrorCase {
  std::string_view name;
  std::string_view yaml;
  std::string_view prefix;  ///< "t.yaml:LINE:COL: FIELD: "
  std::string_view reason;  ///< a substring of what follows the prefix
};

// GoogleTest would print the case as raw bytes - pointers among them - and CTest test names
// would change from build to build.
void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.name; }

std::string error_of(std::string_view yaml) {
  try {
    (void)parse_scenario(yaml, "t.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

class ParserError : public testing::TestWithParam<ErrorCase> {};

TEST_P(ParserError, PointsAtTheOffendingSpot) {
  const ErrorCase& c = GetParam();
  const std::string what = error_of(c.yaml);
  EXPECT_EQ(what.substr(0, c.prefix.size()), c.prefix) << what;
  EXPECT_NE(what.find(c.reason, c.prefix.size()), std::string::npos) << what;
}

const ErrorCase kCases[] = {
    // Structure
    {"UnknownKeySuggestsClosest", "run: {duration: 1s}\nhost:\n  cpu: 2\n",
     "t.yaml:3:3: host.cpu: ",
     "unknown key 'cpu' (did you mean 'cpus'?); valid keys: cpus, scheduler, hz, hrtimer_slack, "
     "tsc_ppm"},
    {"UnknownKeyFarFromAnyListsValidKeys", "run: {duration: 1s}\nfrobnicate: 1\n",
     "t.yaml:2:1: frobnicate: ",
     "unknown key 'frobnicate'; valid keys: name, description, host, load, vmm, guest, ntp, run, "
     "expect"},
    {"DuplicateKey", "run: {duration: 1s}\nhost:\n  cpus: 2\n  cpus: 4\n",
     "t.yaml:4:3: host.cpus: ", "duplicate key 'cpus' (first given at line 3)"},
    {"KeyNotAName", "run: {duration: 1s}\n[a, b]: 1\n",
     "t.yaml:2:1: ", "keys must be non-empty names, got a list"},
    {"MappingExpected", "run: {duration: 1s}\nhost: [1, 2]\n",
     "t.yaml:2:7: host: ", "expected a mapping, got a list"},
    {"ListExpected", "run: {duration: 1s}\nload: {name: x}\n",
     "t.yaml:2:7: load: ", "expected a list, got a mapping"},
    {"ScalarExpected", "run: {duration: 1s}\nhost: {cpus: [2]}\n",
     "t.yaml:2:14: host.cpus: ", "expected an integer, got a list"},
    {"IntegerExpected", "run: {duration: 1s}\nhost:\n  cpus: abc\n",
     "t.yaml:3:9: host.cpus: ", "expected an integer, got 'abc'"},
    {"EmptyValue", "run: {duration: 1s}\nhost:\n  cpus:\n",
     "t.yaml:3:3: host.cpus: ", "expected an integer, got nothing"},
    {"MissingRunSection", "name: x\n", "t.yaml:1:1: run: ", "required key 'run' is missing"},
    {"MissingRunDuration", "run:\n  seed: 3\n",
     "t.yaml:2:3: run.duration: ", "required key 'duration' is missing"},
    {"EmptyFile", "# nothing yet\n", "t.yaml: ", "the file is empty"},
    {"TopLevelNotAMapping", "- a\n- b\n", "t.yaml:1:1: ",
     "the top level must be a mapping of sections (name, description, host, load, vmm, "
     "guest, ntp, run, expect, crosscheck, host_profile), got a list"},
    {"TwoDocuments", "run: {duration: 1s}\n---\nrun: {duration: 2s}\n",
     "t.yaml:3:1: ", "a scenario file holds one YAML document"},
    {"YamlSyntaxError", "run: {duration: 1s}\nload: [1, 2\nhost: {}\n",
     "t.yaml:3:5: ", "end of sequence flow not found"},

    // Durations
    {"DurationNeedsUnit", "run:\n  duration: 60\n",
     "t.yaml:2:13: run.duration: ", "'60' needs a unit, e.g. '10ms'"},
    {"DurationNegative", "run: {duration: 1s}\nhost: {hrtimer_slack: -5us}\n",
     "t.yaml:2:23: host.hrtimer_slack: ", "negative time '-5us'"},
    {"DurationFractionalNs", "run: {duration: 1s}\nvmm:\n  inject: 0.5ns\n",
     "t.yaml:3:11: vmm.inject: ", "'0.5ns' is not a whole number of nanoseconds"},
    {"DurationOverflow",
     "run: {duration: 1s}\nhost:\n  scheduler:\n    sched_latency: 9999999999h\n",
     "t.yaml:4:20: host.scheduler.sched_latency: ", "'9999999999h' is too long"},
    {"DurationUnknownUnit", "run: {duration: 1s}\nguest:\n  tick_cost: 2mz\n",
     "t.yaml:3:14: guest.tick_cost: ", "unknown unit 'mz' in '2mz'"},
    {"DurationMustBePositive", "run:\n  duration: 0s\n",
     "t.yaml:2:13: run.duration: ", "must be greater than 0"},
    {"RunLongerThan30Days", "run:\n  duration: 721h\n",
     "t.yaml:2:13: run.duration: ", "must be at most 30 days (720h), got 721h"},
    {"SampleIntervalExceedsDuration", "run:\n  duration: 1s\n  sample_interval: 2s\n",
     "t.yaml:3:20: run.sample_interval: ", "must not exceed run.duration (1s)"},
    {"UnknownSchedulerClass", "run: {duration: 1s}\nhost:\n  scheduler: {class: evdf}\n",
     "t.yaml:3:22: host.scheduler.class: ", "expected one of cfs, eevdf, got 'evdf'"},
    {"RemovedWakeupPreemption", "run: {duration: 1s}\nhost:\n  scheduler: {wakeup_preemption: run_to_parity}\n",
     "t.yaml:3:15: host.scheduler.wakeup_preemption: ", "unknown key 'wakeup_preemption'"},
    {"HzOutOfRange", "run: {duration: 1s}\nhost:\n  hz: 50\n",
     "t.yaml:3:7: host.hz: ", "must be in 100..1000, got 50"},
    {"UnknownSampling", "run:\n  duration: 1s\n  sampling: guest\n",
     "t.yaml:3:13: run.sampling: ", "expected one of observer, guest_timer, got 'guest'"},
    {"DefaultSampleIntervalExceedsDuration", "run:\n  duration: 5ms\n",
     "t.yaml:2:13: run.duration: ", "is shorter than the default sample_interval (10ms)"},

    // Host and affinity
    {"CpusOutOfRange", "run: {duration: 1s}\nhost: {cpus: 65}\n",
     "t.yaml:2:14: host.cpus: ", "must be in 1..64, got 65"},
    {"TscPpmOutOfRange", "run: {duration: 1s}\nhost:\n  tsc_ppm: 1500\n",
     "t.yaml:3:12: host.tsc_ppm: ", "must be in -1000..1000 (ppm), got 1500"},
    {"NumberExpected", "run: {duration: 1s}\nhost:\n  tsc_ppm: fast\n",
     "t.yaml:3:12: host.tsc_ppm: ", "expected a number, got 'fast'"},
    {"NoiseRateNotPositive", "run: {duration: 1s}\nhost:\n  noise: {rate_per_s: 0, length_quantiles: [1us, 2us]}\n",
     "t.yaml:3:23: host.noise.rate_per_s: ", "must be above 0 and at most 1000000 (gaps per second), got 0"},
    {"NoiseRateNotANumber", "run: {duration: 1s}\nhost:\n  noise: {rate_per_s: often, length_quantiles: [1us, 2us]}\n",
     "t.yaml:3:23: host.noise.rate_per_s: ", "expected a number, got 'often'"},
    {"NoiseZeroLength", "run: {duration: 1s}\nhost:\n  noise: {rate_per_s: 100, length_quantiles: [0ns, 2us]}\n",
     "t.yaml:3:47: host.noise.length_quantiles[0]: ", "a gap lasts at least 1ns"},
    {"NoiseLengthsDecrease", "run: {duration: 1s}\nhost:\n  noise: {rate_per_s: 100, length_quantiles: [3us, 2us]}\n",
     "t.yaml:3:52: host.noise.length_quantiles[1]: ", "quantiles must be non-decreasing: 2us follows 3us"},
    {"NoiseMisspelledKey", "run: {duration: 1s}\nhost:\n  noise: {rate_per_sec: 100, length_quantiles: [1us, 2us]}\n",
     "t.yaml:3:11: host.noise.rate_per_sec: ", "(did you mean 'rate_per_s'?)"},
    {"NoiseNeedsLengths", "run: {duration: 1s}\nhost:\n  noise: {rate_per_s: 100}\n",
     "t.yaml:3:10: host.noise.length_quantiles: ", "host.noise needs length_quantiles"},
    {"StallRateAboveLimit", "run: {duration: 1s}\nhost:\n  stalls: {rate_per_s: 2e6, length_quantiles: [1ms, 7ms]}\n",
     "t.yaml:3:24: host.stalls.rate_per_s: ", "must be above 0 and at most 1000000 (stalls per second), got 2e6"},
    {"StallsNeedLengths", "run: {duration: 1s}\nhost:\n  stalls: {rate_per_s: 0.1}\n",
     "t.yaml:3:11: host.stalls.length_quantiles: ", "host.stalls needs length_quantiles"},
    {"BackgroundRateNotPositive", "run: {duration: 1s}\nhost:\n  background: {rate_per_s: -1, length_quantiles: [1ms, 3ms]}\n",
     "t.yaml:3:28: host.background.rate_per_s: ", "must be above 0 and at most 1000000 (runs per second), got -1"},
    {"CostSpreadMeanIsNotOne", "run: {duration: 1s}\nvmm:\n  vcpu_tick_cost_spread: {quantiles: [1, 3]}\n",
     "t.yaml:3:38: vmm.vcpu_tick_cost_spread.quantiles: ",
     "the ratios' distribution must have mean 1 (within 1 %), got 2.000000: the cost itself is the mean"},
    {"CostSpreadDecreasing", "run: {duration: 1s}\nvmm:\n  vcpu_callback_cost_spread: {quantiles: [1.5, 0.5]}\n",
     "t.yaml:3:48: vmm.vcpu_callback_cost_spread.quantiles[1]: ", "quantiles must be non-decreasing"},
    {"CostSpreadRatioAboveLimit", "run: {duration: 1s}\nvmm:\n  vcpu_tick_cost_spread: {quantiles: [0, 2000]}\n",
     "t.yaml:3:42: vmm.vcpu_tick_cost_spread.quantiles[1]: ", "a ratio to the mean cost must be within 0..1000, got 2000"},
    {"CostSpreadNotAMap", "run: {duration: 1s}\nvmm:\n  vcpu_tick_cost_spread: 2\n",
     "t.yaml:3:26: vmm.vcpu_tick_cost_spread: ", "expected {quantiles: [...]} of cost / mean ratios"},
    {"AffinityEmpty", "run: {duration: 1s}\nvmm:\n  affinity: []\n",
     "t.yaml:3:13: vmm.affinity: ", "must list at least one CPU"},
    {"AffinityCpuMissingEvenWhenHostComesLater",
     "run: {duration: 1s}\nload:\n  - {name: a, kind: cpu_hog, affinity: [0, 2]}\nhost: {cpus: "
     "2}\n",
     "t.yaml:3:44: load[0].affinity[1]: ",
     "CPU 2 does not exist: host.cpus is 2, so CPUs are 0..1"},
    {"AffinityDuplicate", "run: {duration: 1s}\nhost: {cpus: 2}\nvmm: {affinity: [1, 1]}\n",
     "t.yaml:3:21: vmm.affinity[1]: ", "CPU 1 is listed twice"},

    // Load tasks
    {"TaskNameMissing", "run: {duration: 1s}\nload:\n  - kind: cpu_hog\n",
     "t.yaml:3:5: load[0].name: ", "required key 'name' is missing"},
    {"TaskNameCharacters", "run: {duration: 1s}\nload:\n  - name: my task\n    kind: cpu_hog\n",
     "t.yaml:3:11: load[0].name: ",
     "names may use only letters, digits, '_', '.' and '-', got 'my task'"},
    {"TaskNameDuplicate",
     "run: {duration: 1s}\nload:\n  - {name: a, kind: cpu_hog}\n  - {name: a, kind: cpu_hog}\n",
     "t.yaml:4:12: load[1].name: ", "task name 'a' is already used by load[0]"},
    {"TaskNameCollidesWithEarlierExpansion",
     "run: {duration: 1s}\nload:\n  - {name: make, kind: cpu_hog, count: 3}\n"
     "  - {name: make.2, kind: cpu_hog}\n",
     "t.yaml:4:12: load[1].name: ", "task name 'make.2' is already used by load[0]"},
    {"TaskExpansionCollidesWithEarlierName",
     "run: {duration: 1s}\nload:\n  - {name: a.1, kind: cpu_hog}\n"
     "  - {name: a, kind: cpu_hog, count: 2}\n",
     "t.yaml:4:12: load[1].name: ",
     "count 2 names the tasks a.0..a.1; task name 'a.1' is already used by load[0]"},
    {"TaskNameDuplicateOfExpandedTask",
     "run: {duration: 1s}\nload:\n  - {name: a, kind: cpu_hog, count: 2}\n"
     "  - {name: a, kind: cpu_hog}\n",
     "t.yaml:4:12: load[1].name: ", "task name 'a' is already used by load[0]"},
    {"TaskNameReservedForVmm", "run: {duration: 1s}\nload:\n  - {name: vmm.timer, kind: cpu_hog}\n",
     "t.yaml:3:12: load[0].name: ",
     "task name 'vmm.timer' is already used by the VMM's own thread"},
    {"TaskKindMissing", "run: {duration: 1s}\nload:\n  - {name: a}\n",
     "t.yaml:3:5: load[0].kind: ", "required key 'kind' is missing"},
    {"TaskKindUnknown", "run: {duration: 1s}\nload:\n  - {name: a, kind: dutty}\n",
     "t.yaml:3:21: load[0].kind: ",
     "expected one of cpu_hog, duty, bursty, sleeper, got 'dutty' (did you mean 'duty'?)"},
    {"TaskCountOutOfRange", "run: {duration: 1s}\nload:\n  - {name: a, kind: cpu_hog, count: 0}\n",
     "t.yaml:3:37: load[0].count: ", "must be in 1..1024, got 0"},
    {"FifoNeedsRtPriority",
     "run: {duration: 1s}\nload:\n  - {name: rt, kind: cpu_hog, policy: fifo}\n",
     "t.yaml:3:5: load[0].rt_priority: ", "policy 'fifo' needs rt_priority (1..99)"},
    {"RtPriorityNeedsFifo",
     "run: {duration: 1s}\nload:\n  - name: a\n    kind: cpu_hog\n    rt_priority: 10\n",
     "t.yaml:5:5: load[0].rt_priority: ", "applies only to policy 'fifo'"},
    {"RtPriorityOutOfRange",
     "run: {duration: 1s}\nload:\n  - name: a\n    kind: cpu_hog\n    policy: fifo\n"
     "    rt_priority: 100\n",
     "t.yaml:6:18: load[0].rt_priority: ", "must be in 1..99, got 100"},
    {"StopNotAfterStart",
     "run: {duration: 1s}\nload:\n  - {name: a, kind: cpu_hog, start: 2s, stop: 1s}\n",
     "t.yaml:3:47: load[0].stop: ", "must be later than start (2s)"},
    {"FieldOfAnotherKind",
     "run: {duration: 1s}\nload:\n  - name: a\n    kind: cpu_hog\n    period: 10ms\n",
     "t.yaml:5:5: load[0].period: ", "'period' does not apply to kind 'cpu_hog'"},
    {"FieldOfAnotherKindNamesTheKindsFields",
     "run: {duration: 1s}\nload:\n  - {name: a, kind: sleeper, run: 1ms, mean_sleep: 1ms, "
     "period: 1ms}\n",
     "t.yaml:3:57: load[0].period: ",
     "'period' does not apply to kind 'sleeper' (sleeper takes run, mean_sleep)"},
    {"DutyNeedsPeriod", "run: {duration: 1s}\nload:\n  - {name: a, kind: duty, run: 1ms}\n",
     "t.yaml:3:5: load[0].period: ", "kind 'duty' needs 'period'"},
    {"DutyRunExceedsPeriod",
     "run: {duration: 1s}\nload:\n  - name: a\n    kind: duty\n    run: 20ms\n    period: 10ms\n",
     "t.yaml:5:10: load[0].run: ", "run (20ms) must not exceed period (10ms)"},
    {"DutyPhaseNotBelowPeriod",
     "run: {duration: 1s}\nload:\n  - name: a\n    kind: duty\n    run: 1ms\n    period: 10ms\n"
     "    phase: 10ms\n",
     "t.yaml:7:12: load[0].phase: ", "must be less than period (10ms)"},
    {"BurstyNeedsMeanOff",
     "run: {duration: 1s}\nload:\n  - {name: b, kind: bursty, mean_on: 5ms}\n",
     "t.yaml:3:5: load[0].mean_off: ", "kind 'bursty' needs 'mean_off'"},
    {"SleeperMeanSleepZero",
     "run: {duration: 1s}\nload:\n  - name: s\n    kind: sleeper\n    run: 1ms\n    mean_sleep: "
     "0ms\n",
     "t.yaml:6:17: load[0].mean_sleep: ", "must be greater than 0"},

    // VMM
    {"VmmNiceOutOfRange", "run: {duration: 1s}\nvmm: {nice: 20}\n",
     "t.yaml:2:13: vmm.nice: ", "must be in -20..19, got 20"},
    {"RtcRejectsMerge",
     "run: {duration: 1s}\nvmm:\n  lost_tick_policy: merge\n  timer_device: rtc\n",
     "t.yaml:3:21: vmm.lost_tick_policy: ",
     "timer_device 'rtc' does not support 'merge'; rtc supports discard, catchup, catchup_giveup"},
    {"PitRejectsCatchup", "run: {duration: 1s}\nvmm:\n  lost_tick_policy: catchup\n",
     "t.yaml:3:21: vmm.lost_tick_policy: ",
     "timer_device 'pit' does not support 'catchup'; pit supports discard, delay, merge, "
     "catchup_giveup"},
    {"CatchupFactorWithoutCatchup", "run: {duration: 1s}\nvmm:\n  catchup_max_factor: 4\n",
     "t.yaml:3:3: vmm.catchup_max_factor: ",
     "only used by lost_tick_policy catchup or catchup_giveup; this VMM's policy is 'discard'"},
    {"GiveupThresholdWithoutGiveup",
     "run: {duration: 1s}\nvmm: {timer_device: rtc, lost_tick_policy: catchup, giveup_threshold: "
     "1s}\n",
     "t.yaml:2:53: vmm.giveup_threshold: ",
     "only used by lost_tick_policy catchup_giveup; this VMM's policy is 'catchup'"},
    {"CatchupFactorOutOfRange",
     "run: {duration: 1s}\nvmm:\n  lost_tick_policy: catchup_giveup\n  catchup_max_factor: 1\n",
     "t.yaml:4:23: vmm.catchup_max_factor: ", "must be in 2..64, got 1"},
    {"GiveupThresholdZero",
     "run: {duration: 1s}\nvmm:\n  lost_tick_policy: catchup_giveup\n  giveup_threshold: 0s\n",
     "t.yaml:4:21: vmm.giveup_threshold: ", "must be greater than 0"},

    // Guest
    {"HzNotSupported", "run: {duration: 1s}\nguest: {hz: 300}\n",
     "t.yaml:2:13: guest.hz: ", "must be one of 100, 250, 1000, got 300"},
    {"TscCalibrationTooLarge", "run: {duration: 1s}\nguest:\n  tsc_calibration_ppm: 5000\n",
     "t.yaml:3:24: guest.tsc_calibration_ppm: ", "must be within -1000..1000 ppm"},
    {"NtpOutageBackwards", "run: {duration: 1s}\nntp:\n  outages:\n    - {from: 5s, to: 2s}\n",
     "t.yaml:4:22: ntp.outages[0].to: ", "an outage must end after it starts"},
    {"NtpSlewLimitZero", "run: {duration: 1s}\nntp: {max_slew_ppm: 0}\n",
     "t.yaml:2:21: ntp.max_slew_ppm: ", "must be in (0, 100000] ppm"},
    {"OutsourcingModuleUnknown", "run: {duration: 1s}\nvmm:\n  outsourcing_module: kernel\n",
     "t.yaml:3:23: vmm.outsourcing_module: ", "expected one of host_kernel, vmm_process, got 'kernel'"},
    {"TickWorkExceedsPeriod",
     "run: {duration: 1s}\nguest:\n  hz: 1000\n  tick_cost: 900us\n  timer_callback_cost: 100us\n",
     "t.yaml:4:14: guest.tick_cost: ",
     "tick_cost + timer_callback_cost = 1ms is not less than the tick period (1ms at hz 1000): "
     "the guest could not finish one tick's work within a tick period"},
    {"WorkloadNameDuplicate",
     "run: {duration: 1s}\nguest:\n  workloads:\n    - {name: w, period: 1ms}\n"
     "    - {name: w, period: 2ms}\n",
     "t.yaml:5:14: guest.workloads[1].name: ",
     "workload name 'w' is already used by guest.workloads[0]"},
    {"WorkloadPeriodZero",
     "run: {duration: 1s}\nguest:\n  workloads:\n    - {name: w, period: 0s}\n",
     "t.yaml:4:25: guest.workloads[0].period: ", "must be greater than 0"},
    {"WorkloadKindUnknown",
     "run: {duration: 1s}\nguest:\n  workloads:\n    - {name: w, kind: one_shot}\n",
     "t.yaml:4:23: guest.workloads[0].kind: ", "expected one of periodic_timer, busy, media, tcp_rto, cron, got 'one_shot'"},

    {"BusyWorkloadWithPeriod",
     "run: {duration: 1s}\nguest:\n  workloads:\n    - {name: w, kind: busy, period: 5ms}\n",
     "t.yaml:4:29: guest.workloads[0].period: ", "'period' does not apply to kind 'busy'"},

    // Run
    {"SeedNegative", "run:\n  duration: 1s\n  seed: -1\n",
     "t.yaml:3:9: run.seed: ", "expected a non-negative integer, got '-1'"},
    {"SeedTooLarge", "run:\n  duration: 1s\n  seed: 18446744073709551616\n",
     "t.yaml:3:9: run.seed: ", "'18446744073709551616' does not fit in 64 bits"},
    {"TraceMaxEventsNotAnInteger", "run:\n  duration: 1s\n  trace_max_events: lots\n",
     "t.yaml:3:21: run.trace_max_events: ", "expected a non-negative integer, got 'lots'"},

    // Expectations
    {"ExpectNotAMapping", "run: {duration: 1s}\nexpect: [a]\n",
     "t.yaml:2:9: expect: ", "expected a mapping, got a list"},
    {"ExpectWithoutBounds", "run: {duration: 1s}\nexpect:\n  ticks.lost: {}\n",
     "t.yaml:3:15: expect.ticks.lost: ", "needs at least one of min, max, equals"},
    {"ExpectUnknownOp", "run: {duration: 1s}\nexpect:\n  ticks.lost: {mn: 0}\n",
     "t.yaml:3:16: expect.ticks.lost.mn: ",
     "unknown key 'mn' (did you mean 'min'?); valid keys: min, max, equals"},
    {"ExpectMinAboveMax", "run: {duration: 1s}\nexpect:\n  clock.drift_ppm: {min: 5, max: -5}\n",
     "t.yaml:3:34: expect.clock.drift_ppm.max: ", "max -5 is less than min 5"},
    {"ExpectBoundNotANumber", "run: {duration: 1s}\nexpect:\n  ticks.lost: {equals: zero}\n",
     "t.yaml:3:24: expect.ticks.lost.equals: ", "expected a number, got 'zero'"},
};

INSTANTIATE_TEST_SUITE_P(Scenario, ParserError, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<ErrorCase>& param) {
                           return std::string(param.param.name);
                         });

TEST(ScenarioErrorFields, CarryLocationFieldAndReasonSeparately) {
  try {
    (void)parse_scenario("run: {duration: 1s}\nhost:\n  cpus: 0\n", "dir/x.yaml");
    FAIL() << "accepted cpus: 0";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.location().file, "dir/x.yaml");
    EXPECT_EQ(e.location().line, 3);
    EXPECT_EQ(e.location().column, 9);
    EXPECT_EQ(e.field(), "host.cpus");
    EXPECT_EQ(e.reason(), "must be in 1..64, got 0");
    EXPECT_STREQ(e.what(), "dir/x.yaml:3:9: host.cpus: must be in 1..64, got 0");
  }
}

TEST(ScenarioErrorFields, UnreadableFileNamesPathAndErrno) {
  const std::string path = std::string(VTICK_BINARY_DIR) + "/no/such/scenario.yaml";
  try {
    (void)load_scenario_file(path);
    FAIL() << "read a file that does not exist";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": cannot read scenario file: No such file or directory");
    EXPECT_EQ(e.location().line, 0);
  }
}

}  // namespace
}  // namespace vtick::sim
