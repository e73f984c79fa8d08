#include "realvm/vmm/error.hpp"

#include <cerrno>
#include <cstring>

namespace vtick::realvm::vmm {

void throw_errno(const std::string& what) {
  throw VmmError(what + ": " + std::strerror(errno));
}

}  // namespace vtick::realvm::vmm
