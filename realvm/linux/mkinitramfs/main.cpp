// vtick_mkinitramfs OUT BUSYBOX PROBE: writes the Linux guest's initramfs (initramfs.hpp).
// Run by the build, so the image is a build product like the vtick guest's ELF.
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "realvm/linux/initramfs.hpp"

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: vtick_mkinitramfs OUT BUSYBOX PROBE\n";
    return 2;
  }
  try {
    const std::string image = vtick::realvm::linux_guest::initramfs_image(read_file(argv[2]), read_file(argv[3]));
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    if (!out.write(image.data(), static_cast<std::streamsize>(image.size()))) {
      throw std::runtime_error(std::string("cannot write ") + argv[1]);
    }
  } catch (const std::exception& e) {
    std::cerr << "vtick_mkinitramfs: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
