#include "timer.h"

#include "cpu.h"
#include "outsourced_timer.h"

static struct timer_list* pending_head;

static void unlink(struct timer_list* t) {
  for (struct timer_list** link = &pending_head; *link; link = &(*link)->next) {
    if (*link == t) {
      *link = t->next;
      t->pending = 0;
      return;
    }
  }
}

/* Insert after every timer with the same or an earlier expiry, so equal expiries run in
 * arming order, as they do in Linux's wheel buckets. */
static void insert_sorted(struct timer_list* t) {
  struct timer_list** link = &pending_head;
  while (*link && jiffies_after_eq(t->expires, (*link)->expires)) {
    link = &(*link)->next;
  }
  t->next = *link;
  *link = t;
  t->pending = 1;
}

/* Outsourced: the VMM keeps the pending timers, so the list stays empty and `pending` is
 * the guest's half of the generation check. */
static void arm(struct timer_list* t) {
  if (outsourced_timers_active()) {
    t->pending = 1;
    outsourced_arm(t);
  } else {
    insert_sorted(t);
  }
}

static void disarm(struct timer_list* t) {
  if (outsourced_timers_active()) {
    t->pending = 0;
    outsourced_cancel(t);
  } else {
    unlink(t);
  }
}

void add_timer(struct timer_list* t) {
  const uint32_t flags = irq_save();
  arm(t);
  irq_restore(flags);
}

int mod_timer(struct timer_list* t, uint32_t expires) {
  const uint32_t flags = irq_save();
  const int was_pending = t->pending;
  if (was_pending && !outsourced_timers_active()) {
    unlink(t); /* an outsourced arm replaces the host's arming by itself */
  }
  t->expires = expires;
  arm(t);
  irq_restore(flags);
  return was_pending;
}

int del_timer(struct timer_list* t) {
  const uint32_t flags = irq_save();
  const int was_pending = t->pending;
  if (was_pending) {
    disarm(t);
  }
  irq_restore(flags);
  return was_pending;
}

void run_timers(uint32_t now) {
  while (pending_head && jiffies_after_eq(now, pending_head->expires)) {
    struct timer_list* due = pending_head;
    pending_head = due->next;
    due->pending = 0;
    due->function(due);
  }
}
