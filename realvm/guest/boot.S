/* Entry from our VMM or a Multiboot v1 loader: 32-bit protected mode, paging off,
 * interrupts off. Multiboot does not promise a usable GDT or stack, so load our own. */

#define MULTIBOOT_MAGIC 0x1BADB002
#define MULTIBOOT_FLAGS 0x0 /* ELF image: the loader takes addresses from the ELF headers */

  .section .multiboot, "a"
  .align 4
  .long MULTIBOOT_MAGIC
  .long MULTIBOOT_FLAGS
  .long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

  .section .text
  .global guest_entry
guest_entry:
  cli
  lgdt gdt_descriptor
  ljmp $0x08, $reload_segments
reload_segments:
  mov $0x10, %cx
  mov %cx, %ds
  mov %cx, %es
  mov %cx, %fs
  mov %cx, %gs
  mov %cx, %ss
  mov $stack_top, %esp
  push %ebx /* boot config (ours) or Multiboot info address */
  push %eax /* loader magic */
  call guest_main
halt_forever:
  cli
  hlt
  jmp halt_forever

  .section .rodata
  .align 8
gdt:
  .quad 0                  /* null */
  .quad 0x00cf9a000000ffff /* 0x08: code, base 0, limit 4 GiB, 32-bit */
  .quad 0x00cf92000000ffff /* 0x10: data, base 0, limit 4 GiB */
gdt_end:
gdt_descriptor:
  .word gdt_end - gdt - 1
  .long gdt

  .section .bss
  .align 16
  .space 16384
stack_top:

  /* No executable stack. */
  .section .note.GNU-stack, "", @progbits
