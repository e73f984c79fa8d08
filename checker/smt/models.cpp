#include "checker/smt/models.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vtick::checker::smt {

namespace {

constexpr std::int64_t kPpb = 1'000'000'000;

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

std::int64_t magnitude(std::int64_t x) { return x < 0 ? -x : x; }

TransitionSystem blank(std::string name, std::string claim, std::vector<std::string> vars) {
  TransitionSystem s;
  s.name = std::move(name);
  s.claim = std::move(claim);
  s.vars = std::move(vars);
  return s;
}

}  // namespace

std::int64_t pvclock_tight_bound(const PvclockParams& p) {
  return magnitude(p.rate_error_ppb) * p.interval_ns / kPpb + p.rounding_ns;
}

TransitionSystem pvclock_bound(const PvclockParams& p, std::int64_t bound_ns, bool with_lemma) {
  require(p.interval_ns > 0 && p.rounding_ns >= 0, "pvclock: interval > 0 and rounding >= 0");
  TransitionSystem s = blank("pvclock_bound", "|guest - true| <= " + std::to_string(bound_ns) + " ns",
                     {"upd", "dt", "e", "t", "err"});
  const std::int64_t r = magnitude(p.rate_error_ppb), big_r = p.rounding_ns, iv = p.interval_ns;
  auto c = [&](const char* v) { return s.cur(v); };
  auto n = [&](const char* v) { return s.next(v); };
  s.init = c("upd") == 1 && c("dt") == 0 && c("e") == 0 && c("t") == 0 && in_range(c("err"), -big_r, big_r);
  Term update = n("upd") == 1 && n("dt") == 0 && n("e") == 0 && n("t") == 0 && in_range(n("err"), -big_r, big_r);
  Term advance = n("upd") == 0 && n("dt") >= 0 && n("t") == c("t") + n("dt") && n("t") <= iv &&
                 in_range(n("e") * kPpb, -(n("dt") * r), n("dt") * r) && n("err") == c("err") + n("e");
  s.trans = update || advance;
  s.property = in_range(c("err"), -bound_ns, bound_ns);
  if (with_lemma) {
    Term envelope = in_range(c("t"), 0, iv) && in_range(c("err") * kPpb, -(c("t") * r + big_r * kPpb),
                                                         c("t") * r + big_r * kPpb);
    s.lemmas.push_back({"envelope", "|err|*1e9 <= |r|*t + R*1e9: an advance adds |r|*dt to both sides", envelope});
  }
  return s;
}

TransitionSystem discard_drift(const DiscardParams& p, std::int64_t bound_ticks) {
  require(p.period_ns > 0 && p.window_ns % p.period_ns == 0 && p.max_deschedule_ns >= 0 &&
              p.max_deschedule_ns <= p.window_ns,
          "discard: window a multiple of the period, 0 <= deschedule <= window");
  TransitionSystem s = blank("discard_drift", "due - delivered <= " + std::to_string(bound_ticks) + " ticks",
                             {"burst", "missed", "due", "delivered"});
  const std::int64_t ticks = p.window_ns / p.period_ns;
  auto c = [&](const char* v) { return s.cur(v); };
  auto n = [&](const char* v) { return s.next(v); };
  s.init = c("burst") == 0 && c("missed") == 0 && c("due") == 0 && c("delivered") == 0;
  // missed * P <= burst: a deschedule of b ns covers at least floor(b / P) tick deadlines
  // whatever its alignment; the adversary may also lose fewer.
  s.trans = in_range(n("burst"), 0, p.max_deschedule_ns) && n("missed") >= 0 &&
            n("missed") * p.period_ns <= n("burst") && n("due") == c("due") + ticks &&
            n("delivered") == c("delivered") + ticks - n("missed");
  s.property = c("due") - c("delivered") <= bound_ticks;
  return s;
}

TransitionSystem delay_backlog(const DelayParams& p, std::int64_t bound_ticks) {
  require(p.period_ns > 0 && p.window_ns % p.period_ns == 0 && p.share_ns <= p.window_ns && p.share_ns >= 0 &&
              p.service_per_period >= 0,
          "delay: window a multiple of the period, 0 <= share <= window, service >= 0");
  TransitionSystem s = blank("delay_backlog", "backlog <= " + std::to_string(bound_ticks) + " ticks",
                     {"pos", "run", "ran", "served", "backlog"});
  const std::int64_t w = p.window_ns / p.period_ns, q = p.share_ns / p.period_ns, sv = p.service_per_period;
  auto c = [&](const char* v) { return s.cur(v); };
  auto n = [&](const char* v) { return s.next(v); };
  // The adversary may only choose schedules that still give the vCPU q periods this window.
  Term can_meet_share_now = c("ran") + (w - 1 - c("pos")) >= q;
  s.init = c("pos") == 0 && in_range(c("run"), 0, 1) && c("ran") == c("run") && can_meet_share_now &&
           c("served") == ite(c("run") == 1, min(sv, 1), 0) && c("backlog") == 1 - c("served");
  s.trans = n("pos") == ite(c("pos") == w - 1, 0, c("pos") + 1) && in_range(n("run"), 0, 1) &&
            n("ran") == ite(n("pos") == 0, 0, c("ran")) + n("run") && n("ran") + (w - 1 - n("pos")) >= q &&
            n("served") == ite(n("run") == 1, min(sv, c("backlog") + 1), 0) &&
            n("backlog") == c("backlog") + 1 - n("served");
  s.property = c("backlog") <= bound_ticks;
  Term window = in_range(c("pos"), 0, w - 1) && in_range(c("ran"), 0, c("pos") + 1) && c("backlog") >= 0 &&
                can_meet_share_now;
  s.lemmas.push_back({"window", "position, running-period count and share feasibility are kept by trans", window});
  if (sv >= 1 && sv * q >= w) {
    // Either the backlog has not drained in this window and each running period removed s,
    // or it drained and grew only in the non-running periods since.
    Term drain = c("backlog") <= (w - q) + c("pos") + 1 - c("ran") * sv || c("backlog") <= c("pos") + 1 - c("ran");
    s.lemmas.push_back({"drain", "holds at each window end because s * q/P >= w/P", drain});
  }
  return s;
}

