#include "realvm/vmm/rate_limiter.hpp"

#include <algorithm>

namespace vtick::realvm::vmm {

bool RateLimiter::admit(std::int64_t now_ns) {
  if (last_refill_ns_ >= 0 && now_ns > last_refill_ns_) {
    const std::int64_t ns_per_token = 1'000'000'000 / static_cast<std::int64_t>(per_second_);
    const std::int64_t elapsed = now_ns - last_refill_ns_ + carry_ns_;
    const auto earned = static_cast<std::uint64_t>(elapsed / ns_per_token);
    tokens_ = std::min(burst_, tokens_ + earned);
    carry_ns_ = tokens_ == burst_ ? 0 : elapsed % ns_per_token;
  }
  last_refill_ns_ = std::max(last_refill_ns_, now_ns);
  if (tokens_ == 0) {
    return false;
  }
  --tokens_;
  return true;
}

}  // namespace vtick::realvm::vmm
