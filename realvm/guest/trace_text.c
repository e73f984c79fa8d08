#include "trace_text.h"

#include "portio.h"
#include "realvm/protocol.h"

/* Hex, not decimal: no 64-bit division (which would need libgcc), and shorter lines. */
static void put_hex(uint64_t value) {
  static const char digits[] = "0123456789abcdef";
  int shift = 60;
  while (shift > 0 && ((value >> shift) & 0xf) == 0) {
    shift -= 4;
  }
  for (; shift >= 0; shift -= 4) {
    outb(VTICK_PORT_TRACE_TEXT, (uint8_t)digits[(value >> shift) & 0xf]);
  }
}

void trace_text_write(uint32_t kind, uint32_t id, uint64_t guest_ns, uint64_t arg) {
  outb(VTICK_PORT_TRACE_TEXT, 'T');
  outb(VTICK_PORT_TRACE_TEXT, ' ');
  put_hex(kind);
  outb(VTICK_PORT_TRACE_TEXT, ' ');
  put_hex(id);
  outb(VTICK_PORT_TRACE_TEXT, ' ');
  put_hex(guest_ns);
  outb(VTICK_PORT_TRACE_TEXT, ' ');
  put_hex(arg);
  outb(VTICK_PORT_TRACE_TEXT, '\n');
}
