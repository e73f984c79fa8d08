#include "pic.h"

#include "idt.h"
#include "portio.h"

#define PIC_MASTER_COMMAND 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_COMMAND 0xa0
#define PIC_SLAVE_DATA 0xa1
#define PIC_CASCADE_IRQ 2

#define ICW1_INIT_WITH_ICW4 0x11 /* edge triggered, cascaded, ICW4 follows */
#define ICW4_8086_MODE 0x01
#define OCW2_NONSPECIFIC_EOI 0x20
#define OCW3_READ_ISR 0x0b

/* Local APIC registers (physical; paging is off). Out of reset KVM's LAPIC is enabled with
 * LINT0 masked, and KVM only delivers the PIC's output while LINT0 is unmasked ExtINT or the
 * APIC is disabled (kvm_apic_accept_pic_intr). So set "virtual wire mode" as a BIOS would:
 * software-enable the APIC, then LINT0 = ExtINT. A LVT write while the APIC is
 * software-disabled is forced masked, hence the order. */
#define LAPIC_SPURIOUS_VECTOR ((volatile unsigned*)0xfee000f0)
#define LAPIC_LVT_LINT0 ((volatile unsigned*)0xfee00350)
#define LAPIC_EOI ((volatile unsigned*)0xfee000b0)
#define LAPIC_SOFTWARE_ENABLE 0x100
#define LAPIC_SPURIOUS_VECTOR_NUMBER 0xff
#define LVT_DELIVERY_EXTINT 0x700

static void lapic_virtual_wire_mode(void) {
  *LAPIC_SPURIOUS_VECTOR = LAPIC_SOFTWARE_ENABLE | LAPIC_SPURIOUS_VECTOR_NUMBER;
  *LAPIC_LVT_LINT0 = LVT_DELIVERY_EXTINT;
}

void pic_init_with_only(unsigned irq) {
  outb(PIC_MASTER_COMMAND, ICW1_INIT_WITH_ICW4);
  outb(PIC_SLAVE_COMMAND, ICW1_INIT_WITH_ICW4);
  outb(PIC_MASTER_DATA, IRQ_VECTOR_BASE);     /* ICW2: vector of IRQ 0 */
  outb(PIC_SLAVE_DATA, IRQ_VECTOR_BASE + 8);  /* ICW2: vector of IRQ 8 */
  outb(PIC_MASTER_DATA, 1u << PIC_CASCADE_IRQ); /* ICW3: slave on IRQ 2 */
  outb(PIC_SLAVE_DATA, PIC_CASCADE_IRQ);        /* ICW3: slave's cascade identity */
  outb(PIC_MASTER_DATA, ICW4_8086_MODE);
  outb(PIC_SLAVE_DATA, ICW4_8086_MODE);
  /* OCW1: a set bit masks the line. */
  const unsigned enabled = (1u << irq) | (1u << PIC_CASCADE_IRQ);
  outb(PIC_MASTER_DATA, (uint8_t)~enabled);
  outb(PIC_SLAVE_DATA, (uint8_t)(irq >= 8 ? ~(1u << (irq - 8)) : 0xff));
  lapic_virtual_wire_mode();
}

void lapic_end_of_interrupt(void) {
  *LAPIC_EOI = 0;
}

void pic_unmask(unsigned irq) {
  outb(PIC_MASTER_DATA, (uint8_t)(inb(PIC_MASTER_DATA) & ~(1u << irq)));
}

void pic_end_of_interrupt(unsigned irq) {
  if (irq >= 8) {
    outb(PIC_SLAVE_COMMAND, OCW2_NONSPECIFIC_EOI);
  }
  outb(PIC_MASTER_COMMAND, OCW2_NONSPECIFIC_EOI);
}

static uint8_t in_service(uint16_t command_port) {
  outb(command_port, OCW3_READ_ISR);
  return inb(command_port);
}

int pic_is_spurious(unsigned irq) {
  if (irq == 7) {
    return (in_service(PIC_MASTER_COMMAND) & 0x80) == 0;
  }
  if (irq == 15 && (in_service(PIC_SLAVE_COMMAND) & 0x80) == 0) {
    outb(PIC_MASTER_COMMAND, OCW2_NONSPECIFIC_EOI); /* the master did see the cascade */
    return 1;
  }
  return 0;
}
