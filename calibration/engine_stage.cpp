#include "calibration/engine_stage.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <initializer_list>
#include <tuple>
#include <utility>

#include "calibration/quantiles.hpp"
#include "calibration/sched_switch_trace.hpp"
#include "realvm/qemu/error.hpp"
#include "realvm/vmm/error.hpp"
#include "sim/scenario_names.hpp"

namespace vtick::calibration {
namespace {

using nlohmann::ordered_json;

// What each engine's roles become in the model (models/vmm): the vCPU thread, and the
// thread that runs the emulated timer (our user PIT thread, QEMU's main loop).
struct Roles {
  const char* vcpu;
  const char* timer;
};

Roles roles_of(sim::VmmEngine engine) {
  return engine == sim::VmmEngine::kvm ? Roles{"vcpu", "timer"} : Roles{"vcpu", "main_loop"};
}

std::string us(std::int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f us", static_cast<double>(ns) / 1000.0);
  return text;
}

std::string ms_per_s(std::optional<double> share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f ms/s", share.value_or(0) * 1000.0);
  return text;
}

std::string share_text(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", share);
  return text;
}

std::string ratio(const std::vector<double>& quantiles, std::size_t percent) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", quantiles[percent * (quantiles.size() - 1) / 100]);
  return text;
}

ordered_json run_json(const EngineRun& r) {
  ordered_json cpu = ordered_json::object();
  for (const auto& [role, ns] : r.demand.cpu_ns) cpu[role] = ns;
  ordered_json j{{"ticks_per_s", r.demand.ticks_per_s}, {"window_ns", r.demand.window_ns}, {"cpu_ns", cpu}};
  if (r.timer_period_error_ppm) j["timer_period_error_ppm"] = *r.timer_period_error_ppm;
  if (r.process_cpu_ns > 0) j["process_cpu_ns"] = r.process_cpu_ns;
  if (r.ticks_handled > 0) j["ticks_handled"] = r.ticks_handled;
  if (!r.from_schedstat) j["resolution"] = "stat clock ticks (no schedstat)";
  return j;
}

std::string derivation(sim::VmmEngine engine) {
  const Roles roles = roles_of(engine);
  const std::string timer = roles.timer;
  std::string text = "per role and pair of runs at tick rates lo < hi: rate = cpu_ns / window; per_tick = (rate_hi - "
                     "rate_lo) / (ticks_hi - ticks_lo); rest = rate_lo - ticks_lo x per_tick (each floored at 0); "
                     "profile = p50 over pairs: ";
  if (engine == sim::VmmEngine::kvm) return text + "vcpu_rest_cpu = vcpu rest, timer_rest_cpu = timer rest (per-tick "
                                                   "figures reported: vm_exit, inject, device_cost price them)";
  text += "vcpu_tick_cost = vcpu per_tick, vcpu_rest_cpu = vcpu rest, device_cost = " + timer + " per_tick, timer_rest_cpu = " +
          timer + " rest; role other is not modelled";
  if (engine != sim::VmmEngine::qemu_tcg_linux) return text;
  return text + "; timer_period_error_ppm = every Linux boot's LAPIC period against 1/HZ (its printed calibration "
                "result N: QEMU's period (N / 16 + 1) x 16 ns), the tick pairs' and the callback pairs', sorted, as "
                "the quantiles of the distribution a simulated run draws its own from";
}

std::string ms(std::chrono::nanoseconds d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

/// Runs `measure_and_record`; an engine this host lacks or a failed run is noted under
/// `what` (a profile key) and the stage goes on.
void attempt(const std::string& what, const std::function<void()>& measure_and_record, EngineStage& out,
             const std::function<void(const std::string&)>& say) {
  try {
    measure_and_record();
  } catch (const realvm::vmm::KvmUnavailable& e) {
    out.unavailable.push_back(what + ": no usable /dev/kvm: " + e.what());
    say("  skipped: no usable /dev/kvm");
  } catch (const realvm::qemu::QemuUnavailable& e) {
    out.unavailable.push_back(what + ": no QEMU: " + e.what());
    say("  skipped: no QEMU");
  } catch (const std::exception& e) {
    out.failed.push_back(what + ": " + e.what());
    say("  failed: " + std::string(e.what()));
  }
}

void attempt(sim::VmmEngine engine, const std::function<EnginePairs()>& measure, EngineStage& out,
             const std::function<void(const std::string&)>& say) {
  attempt("engines." + std::string(sim::name_of(engine)), [&] { record_engine(engine, measure(), out); }, out, say);
}

/// The pairs and each role's figures over them, as calibration.measured records them.
struct RecordedPairs {
  ordered_json json;
  std::map<std::string, RoleDemand> by_role;
};

RecordedPairs record_pairs(const EnginePairs& pairs) {
  std::vector<std::pair<DemandRun, DemandRun>> demand;
  ordered_json runs = ordered_json::array();
  for (const auto& [lo, hi] : pairs) {
    demand.emplace_back(lo.demand, hi.demand);
    runs.push_back(ordered_json{{"low", run_json(lo)}, {"high", run_json(hi)}});
  }
  RecordedPairs recorded{ordered_json::object(), demand_by_role(demand)};
  ordered_json roles = ordered_json::object();
  for (const auto& [role, d] : recorded.by_role) {
    roles[role] = ordered_json{{"per_tick", summary_json(summarize(d.per_tick_ns))},
                               {"rest_ns_per_s", summary_json(summarize(d.rest_ns_per_s))},
                               {"floored_at_0", d.floored}};
  }
  recorded.json = ordered_json{{"pairs", runs}, {"by_role", roles}};
  return recorded;
}

/// Every run's LAPIC period figure into `sorted`, which stays sorted.
void add_period_errors(const EnginePairs& pairs, std::vector<double>& sorted) {
  for (const auto& [lo, hi] : pairs) {
    for (const EngineRun* run : {&lo, &hi}) {
      if (run->timer_period_error_ppm) sorted.push_back(*run->timer_period_error_ppm);
    }
  }
  std::sort(sorted.begin(), sorted.end());
}

}  // namespace

void record_engine(sim::VmmEngine engine, const EnginePairs& pairs, EngineStage& out) {
  const std::string name(sim::name_of(engine));
  const RecordedPairs recorded = record_pairs(pairs);
  const auto& by_role = recorded.by_role;
  out.measured[name] = recorded.json;
  out.derived[name] = derivation(engine);

  const Roles r = roles_of(engine);
  EngineProfile p;
  p.engine = engine;
  p.comment = "VMM demand, p50 over " + std::to_string(pairs.size()) + " pairs of runs (calibration.measured.vmm_demand." + name + ")";
  if (const auto it = by_role.find(r.vcpu); it != by_role.end()) {
    const DemandFigure f = median_demand(it->second);
    if (engine != sim::VmmEngine::kvm) p.vcpu_tick_cost = ProfileValue{f.per_tick_ns, "vCPU thread CPU per tick"};
    p.vcpu_rest_cpu = rest_share(f.rest_ns_per_s);
  }
  add_period_errors(pairs, p.timer_period_error_ppm);
  if (const auto it = by_role.find(r.timer); it != by_role.end()) {
    const DemandFigure f = median_demand(it->second);
    if (engine != sim::VmmEngine::kvm) p.device_cost = ProfileValue{f.per_tick_ns, std::string(r.timer) + " thread CPU per tick"};
    p.timer_rest_cpu = rest_share(f.rest_ns_per_s);
  }
  out.engines.push_back(std::move(p));
}

namespace {

// Below this many wake-ups of a kind, the top percent of its spread is one or two samples.
constexpr std::size_t kMinWakeupsForSpread = 200;

/// One kind of traced wake-up and the spread the profile takes from it.
struct TracedKind {
  const char* name;  ///< "tick": vcpu_tick_cost_spread, calibration.measured.<engine>.vcpu_wakeups.tick
  std::vector<std::int64_t> WakeupKinds::*traced;
  std::vector<double> EngineProfile::*spread;
};

constexpr TracedKind kTickWakeups{"tick", &WakeupKinds::tick_ns, &EngineProfile::vcpu_tick_cost_spread};
constexpr TracedKind kCallbackWakeups{"callback", &WakeupKinds::callback_ns, &EngineProfile::vcpu_callback_cost_spread};
constexpr TracedKind kSampleWakeups{"sample", &WakeupKinds::sample_ns, &EngineProfile::vcpu_sample_cost_spread};

/// The `kinds` of wake-ups pooled over the pairs' runs into the engine's spreads, with their
/// figures under calibration.measured.<name>.vcpu_wakeups; a kind with too few wake-ups is
/// not written, and untraced runs write nothing, each saying why.
void record_wakeup_spreads(const EnginePairs& pairs, std::initializer_list<TracedKind> kinds, const std::string& name,
                           EngineProfile& engine, EngineStage& out) {
  WakeupKinds pooled;
  std::string unavailable;
  for (const auto& [lo, hi] : pairs) {
    for (const EngineRun* run : {&lo, &hi}) {
      if (!run->vcpu_wakeups) {
        unavailable = run->vcpu_wakeups_unavailable;
        continue;
      }
      for (const TracedKind& kind : kinds) {
        const auto& from = (*run->vcpu_wakeups).*kind.traced;
        auto& to = pooled.*kind.traced;
        to.insert(to.end(), from.begin(), from.end());
      }
      pooled.dropped += run->vcpu_wakeups->dropped;
    }
  }
  if (!unavailable.empty()) {
    std::string keys;
    for (const TracedKind& kind : kinds) keys += (keys.empty() ? "engines." + name + "." : ", ") + "vcpu_" + kind.name + "_cost_spread";
    out.unavailable.push_back(keys + ": not measured: " + unavailable);
    return;
  }
  ordered_json& measured = out.measured[name]["vcpu_wakeups"];
  for (const TracedKind& kind : kinds) {
    const auto& samples = pooled.*kind.traced;
    if (samples.size() < kMinWakeupsForSpread) {
      out.unavailable.push_back("engines." + name + ".vcpu_" + kind.name + "_cost_spread: not written: " +
                                std::to_string(samples.size()) + " " + kind.name + " wake-ups traced, fewer than " +
                                std::to_string(kMinWakeupsForSpread));
      continue;
    }
    measured[kind.name] = summary_json(summarize(samples));
    engine.*kind.spread = ratio_quantiles(samples, kWakeupQuantiles);
  }
  measured["dropped_no_switch_in"] = measured.value("dropped_no_switch_in", std::size_t{0}) + pooled.dropped;
  out.derived[name + ".vcpu_wakeups"] =
      "the callback and sample pairs' runs traced (tracefs sched_switch of QEMU's vCPU thread): a wake-up's on-CPU time "
      "from its switch in after sleeping to its switch out asleep; a callback wake-up has a probe timer record stamped "
      "from its start to the next one's, a sample wake-up a clock sample record and no timer record, a tick wake-up no "
      "record; a wake-up whose switch in was not recorded is left out (dropped_no_switch_in, both pairs' runs); "
      "vcpu_<kind>_cost_spread = p0, p1, ..., p100 of that kind's times (all runs pooled) over their interpolated "
      "mean: tick and callback from the callback pairs, sample from the sample pairs";
  engine.spread_comment = "vCPU on-CPU time per wake-up of this kind over its mean (calibration.measured." + name +
                          ".vcpu_wakeups)";
}

/// engines.qemu_tcg_linux, if record_engine wrote it.
EngineProfile* linux_engine(EngineStage& out) {
  const auto engine = std::find_if(out.engines.begin(), out.engines.end(),
                                   [](const EngineProfile& e) { return e.engine == sim::VmmEngine::qemu_tcg_linux; });
  return engine == out.engines.end() ? nullptr : &*engine;
}

}  // namespace

namespace {

/// One of the Linux probe's pair sets priced per event (callbacks, samples): its pairs under
/// calibration.measured.qemu_tcg_linux.<key> with `derivation`, its boots' LAPIC periods, the
/// vCPU's per-event figure as `cost`, and the `kinds` of traced wake-ups as their spreads.
void record_linux_probe_pairs(const EnginePairs& pairs, const std::string& key, const char* derivation,
                              std::optional<ProfileValue> EngineProfile::*cost, const char* cost_comment,
                              std::initializer_list<TracedKind> kinds, EngineStage& out) {
  const std::string name(sim::name_of(sim::VmmEngine::qemu_tcg_linux));
  EngineProfile* engine = linux_engine(out);
  if (engine == nullptr) return;
  const RecordedPairs recorded = record_pairs(pairs);
  out.measured[name][key] = recorded.json;
  out.derived[name + "." + key] = derivation;
  add_period_errors(pairs, engine->timer_period_error_ppm);
  if (const auto it = recorded.by_role.find("vcpu"); it != recorded.by_role.end()) {
    (*engine).*cost = ProfileValue{median_demand(it->second).per_tick_ns, cost_comment};
  }
  record_wakeup_spreads(pairs, kinds, name, *engine, out);
}

}  // namespace

void record_linux_callbacks(const EnginePairs& pairs, EngineStage& out) {
  record_linux_probe_pairs(
      pairs, "callbacks",
      "per role and pair of runs (nohz=off, clocksource=jiffies) at probe timer callback rates lo < hi: per_callback = "
      "(rate_hi - rate_lo) / (callbacks_hi - callbacks_lo) as per_tick above (figures named per_tick); profile = p50 "
      "over pairs: vcpu_callback_cost = vcpu per_callback; main_loop's figure is reported, not modelled (the model's "
      "callback is vCPU work)",
      &EngineProfile::vcpu_callback_cost, "vCPU thread CPU per probe timer callback (jiffies, from the tick)",
      {kTickWakeups, kCallbackWakeups}, out);
}

void record_linux_samples(const EnginePairs& pairs, EngineStage& out) {
  record_linux_probe_pairs(
      pairs, "samples",
      "per role and pair of runs (nohz=off, clocksource=jiffies, the probe's timer at its slow period in both) at clock "
      "sample rates lo < hi: per_sample = (rate_hi - rate_lo) / (samples_hi - samples_lo) as per_tick above (figures "
      "named per_tick); profile = p50 over pairs: vcpu_sample_cost = vcpu per_sample; main_loop's figure is reported, "
      "not modelled",
      &EngineProfile::vcpu_sample_cost, "vCPU thread CPU per clock sample of the probe (jiffies, from the tick)",
      {kSampleWakeups}, out);
}

void discount_probe_from_rest(double probe_per_s, EngineStage& out) {
  const std::string name(sim::name_of(sim::VmmEngine::qemu_tcg_linux));
  EngineProfile* engine = linux_engine(out);
  if (engine == nullptr || !engine->vcpu_rest_cpu || !engine->vcpu_callback_cost || !engine->vcpu_sample_cost) return;
  const double measured_ns_per_s = *engine->vcpu_rest_cpu * 1e9;
  const double probe_ns_per_s =
      probe_per_s * static_cast<double>(engine->vcpu_callback_cost->ns + engine->vcpu_sample_cost->ns);
  const double rest_ns_per_s = std::max(0.0, measured_ns_per_s - probe_ns_per_s);
  engine->vcpu_rest_cpu = rest_share(std::llround(rest_ns_per_s));
  out.measured[name]["vcpu_rest_less_probe"] =
      ordered_json{{"measured_ns_per_s", std::llround(measured_ns_per_s)},
                   {"probe_ns_per_s", std::llround(probe_ns_per_s)},
                   {"floored_at_0", measured_ns_per_s < probe_ns_per_s}};
  out.derived[name + ".vcpu_rest_cpu"] =
      "the tick pairs' vcpu rest less the probe's own work in those runs, its timer's and its sampler's each at the "
      "slow period (probe_ns_per_s = events per s x (vcpu_callback_cost + vcpu_sample_cost)), which the model charges "
      "per callback and per sample; floored at 0";
}

void record_linux_handoffs(const Handoffs& handoffs, EngineStage& out) {
  const std::string name(sim::name_of(sim::VmmEngine::qemu_tcg_linux));
  EngineProfile* engine = linux_engine(out);
  if (engine == nullptr) return;
  std::vector<std::int64_t> before, locked, tail;
  for (const HandoffWakeup& w : handoffs.handoffs) {
    before.push_back(w.before_kick_ns);
    locked.push_back(w.locked_ns);
    tail.push_back(w.tail_ns);
  }
  ordered_json measured{{"handoffs", handoffs.handoffs.size()},
                        {"single_kick", handoffs.single_kick},
                        {"no_kick", handoffs.no_kick},
                        {"lock_attempts", handoffs.lock_attempts_ns.size()}};
  if (!before.empty()) {
    measured["before_kick"] = summary_json(summarize(before));
    measured["locked"] = summary_json(summarize(locked));
    measured["tail"] = summary_json(summarize(tail));
  }
  if (!handoffs.lock_attempts_ns.empty()) measured["lock_attempt"] = summary_json(summarize(handoffs.lock_attempts_ns));
  out.measured[name]["handoffs"] = measured;
  out.derived[name + ".handoffs"] =
      "one run (nohz=off, clocksource=jiffies) with QEMU and one cpu_hog pinned to the measuring CPU, traced (tracefs "
      "sched_switch of the main loop and the vCPU, sched_waking of the vCPU): a main-loop wake-up that wakes the vCPU "
      "twice or more is a handoff, split at the first (the kick) and the last (the lock's release) into its on-CPU time "
      "before, between and after; timer_kick_share = sum(before) / sum(all), timer_tail_share = sum(after) / sum(all); "
      "vcpu_lock_attempt = mean on-CPU time of the vCPU's wake-ups that began after a handoff's kick and ended asleep "
      "before its release";
  if (handoffs.handoffs.size() < kMinWakeupsForSpread || handoffs.lock_attempts_ns.size() < kMinWakeupsForSpread) {
    out.unavailable.push_back("engines." + name + ".timer_kick_share, timer_tail_share, vcpu_lock_attempt: not written: " +
                              std::to_string(handoffs.handoffs.size()) + " handoffs and " +
                              std::to_string(handoffs.lock_attempts_ns.size()) + " lock attempts traced, fewer than " +
                              std::to_string(kMinWakeupsForSpread));
    return;
  }
  const HandoffShares shares = shares_of(handoffs);
  engine->timer_kick_share = shares.kick_share;
  engine->timer_tail_share = shares.tail_share;
  engine->handoff_comment = "of the main loop's CPU per wake-up, traced with a hog beside it (calibration.measured." +
                            name + ".handoffs)";
  engine->vcpu_lock_attempt =
      ProfileValue{shares.lock_attempt_ns, "vCPU thread CPU from the kick to blocking on QEMU's global lock, mean"};
}

EngineStage measure_engines(const EngineDemandPlan& plan, const std::string& linux_unavailable,
                            const std::function<void(const std::string&)>& say) {
  EngineStage out;
  const auto runs = std::to_string(plan.repeats) + " pairs of " + ms(plan.run) + " ms runs";
  say("VMM demand, kvm: our VMM at " + std::to_string(plan.low_hz) + " and " + std::to_string(plan.high_hz) + " Hz, " + runs);
  attempt(sim::VmmEngine::kvm, [&] { return measure_kvm_demand(plan); }, out, say);
  say("VMM demand, qemu_tcg: our guest at " + std::to_string(plan.low_hz) + " and " + std::to_string(plan.high_hz) + " Hz, " + runs);
  attempt(sim::VmmEngine::qemu_tcg, [&] { return measure_qemu_tcg_demand(plan); }, out, say);
  const std::string linux_skip =
      !linux_unavailable.empty() ? linux_unavailable : plan.linux_kernel.empty() ? "no Linux kernel given" : "";
  if (linux_skip.empty()) {
    say("VMM demand, qemu_tcg_linux: Debian's Linux with nohz=on and nohz=off, " + std::to_string(plan.linux_repeats) + " pairs");
    attempt(sim::VmmEngine::qemu_tcg_linux, [&] { return measure_qemu_tcg_linux_demand(plan); }, out, say);
    if (!out.engines.empty() && out.engines.back().engine == sim::VmmEngine::qemu_tcg_linux) {
      say("VMM demand, qemu_tcg_linux callbacks: the probe's timer every " + ms(plan.linux_probe_period) + " and " +
          ms(plan.linux_busy_probe_period) + " ms, nohz=off, jiffies, " + std::to_string(plan.linux_repeats) + " pairs");
      attempt("engines.qemu_tcg_linux.vcpu_callback_cost",
              [&] { record_linux_callbacks(measure_qemu_tcg_linux_callbacks(plan), out); }, out, say);
      say("VMM demand, qemu_tcg_linux samples: the probe's sampler every " + ms(plan.linux_probe_period) + " and " +
          ms(plan.linux_busy_probe_period) + " ms, nohz=off, jiffies, " + std::to_string(plan.linux_repeats) + " pairs");
      attempt("engines.qemu_tcg_linux.vcpu_sample_cost",
              [&] { record_linux_samples(measure_qemu_tcg_linux_samples(plan), out); }, out, say);
      discount_probe_from_rest(1e9 / static_cast<double>(plan.linux_probe_period.count()), out);
      say("VMM demand, qemu_tcg_linux handoffs: QEMU and one cpu_hog on CPU " + std::to_string(plan.cpu) +
          ", nohz=off, jiffies, traced");
      attempt("engines.qemu_tcg_linux.timer_kick_share", [&] {
        try {
          record_linux_handoffs(measure_qemu_tcg_linux_handoffs(plan), out);
        } catch (const TracefsUnavailable& e) {
          out.unavailable.push_back(
              "engines.qemu_tcg_linux.timer_kick_share, timer_tail_share, vcpu_lock_attempt: not measured: " +
              std::string(e.what()));
        }
      }, out, say);
    }
  } else {
    out.unavailable.push_back("engines.qemu_tcg_linux: " + linux_skip);
    say("VMM demand, qemu_tcg_linux: skipped: " + linux_skip);
  }
  for (const EngineProfile& e : out.engines) {
    std::string line = "  " + std::string(sim::name_of(e.engine)) + ":";
    if (e.vcpu_tick_cost) line += " vCPU per tick " + us(e.vcpu_tick_cost->ns) + ",";
    if (e.vcpu_callback_cost) line += " vCPU per callback " + us(e.vcpu_callback_cost->ns) + ",";
    if (e.vcpu_sample_cost) line += " vCPU per clock sample " + us(e.vcpu_sample_cost->ns) + ",";
    if (!e.vcpu_callback_cost_spread.empty()) {
      line += " vCPU callback wake-ups p99 " + ratio(e.vcpu_callback_cost_spread, 99) + "x their mean,";
    }
    if (e.device_cost) line += " timer thread per tick " + us(e.device_cost->ns) + ",";
    if (e.timer_kick_share && e.timer_tail_share && e.vcpu_lock_attempt) {
      line += " kick at " + share_text(*e.timer_kick_share) + " of it, tail " + share_text(*e.timer_tail_share) +
              ", vCPU lock attempt " + us(e.vcpu_lock_attempt->ns) + ",";
    }
    line += " at rest vCPU " + ms_per_s(e.vcpu_rest_cpu) + ", timer thread " + ms_per_s(e.timer_rest_cpu);
    say(line);
  }
  return out;
}

}  // namespace vtick::calibration
