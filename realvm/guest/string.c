/* GCC may emit calls to these even in freestanding code (struct copies and zeroing), so a
 * freestanding image must define them. */
#include <stddef.h>

void* memset(void* destination, int value, size_t size);
void* memcpy(void* destination, const void* source, size_t size);

void* memset(void* destination, int value, size_t size) {
  unsigned char* out = destination;
  while (size--) {
    *out++ = (unsigned char)value;
  }
  return destination;
}

void* memcpy(void* destination, const void* source, size_t size) {
  unsigned char* out = destination;
  const unsigned char* in = source;
  while (size--) {
    *out++ = *in++;
  }
  return destination;
}
