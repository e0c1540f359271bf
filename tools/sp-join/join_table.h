// The reference table of a stream-table join, loaded whole into memory: per
// row its key bytes and the pre-rendered JSON members to add
// (`"name":value,...`) followed by its key bytes, all in one arena; an
// open-addressing map from the xxh3 of the key bytes to where the first row
// with that hash keeps its key and members (rows with the same hash are
// chained in file order; the key bytes are compared to confirm). A match
// thus costs a probe and one read of the arena, not a visit to rows_.
#pragma once
#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/hash.h"
#include "libcommon/huge_pages.h"
#include "tools/sp-join/join_options.h"

namespace sp {

class JoinTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Member {       // one added member of one row
    uint32_t name_id;   // index into names()
    uint32_t length;    // bytes of `"name":value` at `offset`
    uint64_t offset;
  };
  struct Row {
    uint64_t key_offset;
    uint64_t members_offset;  // the whole `"a":1,"b":2` fragment
    uint64_t line;
    uint32_t key_length;
    uint32_t members_length;
    uint32_t first_member;    // index into members_
    uint32_t member_count;
    uint32_t next;            // next row with the same key hash, or kNone
  };

  // Loads the table named by config.table. Throws IoError (cannot read) or
  // DataError (bad row, duplicate key under --table-dups error) naming the
  // file, line and byte offset, and what to do.
  explicit JoinTable(const JoinConfig& config);

  struct Match {
    uint32_t row = kNone;
    std::string_view members;  // the row's `"a":1,"b":2` fragment
  };
  // The index slot of the first row with a key hash, as a match needs it.
  struct Head {
    uint64_t key_offset;
    uint32_t key_length;
    uint32_t members_length;  // the members end where the key starts
    uint32_t row;
  };
  // The first row whose key is `key` (row kNone when none); then
  // next_match() for more (only --table-dups all keeps several).
  Match find(std::string_view key) const {
    const uint64_t hash = hash64(key);
    return find(key, locate(hash));
  }
  // The same lookup in three steps, so the caller can overlap its two cache
  // misses with other work: prefetch() asks for the index slot, locate()
  // reads it and asks for the row's bytes, find() compares the key.
  uint64_t prefetch(std::string_view key) const {
    uint64_t hash = hash64(key);
    index_.prefetch(hash);
    return hash;
  }
  const Head* locate(uint64_t hash) const;
  Match find(std::string_view key, const Head* head) const;
  uint32_t next_match(uint32_t row, std::string_view key) const;

  const Row& row(uint32_t i) const { return rows_[i]; }
  std::string_view members_of(const Row& r) const { return {arena_.data() + r.members_offset, r.members_length}; }
  const Member* member_begin(const Row& r) const { return members_.data() + r.first_member; }
  std::string_view member_text(const Member& m) const { return {arena_.data() + m.offset, m.length}; }
  // Output names (prefix applied), and `"name":null,...` for --fill-null.
  const std::vector<std::string>& names() const { return names_; }
  int name_id(std::string_view name) const;
  // False when no added name has the length of `name` (a cheap pre-check
  // before name_id() for clash detection on every record).
  bool may_be_name(std::string_view name) const {
    return name.size() >= 64 || (name_lengths_ >> name.size() & 1);
  }
  // False when no added name can be spelled by a JSON key whose raw text
  // (after the opening quote) starts with byte `c`: a pre-check that needs
  // no unescaping. An escape ('\\') or an empty key ('"') always may.
  bool may_start_name(char c) const {
    const auto u = static_cast<unsigned char>(c);
    return name_first_bytes_[u >> 6] >> (u & 63) & 1;
  }
  const std::string& null_members() const { return null_members_; }
  size_t size() const { return rows_.size(); }
  uint64_t rows_without_key() const { return rows_without_key_; }
  size_t memory_bytes() const;

 private:
  void load_ndjson(const JoinConfig& config);
  void load_csv(const JoinConfig& config, char delimiter);
  uint32_t intern(std::string_view raw_name);
  void begin_row();
  void add_member(uint32_t name_id, std::string_view value_json);
  void finish_row(std::string_view key, uint64_t line, uint64_t offset, const JoinConfig& config);
  bool key_equals(const Row& r, std::string_view key) const {
    return std::string_view(arena_.data() + r.key_offset, r.key_length) == key;
  }

  // Probed at random on every stream record: huge pages (libcommon/huge_pages.h).
  template <class T>
  using HugeVector = std::vector<T, HugePageAllocator<T>>;
  using Index = absl::flat_hash_map<uint64_t, Head, absl::Hash<uint64_t>, std::equal_to<uint64_t>,
                                    HugePageAllocator<std::pair<const uint64_t, Head>>>;

  std::string table_name_;
  std::string prefix_;
  std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>> arena_;
  HugeVector<Row> rows_;
  HugeVector<Member> members_;
  Index index_;  // key hash -> first row
  std::vector<std::string> names_;
  std::vector<std::string> quoted_names_;  // names_ as JSON strings
  absl::flat_hash_map<std::string, uint32_t> name_ids_;  // output name -> id
  std::string null_members_;
  uint64_t name_lengths_ = 0;  // bit n: an added name of n bytes (n < 64)
  uint64_t name_first_bytes_[4] = {};  // bit c: may_start_name(c)
  uint64_t rows_without_key_ = 0;
  // Row being built.
  uint64_t row_start_ = 0;
  uint32_t row_first_member_ = 0;
  std::string key_buf_;
  std::string name_buf_;
};

}  // namespace sp
