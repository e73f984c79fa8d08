#include "models/guest/timer_wheel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

namespace vtick::models::guest {
namespace {

using Ids = std::vector<TimerId>;

Ids advance(TimerWheel& wheel, Jiffies now) {
  Ids expired;
  wheel.advance_to(now, expired);
  return expired;
}

TEST(TimerWheel, FiresExactlyAtExpiry) {
  TimerWheel wheel;
  const TimerId t = wheel.create_timer();
  wheel.add(t, 10);
  EXPECT_TRUE(wheel.active(t));
  EXPECT_EQ(wheel.expires(t), 10u);
  EXPECT_TRUE(advance(wheel, 9).empty());
  EXPECT_EQ(advance(wheel, 10), Ids{t});
  EXPECT_FALSE(wheel.active(t));
  EXPECT_EQ(wheel.active_count(), 0u);
  EXPECT_EQ(wheel.now(), 10u);
}

TEST(TimerWheel, ExpiryInThePastOrNowFiresAtNextTick) {
  TimerWheel wheel(1000);
  const TimerId past = wheel.create_timer();
  const TimerId present = wheel.create_timer();
  wheel.add(present, 1000);
  wheel.add(past, 3);
  EXPECT_TRUE(advance(wheel, 1000).empty());
  // Within the tick, ordered by expires, not by arming order.
  EXPECT_EQ(advance(wheel, 1001), (Ids{past, present}));
}

TEST(TimerWheel, SameTickOrdersByExpiresThenArmingOrder) {
  TimerWheel wheel(50);
  Ids t;
  for (int i = 0; i < 4; ++i) t.push_back(wheel.create_timer());
  wheel.add(t[0], 51);
  wheel.add(t[1], 40);
  wheel.add(t[2], 51);
  wheel.add(t[3], 40);
  EXPECT_EQ(advance(wheel, 51), (Ids{t[1], t[3], t[0], t[2]}));
}

TEST(TimerWheel, DelReturnsWhetherActiveAndPreventsFiring) {
  TimerWheel wheel;
  const TimerId t = wheel.create_timer();
  EXPECT_FALSE(wheel.del(t));
  wheel.add(t, 5);
  EXPECT_TRUE(wheel.del(t));
  EXPECT_FALSE(wheel.del(t));
  EXPECT_FALSE(wheel.active(t));
  EXPECT_TRUE(advance(wheel, 100).empty());
}

TEST(TimerWheel, ModOfActiveAndInactiveTimers) {
  TimerWheel wheel;
  const TimerId t = wheel.create_timer();
  EXPECT_FALSE(wheel.mod(t, 20));
  EXPECT_TRUE(wheel.mod(t, 30));
  EXPECT_EQ(wheel.expires(t), 30u);
  EXPECT_EQ(wheel.active_count(), 1u);
  EXPECT_TRUE(advance(wheel, 29).empty());
  EXPECT_TRUE(wheel.mod(t, 5000));  // moves it from tv1 to tv2
  EXPECT_TRUE(advance(wheel, 4999).empty());
  EXPECT_EQ(advance(wheel, 5000), Ids{t});
  EXPECT_FALSE(wheel.mod(t, 5001));  // re-arm after firing, as a callback would
  EXPECT_EQ(advance(wheel, 5001), Ids{t});
}

TEST(TimerWheel, ModRestartsArmingOrder) {
  TimerWheel wheel;
  const TimerId a = wheel.create_timer();
  const TimerId b = wheel.create_timer();
  wheel.add(a, 7);
  wheel.add(b, 7);
  wheel.mod(a, 7);
  EXPECT_EQ(advance(wheel, 7), (Ids{b, a}));
}

TEST(TimerWheel, CallerBugsThrow) {
  TimerWheel wheel(10);
  const TimerId t = wheel.create_timer();
  EXPECT_THROW((void)wheel.expires(t), std::logic_error);
  wheel.add(t, 20);
  EXPECT_THROW(wheel.add(t, 30), std::logic_error);
  EXPECT_EQ(wheel.expires(t), 20u);  // the failed add changed nothing
  Ids expired;
  EXPECT_THROW(wheel.advance_to(9, expired), std::logic_error);
  EXPECT_THROW(wheel.add(t + 1, 5), std::out_of_range);
  EXPECT_NO_THROW(wheel.advance_to(10, expired));  // staying put is fine
}

TEST(TimerWheel, NextExpiryIsTheEarliestActiveExpiry) {
  TimerWheel wheel;
  EXPECT_EQ(wheel.next_expiry(), std::nullopt);
  const TimerId a = wheel.create_timer();
  const TimerId b = wheel.create_timer();
  const TimerId c = wheel.create_timer();
  wheel.add(a, 300);  // tv2 at arming time
  (void)advance(wheel, 200);
  wheel.add(b, 400);  // tv1, though later than a
  wheel.add(c, Jiffies{1} << 40);
  EXPECT_EQ(wheel.next_expiry(), 300u);
  wheel.del(a);
  EXPECT_EQ(wheel.next_expiry(), 400u);
  EXPECT_EQ(advance(wheel, 400), Ids{b});
  EXPECT_EQ(wheel.next_expiry(), Jiffies{1} << 40);
}

TEST(TimerWheel, PeriodicRearmFromCallback) {
  TimerWheel wheel;
  const TimerId t = wheel.create_timer();
  wheel.add(t, 100);
  std::vector<Jiffies> fired_at;
  for (Jiffies now = 1; now <= 1000; ++now) {
    for (TimerId id : advance(wheel, now)) {
      fired_at.push_back(now);
      wheel.add(id, now + 100);
    }
  }
  EXPECT_EQ(fired_at, (std::vector<Jiffies>{100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}));
}

// Each distance lands at or next to a level boundary of the wheel (or of Linux's clamp).
const std::vector<Jiffies> kBoundaryDistances = {
    1,
    255,
    256,
    257,
    256 * 64 - 1,  // tv2 / tv3 boundary (2^14)
    256 * 64,
    256 * 64 + 1,
    (Jiffies{1} << 20) - 1,
    (Jiffies{1} << 20) + 1,
    (Jiffies{1} << 26) - 1,
    Jiffies{1} << 26,
    (Jiffies{1} << 26) + 1,
    (Jiffies{1} << 32) - 2,
    (Jiffies{1} << 32) - 1,  // Linux's clamp: the farthest placement
    Jiffies{1} << 32,
    (Jiffies{1} << 32) + 1,
    (Jiffies{1} << 33) + 12345,
    3 * (Jiffies{1} << 32) + 7,
    Jiffies{1} << 40,
};

// Starting points: aligned to every level, and just before/after a full cascade.
const std::vector<Jiffies> kStarts = {
    0, 1, 255, 256, 12345, (Jiffies{1} << 26) - 1, Jiffies{1} << 32, (Jiffies{1} << 32) + 99999};

TEST(TimerWheel, CascadeBoundariesFireAtTheRightTick) {
  for (Jiffies start : kStarts) {
    for (Jiffies distance : kBoundaryDistances) {
      SCOPED_TRACE(testing::Message() << "start " << start << " distance " << distance);
      TimerWheel wheel(start);
      const TimerId t = wheel.create_timer();
      wheel.add(t, start + distance);
      EXPECT_TRUE(advance(wheel, start + distance - 1).empty());
      EXPECT_TRUE(wheel.active(t));
      EXPECT_EQ(advance(wheel, start + distance), Ids{t});
    }
  }
}

TEST(TimerWheel, CascadeBoundariesWhenSteppingTickByTick) {
  // Step through the last ticks one at a time, as the simulator does, after a big jump.
  for (Jiffies distance : kBoundaryDistances) {
    SCOPED_TRACE(testing::Message() << "distance " << distance);
    TimerWheel wheel(777);
    const TimerId t = wheel.create_timer();
    const Jiffies expiry = 777 + distance;
    wheel.add(t, expiry);
    const Jiffies stepping_from = expiry > 777 + 600 ? expiry - 600 : 777;
    EXPECT_TRUE(advance(wheel, stepping_from).empty());
    for (Jiffies now = stepping_from + 1; now < expiry; ++now) {
      ASSERT_TRUE(advance(wheel, now).empty()) << "at " << now;
    }
    EXPECT_EQ(advance(wheel, expiry), Ids{t});
  }
}

TEST(TimerWheel, ManyTimersAcrossLevelsFireInOrder) {
  TimerWheel wheel(5);
  std::map<Jiffies, TimerId> by_expiry;
  for (Jiffies distance : kBoundaryDistances) {
    const TimerId t = wheel.create_timer();
    wheel.add(t, 5 + distance);
    ASSERT_TRUE(by_expiry.emplace(5 + distance, t).second) << "duplicate distance " << distance;
  }
  Ids expected;
  for (const auto& [expiry, id] : by_expiry) expected.push_back(id);
  EXPECT_EQ(advance(wheel, 5 + (Jiffies{1} << 40)), expected);
  EXPECT_EQ(wheel.active_count(), 0u);
}

TEST(TimerWheel, HugeIdleJumpIsCheap) {
  TimerWheel wheel;
  EXPECT_TRUE(advance(wheel, Jiffies{1} << 60).empty());  // would never end if it walked every tick
  const TimerId t = wheel.create_timer();
  wheel.add(t, (Jiffies{1} << 60) + (Jiffies{1} << 45));
  EXPECT_TRUE(advance(wheel, (Jiffies{1} << 60) + (Jiffies{1} << 45) - 1).empty());
  EXPECT_EQ(advance(wheel, (Jiffies{1} << 60) + (Jiffies{1} << 45)), Ids{t});
}

/// The specification, executed naively: a map ordered by (expires, arming order). At each
/// tick, everything with expires <= tick is due, because anything armed before the tick was
/// armed at an earlier jiffy.
class ReferenceWheel {
 public:
  explicit ReferenceWheel(Jiffies now) : now_(now) {}
  TimerId create_timer() {
    armed_.emplace_back();
    return static_cast<TimerId>(armed_.size() - 1);
  }
  bool mod(TimerId id, Jiffies expires) {
    const bool was_active = del(id);
    armed_[id] = Key{expires, sequence_++};
    queue_[*armed_[id]] = id;
    return was_active;
  }
  bool del(TimerId id) {
    if (!armed_[id]) return false;
    queue_.erase(*armed_[id]);
    armed_[id].reset();
    return true;
  }
  [[nodiscard]] bool active(TimerId id) const { return armed_[id].has_value(); }
  [[nodiscard]] Jiffies expires(TimerId id) const { return armed_[id]->first; }
  [[nodiscard]] std::size_t active_count() const { return queue_.size(); }
  [[nodiscard]] std::optional<Jiffies> next_expiry() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.begin()->first.first;
  }
  void advance_to(Jiffies now, Ids& expired) {
    while (!queue_.empty() && queue_.begin()->first.first <= now) {
      const Jiffies tick = std::max(queue_.begin()->first.first, now_ + 1);
      while (!queue_.empty() && queue_.begin()->first.first <= tick) {
        const TimerId id = queue_.begin()->second;
        queue_.erase(queue_.begin());
        armed_[id].reset();
        expired.push_back(id);
      }
      now_ = tick;
    }
    now_ = now;
  }

