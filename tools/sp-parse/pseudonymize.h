// --pseudonymize: a field's value replaced by the lowercase hex of its
// HMAC-SHA256 under a secret key, so equal values stay equal (joins and
// dedup still work) without revealing them. The key comes from a file
// (--key-file) or the environment (SP_PSEUDONYMIZE_KEY), never from argv.
#pragma once
#include <string>
#include <string_view>

namespace sp {

inline constexpr const char* kPseudonymizeKeyEnv = "SP_PSEUDONYMIZE_KEY";

class Pseudonymizer {
 public:
  explicit Pseudonymizer(std::string key) : key_(std::move(key)) {}

  // Reads the key: the file's bytes (one trailing newline removed) when
  // `key_file` is not empty, else the environment variable. Throws
  // UsageError when there is no key or it is empty.
  static Pseudonymizer from_key_source(const std::string& key_file);

  // Writes the 64 hex characters of HMAC-SHA256(key, value) into out[0..64).
  void digest_hex(std::string_view value, char out[64]) const;

 private:
  std::string key_;
};

}  // namespace sp
