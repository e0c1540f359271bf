#include "tools/sp-parse/pseudonymize.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "libcommon/errors.h"
#include "libcommon/file_error.h"

namespace sp {

Pseudonymizer Pseudonymizer::from_key_source(const std::string& key_file) {
  std::string key;
  if (!key_file.empty()) {
    std::ifstream in(key_file, std::ios::binary);
    if (!in) {
      const int err = errno;
      throw UsageError(file_error("--key-file " + key_file, "read", err, FileAccess::Read));
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    key = bytes.str();
    if (!key.empty() && key.back() == '\n') key.pop_back();
    if (!key.empty() && key.back() == '\r') key.pop_back();
    if (key.empty()) throw UsageError("--key-file " + key_file + ": the key is empty; put the secret key in the file");
  } else {
    const char* env = std::getenv(kPseudonymizeKeyEnv);
    if (!env || !*env)
      throw UsageError(std::string("--pseudonymize needs a key: --key-file FILE or the environment variable ") +
                       kPseudonymizeKeyEnv);
    key = env;
  }
  return Pseudonymizer(std::move(key));
}

void Pseudonymizer::FreeMacContext::operator()(evp_mac_ctx_st* ctx) const { EVP_MAC_CTX_free(ctx); }

Pseudonymizer::Pseudonymizer(std::string_view key) {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac) mac_.reset(EVP_MAC_CTX_new(hmac));
  EVP_MAC_free(hmac);  // the context keeps its own reference
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  if (!mac_ || !EVP_MAC_init(mac_.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params))
    throw IoError("--pseudonymize: OpenSSL cannot set up HMAC-SHA256 (is libssl3 installed and working?)");
}

void Pseudonymizer::digest_hex(std::string_view value, char out[64]) {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t length = 0;
  // Restarting with no key keeps the one set in the constructor.
  if (!EVP_MAC_init(mac_.get(), nullptr, 0, nullptr) ||
      !EVP_MAC_update(mac_.get(), reinterpret_cast<const unsigned char*>(value.data()), value.size()) ||
      !EVP_MAC_final(mac_.get(), mac, &length, sizeof mac) || length != 32)
    throw IoError("--pseudonymize: OpenSSL failed to compute an HMAC-SHA256");
  for (unsigned i = 0; i < 32; ++i) {
    out[2 * i] = kHex[mac[i] >> 4];
    out[2 * i + 1] = kHex[mac[i] & 0xf];
  }
}

}  // namespace sp
