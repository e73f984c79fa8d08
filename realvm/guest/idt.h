/* Interrupt descriptor table and the dispatch from the entry stubs. */
#ifndef VTICK_GUEST_IDT_H
#define VTICK_GUEST_IDT_H

#include <stdint.h>

#define IDT_STUB_COUNT 49 /* 0-31 exceptions, 32-47 the PICs, 48 the host-kernel MSI */
#define IRQ_VECTOR_BASE 0x20 /* the 8259s are remapped here, above the CPU exceptions */

/* What interrupt_common leaves on the stack: pusha's registers, then the stub's pushes. */
struct interrupt_frame {
  uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
  uint32_t vector, error_code;
  uint32_t eip, cs, eflags;
};

void idt_install(void);

#endif