 private:
  using Key = std::pair<Jiffies, std::uint64_t>;
  Jiffies now_;
  std::uint64_t sequence_ = 0;
  std::map<Key, TimerId> queue_;
  std::vector<std::optional<Key>> armed_;
};

/// Expiry offsets weighted towards the places where the wheel can go wrong.
Jiffies random_expiry(std::mt19937_64& rng, Jiffies now) {
  const auto pick = std::uniform_int_distribution<int>(0, 99)(rng);
  const auto upto = [&rng](Jiffies hi) {
    return std::uniform_int_distribution<Jiffies>(0, hi)(rng);
  };
  if (pick < 5) return now - std::min(now, upto(500));  // in the past
  if (pick < 45) return now + upto(300);
  if (pick < 65) return now + upto(20000);
  if (pick < 75) {
    const Jiffies edge = kBoundaryDistances[upto(kBoundaryDistances.size() - 1)];
    return now + edge + upto(4) - 2;
  }
  if (pick < 85) return now + upto(Jiffies{1} << 24);
  if (pick < 95) return now + upto(Jiffies{1} << 30);
  return now + upto(Jiffies{1} << 35);
}

Jiffies random_step(std::mt19937_64& rng) {
  const auto pick = std::uniform_int_distribution<int>(0, 999)(rng);
  const auto upto = [&rng](Jiffies lo, Jiffies hi) {
    return std::uniform_int_distribution<Jiffies>(lo, hi)(rng);
  };
  if (pick < 980) return upto(1, 300);
  if (pick < 995) return upto(300, 2000000);
  return upto(Jiffies{1} << 26, Jiffies{1} << 34);  // a lost-tick burst of absurd size
}

struct RunResult {
  Ids expired;                  // the wheel's full expiry sequence
  std::size_t far_fired = 0;    // of which armed beyond the 2^32 clamp
};

/// Runs `operations` random add/mod/del/advance calls on both wheels, comparing every result.
/// (An out-parameter because ASSERT_* needs a void function.)
void differential_run(std::uint64_t seed, int operations, std::size_t timers, RunResult& result) {
  std::mt19937_64 rng(seed);
  const Jiffies start = std::uniform_int_distribution<Jiffies>(0, Jiffies{1} << 33)(rng);
  TimerWheel wheel(start);
  ReferenceWheel reference(start);
  for (std::size_t i = 0; i < timers; ++i) {
    ASSERT_EQ(wheel.create_timer(), reference.create_timer());
  }
  std::vector<bool> armed_far(timers, false);
  const auto arm = [&](TimerId id, Jiffies expiry) {
    armed_far[id] = expiry > wheel.now() + (Jiffies{1} << 32);
  };
  std::uniform_int_distribution<TimerId> any_timer(0, static_cast<TimerId>(timers - 1));
  std::uniform_int_distribution<int> op(0, 99);
  for (int i = 0; i < operations; ++i) {
    const TimerId id = any_timer(rng);
    const int kind = op(rng);
    if (kind < 35) {
      if (!reference.active(id)) {
        const Jiffies expiry = random_expiry(rng, wheel.now());
        arm(id, expiry);
        wheel.add(id, expiry);
        reference.mod(id, expiry);
      }
    } else if (kind < 55) {
      const Jiffies expiry = random_expiry(rng, wheel.now());
      arm(id, expiry);
      ASSERT_EQ(wheel.mod(id, expiry), reference.mod(id, expiry)) << "op " << i;
    } else if (kind < 70) {
      ASSERT_EQ(wheel.del(id), reference.del(id)) << "op " << i;
    } else {
      const Jiffies now = wheel.now() + random_step(rng);
      Ids got;
      Ids want;
      wheel.advance_to(now, got);
      reference.advance_to(now, want);
      ASSERT_EQ(got, want) << "op " << i << " advancing to " << now;
      result.expired.insert(result.expired.end(), got.begin(), got.end());
      for (TimerId fired : got) result.far_fired += armed_far[fired] ? 1 : 0;
    }
    ASSERT_EQ(wheel.active(id), reference.active(id)) << "op " << i;
    if (reference.active(id)) {
      ASSERT_EQ(wheel.expires(id), reference.expires(id)) << "op " << i;
    }
    ASSERT_EQ(wheel.active_count(), reference.active_count()) << "op " << i;
    if (i % 97 == 0) {
      ASSERT_EQ(wheel.next_expiry(), reference.next_expiry()) << "op " << i;
    }
  }
}

TEST(TimerWheel, MatchesReferenceOnRandomOperations) {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    RunResult run;
    differential_run(seed, 25000, seed % 2 == 0 ? 64 : 1500, run);
    ASSERT_FALSE(HasFatalFailure());
    // The run must actually exercise expiry, including of clamped timers.
    EXPECT_GT(run.expired.size(), 1000u);
    EXPECT_GT(run.far_fired, 0u);
  }
}

TEST(TimerWheel, IdenticalRunsProduceIdenticalSequences) {
  RunResult first;
  RunResult second;
  differential_run(42, 20000, 500, first);
  differential_run(42, 20000, 500, second);
  EXPECT_FALSE(first.expired.empty());
  EXPECT_EQ(first.expired, second.expired);
}

}  // namespace
}  // namespace vtick::models::guest
