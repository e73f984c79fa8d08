// A token bucket: lets a guest make `burst` requests at once and `per_second` on average,
// and refuses the rest. Time is passed in, so the arithmetic is testable alone.
#pragma once

#include <cstdint>

namespace vtick::realvm::vmm {

class RateLimiter {
 public:
  RateLimiter(std::uint64_t per_second, std::uint64_t burst) : per_second_(per_second), burst_(burst), tokens_(burst) {}

  /// One request at host time `now_ns` (non-decreasing): true if it may go ahead.
  bool admit(std::int64_t now_ns);

 private:
  std::uint64_t per_second_;
  std::uint64_t burst_;
  std::uint64_t tokens_;
  std::int64_t last_refill_ns_ = -1;
  std::int64_t carry_ns_ = 0;  // time since the last refill not yet worth a whole token
};

}  // namespace vtick::realvm::vmm
