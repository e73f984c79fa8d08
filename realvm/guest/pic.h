/* The two cascaded 8259A PICs (KVM's in-kernel irqchip emulates them) and the local APIC
 * setting that lets their output reach the CPU. */
#ifndef VTICK_GUEST_PIC_H
#define VTICK_GUEST_PIC_H

#define PIT_IRQ 0

/* Remap both PICs to IRQ_VECTOR_BASE, mask every line but `irq` (and the cascade). */
void pic_init_with_only(unsigned irq);
/* Let one more master line (< 8) through, after pic_init_with_only(). */
void pic_unmask(unsigned irq);
void pic_end_of_interrupt(unsigned irq);
/* True for an IRQ 7/15 the PIC raised without a request behind it; also sends the master
 * the EOI a spurious slave interrupt still needs. */
int pic_is_spurious(unsigned irq);
/* End of interrupt at the local APIC, for an interrupt it delivered itself (an MSI). */
void lapic_end_of_interrupt(void);

#endif
