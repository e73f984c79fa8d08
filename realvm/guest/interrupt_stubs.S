/* One entry stub per vector 0..48 (CPU exceptions, the two remapped 8259s, then the
 * host-kernel timer MSI). The CPU
 * pushes an error code only for vectors 8, 10-14, 17, 21 and 29/30; the others push a zero
 * so that every frame has the same shape for interrupt_dispatch(). */

.macro stub vector, has_error_code
  .global interrupt_stub_\vector
interrupt_stub_\vector:
  .if \has_error_code == 0
  push $0
  .endif
  push $\vector
  jmp interrupt_common
.endm

  .section .text
interrupt_common:
  pusha
  push %esp /* struct interrupt_frame* */
  call interrupt_dispatch
  add $4, %esp
  /* Return without iret. On hosts without hardware virtualization KVM runs this guest in
   * its x86 instruction emulator, whose iret handles real mode only (em_iret returns
   * X86EMUL_UNHANDLEABLE otherwise: KVM_EXIT_INTERNAL_ERROR). Same privilege level, same CS,
   * so popf + ret does iret's work: turn the frame's (eip, cs, eflags) into (eflags, eip).
   * Offsets: 32 bytes of pusha, vector, error code, then eip at 40, cs at 44, eflags at 48.
   * An interrupt between popf and ret just nests one frame deeper on the same stack. */
  mov 40(%esp), %eax
  mov 48(%esp), %ecx
  mov %ecx, 44(%esp)
  mov %eax, 48(%esp)
  popa
  add $12, %esp /* vector, error code, the moved eip's old slot */
  popf
  ret

stub 0,0
stub 1,0
stub 2,0
stub 3,0
stub 4,0
stub 5,0
stub 6,0
stub 7,0
stub 8,1
stub 9,0
stub 10,1
stub 11,1
stub 12,1
stub 13,1
stub 14,1
stub 15,0
stub 16,0
stub 17,1
stub 18,0
stub 19,0
stub 20,0
stub 21,1
stub 22,0
stub 23,0
stub 24,0
stub 25,0
stub 26,0
stub 27,0
stub 28,0
stub 29,1
stub 30,1
stub 31,0
stub 32,0
stub 33,0
stub 34,0
stub 35,0
stub 36,0
stub 37,0
stub 38,0
stub 39,0
stub 40,0
stub 41,0
stub 42,0
stub 43,0
stub 44,0
stub 45,0
stub 46,0
stub 47,0
stub 48,0 /* VTICK_HOST_CQ_MSI_VECTOR: a LAPIC interrupt, not a PIC line */

  .section .rodata
  .align 4
  .global interrupt_stub_table
interrupt_stub_table:
.irp v,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48
  .long interrupt_stub_\v
.endr

  /* No executable stack. */
  .section .note.GNU-stack, "", @progbits
