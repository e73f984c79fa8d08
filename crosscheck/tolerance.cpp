#include "crosscheck/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vtick::crosscheck {
namespace {

void apply(const sim::ToleranceSpec& spec, Tolerance& t) {
  if (spec.sigmas) t.sigmas = *spec.sigmas;
  if (spec.abs) t.abs = *spec.abs;
  if (spec.rel) t.rel = *spec.rel;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

double Tolerance::allowed(double mean, double sd) const {
  return std::max({sigmas * sd, abs, rel * std::abs(mean)});
}

std::string Tolerance::describe(const std::string& unit) const {
  const bool ns = unit == "ns";
  return "max(" + number(sigmas) + " sd, " + number(ns ? abs / 1e6 : abs) + " " + (ns ? "ms" : unit) + ", " +
         number(rel * 100) + "%)";
}

Tolerances tolerances_for(const sim::Scenario& scenario) {
  Tolerances t;
  const double tick = static_cast<double>(scenario.tick_period_ns());
  const double duration = static_cast<double>(scenario.run.duration_ns);
  // A tick-counting clock reads in whole ticks: one tick of offset is quantisation, not
  // drift. Over a short run that one tick is a large rate, so the drift floor is the larger
  // of 20 ppm and one tick over the run.
  t.drift_ppm = {3, std::max(20.0, tick / duration * 1e6), 0.10};
  t.final_offset = {3, tick, 0.10};
  t.max_abs_offset = {3, tick, 0.10};
  t.ticks_lost = {3, 5, 0.20};
  // Lateness: a real host adds VM exits, interrupt delivery and scheduler noise the model
  // prices only on average; the tail and the maximum (a single sample) vary most.
  t.lateness_p50 = {3, 0.5 * sim::kNsPerMs, 0.25};
  t.lateness_p99 = {3, 1.0 * sim::kNsPerMs, 0.50};
  t.lateness_max = {3, 2.0 * sim::kNsPerMs, 1.00};

  const sim::CrosscheckSpec& c = scenario.crosscheck;
  if (c.seeds) t.seeds = *c.seeds;
  if (c.alpha) t.alpha = *c.alpha;
  if (c.ks_resolution_ns) t.ks_resolution_ns = *c.ks_resolution_ns;
  apply(c.drift_ppm, t.drift_ppm);
  apply(c.final_offset, t.final_offset);
  apply(c.max_abs_offset, t.max_abs_offset);
  apply(c.ticks_lost, t.ticks_lost);
  apply(c.lateness_p50, t.lateness_p50);
  apply(c.lateness_p99, t.lateness_p99);
  apply(c.lateness_max, t.lateness_max);
  return t;
}

}  // namespace vtick::crosscheck
