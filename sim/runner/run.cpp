#include "sim/runner/run.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <stdexcept>

#include "sim/runner/world.hpp"
#include "sim/sample_stats.hpp"
#include "sim/scenario_names.hpp"
#include "sim/systemc_engine.hpp"

namespace vtick::sim::runner {
namespace {

using nlohmann::ordered_json;

/// Simulation is run in chunks so progress can be reported between them.
constexpr int kProgressChunks = 100;

/// The observer also reads the clock at the end of the run; a guest-timer sampler's final
/// offset is its last sample, as a real run's is (null when it never sampled).
ordered_json clock_summary(const World& w, Sampling sampling, TimeNs end) {
  const auto& offsets = w.sampler.offset_ns();
  if (sampling == Sampling::GuestTimer && offsets.empty()) {
    return ordered_json{{"final_offset_ns", nullptr}, {"max_abs_offset_ns", nullptr}, {"drift_ppm", nullptr}};
  }
  const TimeNs final_offset = sampling == Sampling::Observer ? w.guest.wall_clock_ns(end) - end : offsets.back();
  std::int64_t max_abs = final_offset < 0 ? -final_offset : final_offset;
  for (std::int64_t offset : offsets) max_abs = std::max(max_abs, offset < 0 ? -offset : offset);
  return ordered_json{{"final_offset_ns", final_offset},
                      {"max_abs_offset_ns", max_abs},
                      {"drift_ppm", least_squares_slope(w.sampler.host_ns(), offsets) * 1e6}};
}

/// Scheduler-tick jitter quantiles (null when fewer than two ticks were handled).
ordered_json jitter_summary(const std::vector<std::int64_t>& jitter) {
  SampleStats stats;
  for (std::int64_t j : jitter) stats.add(j);
  const auto json_of = [](const std::optional<std::int64_t>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); };
  return ordered_json{{"p50", json_of(stats.quantile(0.5))}, {"p99", json_of(stats.quantile(0.99))}, {"max", json_of(stats.max())}};
}

ordered_json ticks_summary(const World& w, TimeNs end) {
  const auto& counters = w.device.counters();
  return ordered_json{{"expected", w.device.periods_ended(end)},
                      {"delivered", w.guest.ticks_handled()},
                      {"lost", counters.lost},
                      {"reinjected", counters.reinjected},
                      {"merged", counters.merged},
                      {"coalesced", w.device.line().coalesced()},
                      {"gave_up", counters.gave_up},
                      {"backlog_final", w.scheme.policy->backlog()},
                      {"backlog_max", counters.backlog_max},
                      {"jitter_ns", jitter_summary(w.guest.tick_jitter_ns())}};
}

ordered_json cost_summary(const World& w, VmmEngine engine, TimeNs end) {
  const auto& sched = w.host.scheduler();
  const TimeNs vcpu = sched.cpu_time(w.vcpu.task());
  const TimeNs timer = sched.cpu_time(w.timer_thread.task());
  return ordered_json{{"engine", name_of(engine)},
                      {"vm_exits", w.vcpu.vm_exits()},
                      {"injections", w.vcpu.injections()},
                      {"vmm_cpu_ns", vcpu + timer},
                      {"vcpu_thread_cpu_ns", vcpu},
                      {"timer_thread_cpu_ns", timer},
                      {"vmm_cpu_share", static_cast<double>(vcpu + timer) / static_cast<double>(end)}};
}

// The wake-ups that waited for host.wakeup_latency: how many, and their mean (the draws').
ordered_json wakeup_latency_summary(const models::host::CpuScheduler& sched) {
  const auto delayed = sched.wakeups_delayed();
  const TimeNs total = sched.wakeup_latency_total_ns();
  return ordered_json{{"delayed", delayed},
                      {"total_ns", total},
                      {"mean_ns", delayed == 0 ? 0.0 : static_cast<double>(total) / static_cast<double>(delayed)}};
}

// Per CPU: the gaps host.noise applied and skipped (host.stalls: applied to a busy CPU and to
// an idle one), and the CPU time they took from running tasks up to `end`.
ordered_json noise_summary(const models::host::HostNoise& noise, TimeNs end) {
  ordered_json cpus = ordered_json::array();
  std::uint64_t gaps = 0;
  TimeNs taken = 0;
  for (int cpu = 0; cpu < static_cast<int>(noise.counters().size()); ++cpu) {
    const auto& c = noise.counters()[static_cast<std::size_t>(cpu)];
    const TimeNs cpu_taken = noise.taken_until(cpu, end);
    gaps += c.gaps;
    taken += cpu_taken;
    ordered_json row{{"cpu", cpu}, {"gaps", c.gaps}};
    if (noise.kind() == models::host::GapKind::noise) {
      row["skipped_idle"] = c.skipped_idle;
    } else {
      row["idle_stalls"] = c.idle_stalls;
    }
    row["taken_ns"] = cpu_taken;
    cpus.push_back(row);
  }
  return ordered_json{{"gaps", gaps},
                      {"taken_ns", taken},
                      {"taken_share", static_cast<double>(taken) / static_cast<double>(end) / static_cast<double>(cpus.size())},
                      {"cpus", cpus}};
}

// A task's waits from wake-up to running: comparable with a traced host's sched_waking to
// sched_switch (null quantiles for a task that never woke).
ordered_json wait_summary(const SampleStats& waits) {
  const auto q = [&waits](double p) { return waits.quantile(p) ? ordered_json(*waits.quantile(p)) : ordered_json(); };
  return ordered_json{{"count", waits.count()}, {"p50", q(0.5)}, {"p90", q(0.9)}, {"p99", q(0.99)},
                      {"max", waits.max() ? ordered_json(*waits.max()) : ordered_json()}};
}

ordered_json host_summary(const World& w, TimeNs end) {
  const auto& sched = w.host.scheduler();
  ordered_json tasks = ordered_json::object();
  for (models::host::TaskId id = 0; id < sched.task_count(); ++id) {
    const TimeNs cpu = sched.cpu_time(id);
    tasks[sched.params(id).name] = {{"cpu_ns", cpu},
                                    {"cpu_share", static_cast<double>(cpu) / static_cast<double>(end)},
                                    {"wakeup_wait_ns", wait_summary(sched.wakeup_waits(id))}};
  }
  ordered_json host{{"cpus", sched.cpu_count()},
                    {"context_switches", sched.context_switches()},
                    {"hrtimers_fired", w.host.timers().fired()},
                    {"hrtimers_coalesced", w.host.timers().coalesced()},
                    {"tasks", tasks}};
  // Only with a latency, so that a run without one writes what it always wrote.
  if (sched.has_wakeup_latency()) host["wakeup_latency"] = wakeup_latency_summary(sched);
  if (w.noise) host["noise"] = noise_summary(*w.noise, end);
  if (w.stalls) host["stalls"] = noise_summary(*w.stalls, end);
  // eevdf only (cfs has no tick): where the seed put the host's tick grid, the first tick.
  if (sched.is_eevdf()) host["tick_phase_ns"] = sched.tick_phase();
  return host;
}

// What host.noise gets wrong (docs/scenarios.md, "host.noise").
constexpr const char* kNoiseApproximation =
    "host.noise: gaps on each CPU are a renewal process (exponential time between gaps, lengths drawn independently "
    "from the measured quantiles; no periodic tick component, no correlation between CPUs); during a gap the running "
    "task makes no progress but is charged the time (its vruntime advances) and the host schedules nothing because "
    "of it, while a wake-up or tick on that CPU waits for its end (its placement is computed when it happened); "
    "gaps that start on an idle CPU are skipped (the idle wake-up latency, host.wakeup_latency, already holds that "
    "time)";

// What host.stalls gets wrong (docs/scenarios.md, "host.stalls").
constexpr const char* kStallsApproximation =
    "host.stalls: stalls on each CPU are a renewal process as host.noise's (no bursts, no correlation between CPUs); "
    "a stall on an idle CPU delays the next task to run there until its end, and a wake-up latency drawn meanwhile "
    "overlaps the stall instead of following it";

// What host.background gets wrong (docs/scenarios.md, "host.background").
constexpr const char* kBackgroundApproximation =
    "host.background: this host's own tasks are one nice-0 task per CPU, pinned, whose runs start as a renewal "
    "process (exponential time between them, lengths from the measured quantiles) that does not wait for the task; "
    "calibrate sees only runs over 250 us that took a spinning thread's CPU, and a run the host split in two is two";

ordered_json approximations(bool wakeup_latency, bool eevdf) {
  return ordered_json::array(
      {eevdf ? "host scheduler: EEVDF as Linux 6.18's fair.c (lag, eligibility, deadlines, RUN_TO_PARITY, "
               "DELAY_DEQUEUE, slice ends noticed at the host tick) and FIFO; load balancing by task counts "
               "moves one queued task at a time (no PELT, no cache hotness), ticks aligned across CPUs (no "
               "skew_tick) at a phase drawn from the seed (host.tick_phase_ns), exact "
               "virtual-time division, no cgroups or RT throttling (docs/host-scheduler.md)"
             : "host scheduler: CFS-like fair class and FIFO; no load balancing of running tasks, slices end "
               "exactly (no host scheduler tick), no cgroups or RT throttling",
       wakeup_latency ? "host timer interrupts have no latency of their own beyond slack; a task woken onto an idle "
                        "CPU waits host.wakeup_latency (drawn independently per wake-up) before it is runnable"
                      : "host timer interrupts and wakeups have no latency of their own beyond slack and scheduling",
       "guest: runs only timer interrupts, timer callbacks and (busy) opaque CPU work; clocksources are "
       "jiffies (tick counting), a calibrated TSC or a pvclock page"});
}

// What the VMM's threads are charged, which depends on the engine (vmm.engine).
std::string vmm_cost_approximation(const VmmSpec& vmm) {
  std::string text = "VMM (engine " + std::string(name_of(vmm.engine)) +
                     "): costs are fixed per operation (device_cost per timer-thread wake-up; ";
  text += is_tcg(vmm.engine) ? "the vCPU thread's whole CPU per interrupt is vcpu_tick_cost, measured as one figure: "
                               "TCG's interrupt delivery, EOI and HLT cost 1 ns each, no VM exits"
                             : "vm_exit, inject, and vcpu_tick_cost or guest.tick_cost per tick";
  if (vmm.vcpu_callback_cost_ns && vmm.vcpu_sample_cost_ns) {
    text += "; every guest timer callback costs the vCPU thread vcpu_callback_cost and every clock sample "
            "vcpu_sample_cost, each one measured figure whatever else the guest does";
  } else if (vmm.vcpu_callback_cost_ns) {
    text += "; every guest timer callback costs the vCPU thread vcpu_callback_cost, one measured figure whatever the "
            "callback does (no vcpu_sample_cost: the Linux probe's sampler writes two trace lines, its timer one)";
  }
  text += ")";
  if (vmm.vcpu_tick_cost_spread_ppm.empty() && vmm.vcpu_callback_cost_spread_ppm.empty() &&
      vmm.vcpu_sample_cost_spread_ppm.empty()) {
    text += "; no cache or frequency effects: the vCPU's tick, callback and sample costs are constants";
  } else {
    text += "; the vCPU's tick, callback and sample costs vary by draws from the measured spreads "
            "(vcpu_tick_cost_spread, vcpu_callback_cost_spread, vcpu_sample_cost_spread), independent from one step "
            "to the next: "
            "a real thread's long wake-ups may come in runs";
  }
  if (vmm.vcpu_rest_cpu > 0 || vmm.timer_rest_cpu > 0) {
    text += "; each thread's at-rest CPU (vcpu_rest_cpu, timer_rest_cpu) accrues with host time and is paid with its "
            "next tick work, not in wake-ups of its own, and QEMU's other threads are not modelled";
  }
  if (vmm.timer_kick_share < 1 || vmm.timer_tail_share > 0) {
    text += "; the timer thread raises the interrupt partway through its work (timer_kick_share, timer_tail_share): "
            "fixed shares of every wake-up's cost";
  }
  if (vmm.vcpu_lock_attempt_ns > 0) {
    text += "; QEMU's global lock is held by the timer thread alone, from its raise to its tail, and the vCPU meets "
            "it only when taking an interrupt (vcpu_lock_attempt); QEMU's other users of the lock are not modelled";
  }
  return text;
}

void run_with_progress(World& w, TimeNs duration, const RunOptions& options) {
  if (!options.progress) {
    w.sim.run_until(duration);
    return;
  }
  for (int chunk = 1; chunk <= kProgressChunks; ++chunk) {
    w.sim.run_until(duration / kProgressChunks * chunk + (chunk == kProgressChunks ? duration % kProgressChunks : 0));
    options.progress(w.sim.now(), duration);
  }
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  const std::uint64_t seed = options.seed.value_or(scenario.run.seed);
  const TimeNs end = scenario.run.duration_ns;
  RunResult result{ordered_json::object(), SeriesWriter(Sampler::columns()), TraceWriter(scenario.run.trace_max_events),
                   {}};
  World world(scenario, seed, options.engine, result.series, result.trace);

  const auto wall_start = std::chrono::steady_clock::now();
  run_with_progress(world, end, options);
  world.host.scheduler().flush_observer();
  const auto wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - wall_start).count();

