#include "tools/sp-parse/record_model.h"

#include <cstring>

namespace sp {

char* Arena::reserve(size_t size) {
  while (block_ < blocks_.size() && used_ + size > block_sizes_[block_]) {
    ++block_;
    used_ = 0;
  }
  if (block_ == blocks_.size()) {
    size_t block_size = size > kBlockSize ? size : kBlockSize;
    blocks_.push_back(std::make_unique<char[]>(block_size));
    block_sizes_.push_back(block_size);
    used_ = 0;
  }
  char* out = blocks_[block_].get() + used_;
  used_ += size;
  return out;
}

std::string_view Arena::copy(std::string_view bytes) {
  if (bytes.empty()) return {};
  char* out = reserve(bytes.size());
  std::memcpy(out, bytes.data(), bytes.size());
  return {out, bytes.size()};
}

void Arena::append(std::string_view bytes) { building_.append(bytes); }

std::string_view Arena::take_building() {
  std::string_view out = copy(building_);
  building_.clear();
  return out;
}

void Arena::clear() {
  block_ = 0;
  used_ = 0;
  building_.clear();
}

}  // namespace sp
