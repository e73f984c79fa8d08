#include "idt.h"

#include "outsourced_timer.h"
#include "pic.h"
#include "realvm/protocol.h"
#include "tcp_rto.h"
#include "tick.h"
#include "vm_exit.h"

extern const uint32_t interrupt_stub_table[IDT_STUB_COUNT];

struct idt_gate {
  uint16_t offset_low;
  uint16_t selector;
  uint8_t zero;
  uint8_t type_attributes;
  uint16_t offset_high;
} __attribute__((packed));

static struct idt_gate idt[IDT_STUB_COUNT];

/* Present, ring 0, 32-bit interrupt gate: the CPU clears IF on entry, so handlers never
 * nest and need no locking against each other. */
#define INTERRUPT_GATE 0x8e
#define KERNEL_CODE_SELECTOR 0x08

void idt_install(void) {
  for (int vector = 0; vector < IDT_STUB_COUNT; ++vector) {
    const uint32_t handler = interrupt_stub_table[vector];
    idt[vector].offset_low = (uint16_t)handler;
    idt[vector].selector = KERNEL_CODE_SELECTOR;
    idt[vector].zero = 0;
    idt[vector].type_attributes = INTERRUPT_GATE;
    idt[vector].offset_high = (uint16_t)(handler >> 16);
  }
  struct {
    uint16_t limit;
    uint32_t base;
  } __attribute__((packed)) descriptor = {sizeof(idt) - 1, (uint32_t)idt};
  __asm__ volatile("lidt %0" : : "m"(descriptor));
}

void interrupt_dispatch(struct interrupt_frame* frame);

void interrupt_dispatch(struct interrupt_frame* frame) {
  if (frame->vector < IRQ_VECTOR_BASE) {
    /* Nothing in this guest may fault: report which exception and where, then stop. */
    vm_exit_with_fault(frame->vector, frame->eip, frame->error_code);
  }
  if (frame->vector == VTICK_HOST_CQ_MSI_VECTOR) {
    outsourced_timer_interrupt(); /* acknowledges at the LAPIC itself */
    return;
  }
  const unsigned irq = frame->vector - IRQ_VECTOR_BASE;
  if (pic_is_spurious(irq)) {
    return; /* a spurious IRQ 7/15 must not be acknowledged */
  }
  if (irq == PIT_IRQ) {
    tick_interrupt();
    return;
  }
  if (irq == VTICK_OUTSOURCED_TIMER_IRQ && outsourced_timers_active()) {
    outsourced_timer_interrupt();
    return;
  }
  if (irq == VTICK_TCP_ACK_IRQ && tcp_rto_active()) {
    tcp_ack_interrupt();
    return;
  }
  pic_end_of_interrupt(irq);
}