  ordered_json timers = ordered_json::object();
  for (const auto& workload : world.workloads) {
    timers[workload->name()] = workload->summary();
    result.lateness.emplace_back(workload->name(), workload->lateness_ns());
  }

  auto& s = result.summary;
  s["scenario"] = scenario.name;
  s["file"] = scenario.file;
  if (!scenario.host_profile.empty()) s["host_profile"] = scenario.host_profile;  // where the measured costs came from
  s["scheme"] = world.scheme.name;
  s["timer_device"] = name_of(scenario.vmm.timer_device);
  s["lost_tick_policy"] = world.scheme.policy->name();
  s["hz"] = scenario.guest.hz;
  s["seed"] = seed;
  s["duration_ns"] = end;
  s["clock"] = clock_summary(world, scenario.run.sampling, end);
  s["ticks"] = ticks_summary(world, end);
  s["timers"] = timers;
  s["cost"] = cost_summary(world, scenario.vmm.engine, end);
  ordered_json details = ordered_json::object();
  for (const auto& driver : world.scheme.drivers) driver->summarize(details);
  s["scheme_details"] = details;
  s["host"] = host_summary(world, end);
  s["sim"] = {{"events", world.sim.events_dispatched()}, {"engine", world.sim.engine_name()}, {"wall_ns", wall_ns}};
  s["build"] = {{"vtick", options.build_id}, {"systemc", systemc_version()}};
  s["approximations"] = approximations(world.host.scheduler().has_wakeup_latency(),
                                       scenario.host.scheduler.scheduler_class == SchedulerClass::Eevdf);
  s["approximations"].push_back(vmm_cost_approximation(scenario.vmm));
  if (world.noise) s["approximations"].push_back(kNoiseApproximation);
  if (world.stalls) s["approximations"].push_back(kStallsApproximation);
  if (scenario.host.background.rate_per_s > 0) s["approximations"].push_back(kBackgroundApproximation);

  result.trace.set_metadata("scenario", scenario.name);
  result.trace.set_metadata("seed", std::to_string(seed));
  result.trace.set_metadata("vtick", options.build_id);
  return result;
}

void write_outputs(const RunResult& result, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const auto write = [&](const char* name, const auto& emit) {
    std::ofstream out(dir / name, std::ios::binary);
    emit(out);
    if (!out) throw std::runtime_error("cannot write " + (dir / name).string());
  };
  write("summary.json", [&](std::ostream& o) { o << result.summary.dump(2) << '\n'; });
  write("series.csv", [&](std::ostream& o) { result.series.write(o); });
  write("trace.json", [&](std::ostream& o) { result.trace.write(o); });
  // Expiry order, not sorted: a cross-check thins the series by its own autocorrelation.
  for (const auto& [workload, samples] : result.lateness) {
    write(("lateness-" + workload + ".csv").c_str(), [&](std::ostream& o) {
      o << "lateness_ns\n";
      for (std::int64_t ns : samples) o << ns << '\n';
    });
  }
}

}  // namespace vtick::sim::runner
