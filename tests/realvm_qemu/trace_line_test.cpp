// The guest's text trace lines parse into the VMM's records; anything else is refused.
#include <gtest/gtest.h>

#include "realvm/protocol.h"
#include "realvm/qemu/trace_line.hpp"

namespace vtick::realvm::qemu {
namespace {

TEST(QemuTraceLine, ParsesAllFourHexFields) {
  const auto record = parse_trace_line("T 5 1 3198087 ffffffffffffffff", 42);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->host_ns, 42);
  EXPECT_EQ(record->kind, static_cast<std::uint32_t>(VTICK_TRACE_TIMER_FIRED));
  EXPECT_EQ(record->id, 1u);
  EXPECT_EQ(record->guest_ns, 0x3198087);
  EXPECT_EQ(record->arg, -1);  // the guest's u64 as int64, as the VMM's trace port converts it
}

TEST(QemuTraceLine, RefusesAnythingElse) {
  for (const char* line : {"", "T", "T 1 2 3", "T 1 2 3 4 ", "T 1 2 3 4 5", "X 1 2 3 4", "T  1 2 3 4",
                           "T 1 2 3 4x", "T g 2 3 4", "T 100000000 2 3 4", "T 1 2 3 10000000000000000",
                           "vtick guest: exit 0"}) {
    EXPECT_FALSE(parse_trace_line(line, 0).has_value()) << '"' << line << '"';
  }
}

}  // namespace
}  // namespace vtick::realvm::qemu
