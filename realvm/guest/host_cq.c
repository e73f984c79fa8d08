#include "host_cq.h"

#include "cpu.h"
#include "pic.h"

static volatile const uint32_t* cq_tail;
static volatile const struct vtick_host_cqe* cqes;
static uint32_t cq_mask;
static volatile uint32_t* published;
static uint32_t consumed;
static uint32_t msi_vector;

void host_cq_start(const struct vtick_boot_config* config, volatile uint32_t* consumed_word) {
  cq_tail = (volatile const uint32_t*)(config->host_cq_gpa + config->host_cq_tail_offset);
  cqes = (volatile const struct vtick_host_cqe*)(config->host_cq_gpa + config->host_cq_cqes_offset);
  cq_mask = config->host_cq_entries - 1;
  msi_vector = config->host_cq_msi_vector;
  published = consumed_word;
  consumed = 0; /* a fresh io_uring's queue starts at 0 */
  *published = consumed;
}

int host_cq_active(void) {
  return cqes != 0;
}

void host_cq_end_of_interrupt(void) {
  if (msi_vector) {
    lapic_end_of_interrupt();
  } else {
    pic_end_of_interrupt(VTICK_OUTSOURCED_TIMER_IRQ);
  }
}

static int is_expiry(volatile const struct vtick_host_cqe* cqe) {
  return (cqe->user_data & 0xffu) == VTICK_HOST_CQE_TIMER && cqe->res == VTICK_HOST_CQE_ETIME;
}

int host_cq_take(struct vtick_timer_expiry* out) {
  /* The kernel publishes the tail with release order after writing the entry (x86 keeps
   * stores in order); reading the tail first and the entry after is enough. */
  while (consumed != *cq_tail) {
    barrier();
    volatile const struct vtick_host_cqe* cqe = &cqes[consumed & cq_mask];
    const int expiry = is_expiry(cqe);
    const uint64_t user_data = cqe->user_data;
    barrier();
    *published = ++consumed; /* the VMM may free the slot once we have copied it */
    if (expiry) {
      out->timer_id = (uint32_t)(user_data >> 8) & 0xffu;
      out->generation = (uint32_t)(user_data >> 32);
      return 1;
    }
  }
  return 0;
}

int host_cq_expiry_waiting(void) {
  const uint32_t tail = *cq_tail;
  barrier();
  for (uint32_t i = consumed; i != tail; ++i) {
    if (is_expiry(&cqes[i & cq_mask])) {
      return 1;
    }
  }
  return 0;
}

void host_cq_skip_bookkeeping(void) {
  while (consumed != *cq_tail) {
    barrier();
    if (is_expiry(&cqes[consumed & cq_mask])) {
      return;
    }
    barrier();
    *published = ++consumed;
  }
}
