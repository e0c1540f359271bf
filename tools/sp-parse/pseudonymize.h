// --pseudonymize: a field's value replaced by the lowercase hex of its
// HMAC-SHA256 under a secret key, so equal values stay equal (joins and
// dedup still work) without revealing them. The key comes from a file
// (--key-file) or the environment (SP_PSEUDONYMIZE_KEY), never from argv.
#pragma once
#include <memory>
#include <string>
#include <string_view>

struct evp_mac_ctx_st;

namespace sp {

inline constexpr const char* kPseudonymizeKeyEnv = "SP_PSEUDONYMIZE_KEY";

class Pseudonymizer {
 public:
  // Keys OpenSSL's HMAC once; throws IoError if OpenSSL cannot set it up.
  explicit Pseudonymizer(std::string_view key);

  // Reads the key: the file's bytes (one trailing newline removed) when
  // `key_file` is not empty, else the environment variable. Throws
  // UsageError when there is no key or it is empty.
  static Pseudonymizer from_key_source(const std::string& key_file);

  // Writes the 64 hex characters of HMAC-SHA256(key, value) into out[0..64).
  // Not const: it reuses one keyed context (not thread-safe).
  void digest_hex(std::string_view value, char out[64]);

 private:
  // The keyed context, restarted for every value: OpenSSL's one-shot HMAC()
  // looks the digest up and sets the key up again on each call, which cost
  // more than the hashing itself.
  struct FreeMacContext {
    void operator()(evp_mac_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_mac_ctx_st, FreeMacContext> mac_;
};

}  // namespace sp