TransitionSystem outsourcing_lateness(const OutsourcingParams& p, std::int64_t bound_ns) {
  require(p.slack_ns >= 0 && p.max_deschedule_ns >= 0 && p.injection_ns >= 0, "outsourcing: parameters >= 0");
  TransitionSystem s = blank("outsourcing_lateness", "delivery - deadline <= " + std::to_string(bound_ns) + " ns",
                     {"phase", "d", "now", "fire", "wait", "late"});
  auto c = [&](const char* v) { return s.cur(v); };
  auto n = [&](const char* v) { return s.next(v); };
  s.init = c("phase") == 0 && c("now") == 0 && c("d") >= 0 && c("fire") == 0 && c("wait") == 0 && c("late") == 0;
  Term host_fires = c("phase") == 0 && n("phase") == 1 && n("d") == c("d") && in_range(n("fire"), 0, p.slack_ns) &&
                    n("now") == c("d") + n("fire") && n("wait") == 0 && n("late") == 0;
  Term delivered = c("phase") == 1 && n("phase") == 2 && n("d") == c("d") && n("fire") == c("fire") &&
                   in_range(n("wait"), 0, p.max_deschedule_ns) && n("now") == c("now") + n("wait") + p.injection_ns &&
                   n("late") == n("now") - c("d");
  Term rearmed = c("phase") == 2 && n("phase") == 0 && n("d") >= c("now") && n("now") == c("now") &&
                 n("fire") == 0 && n("wait") == 0 && n("late") == 0;
  s.trans = host_fires || delivered || rearmed;
  s.property = c("late") <= bound_ns;
  return s;
}

TransitionSystem ntp_offset(const NtpParams& p, std::int64_t bound_ns) {
  require(p.poll_ns > 0 && p.jitter_ns >= 0 && p.margin_ns >= 0 && p.max_slew_ppb > 0 && p.step_threshold_ns >= 0 &&
              p.initial_offset_ns >= 0,
          "ntp: poll > 0, max_slew > 0; jitter, margin, step threshold, initial offset >= 0");
  require(magnitude(p.drift_ppb) < kPpb && p.poll_ns <= 1'000'000'000'000,
          "ntp: |drift| < 10^9 ppb and poll <= 1000 s (products stay in 64 bits)");
  TransitionSystem s = blank("ntp_offset", "|guest - true| <= " + std::to_string(bound_ns) + " ns at every poll",
                             {"n", "off", "e", "fT"});
  const std::int64_t drift = p.drift_ppb * p.poll_ns / kPpb;    // ns per interval
  const std::int64_t slew = p.max_slew_ppb * p.poll_ns / kPpb;  // ns per interval
  const std::int64_t h = p.jitter_ns / 2 + p.margin_ns;
  auto c = [&](const char* v) { return s.cur(v); };
  auto n = [&](const char* v) { return s.next(v); };
  auto clamp = [](const Term& x, std::int64_t limit) { return max(Term(-limit), min(Term(limit), x)); };
  // The choices of a poll with `samples` samples before it.
  const std::int64_t f_lo = std::clamp(drift - 2 * h, -slew, slew), f_hi = std::clamp(drift + 2 * h, -slew, slew);
  auto poll_choices = [&](const Term& samples, const Term& e, const Term& f_t) {
    return in_range(e, -h, h) && ite(samples == 0, f_t == 0, in_range(f_t, f_lo, f_hi));
  };
  s.init = c("n") == 0 && in_range(c("off"), -p.initial_offset_ns, p.initial_offset_ns) && poll_choices(c("n"), c("e"), c("fT"));
  const Term theta = -c("off") + c("e");
  const Term stepped = c("e") + drift + clamp(-c("fT"), slew);
  const Term slewed = c("off") + drift + clamp(theta - c("fT"), slew);
  s.trans = n("n") == min(c("n") + 1, Term(2)) && n("off") == ite(abs(theta) > p.step_threshold_ns, stepped, slewed) &&
            poll_choices(n("n"), n("e"), n("fT"));
  s.property = abs(c("off")) <= bound_ns;
  return s;
}

}  // namespace vtick::checker::smt
