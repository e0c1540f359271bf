#include "tools/sp-parse/pseudonymize.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

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

void Pseudonymizer::digest_hex(std::string_view value, char out[64]) const {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(value.data()),
       value.size(), mac, &length);
  for (unsigned i = 0; i < 32; ++i) {
    out[2 * i] = kHex[mac[i] >> 4];
    out[2 * i + 1] = kHex[mac[i] & 0xf];
  }
}

}  // namespace sp
