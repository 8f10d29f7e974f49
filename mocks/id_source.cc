#include "mocks/id_source.h"

namespace cldcert::mock {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t IdSource::next() {
  std::uint64_t state = seed_ * 0x2545f4914f6cdd1dULL + counter_.fetch_add(1);
  return splitmix64(state);
}

std::string IdSource::alnum(std::size_t length) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  while (out.size() < length) {
    std::uint64_t bits = next();
    for (int i = 0; i < 10 && out.size() < length; ++i) {
      out.push_back(kAlphabet[bits % 36]);
      bits /= 36;
    }
  }
  return out;
}

std::string IdSource::hex(std::size_t length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  while (out.size() < length) {
    std::uint64_t bits = next();
    for (int i = 0; i < 16 && out.size() < length; ++i) {
      out.push_back(kDigits[bits & 0xf]);
      bits >>= 4;
    }
  }
  return out;
}

}  // namespace cldcert::mock
