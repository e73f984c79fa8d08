#include "console.h"

#include "portio.h"
#include "realvm/protocol.h"

void console_write(const char* text) {
  while (*text) {
    outb(VTICK_PORT_CONSOLE, (uint8_t)*text++);
  }
}

void console_write_u32(uint32_t value) {
  char digits[11];
  int position = 10;
  digits[position] = '\0';
  do {
    digits[--position] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  console_write(&digits[position]);
}
