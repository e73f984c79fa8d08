#include "math64.h"

uint64_t div_u64(uint64_t dividend, uint64_t divisor) {
  uint64_t quotient = 0;
  uint64_t remainder = 0;
  for (int bit = 63; bit >= 0; --bit) {
    remainder = (remainder << 1) | ((dividend >> bit) & 1);
    if (remainder >= divisor) {
      remainder -= divisor;
      quotient |= (uint64_t)1 << bit;
    }
  }
  return quotient;
}
