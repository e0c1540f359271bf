#include "tools/sp-partition/output_template.h"

#include "libcommon/errors.h"
#include "libcommon/hash.h"

namespace sp {
namespace {

constexpr std::string_view kPartition = "{partition}";
constexpr std::string_view kValue = "{value}";
constexpr char kHex[] = "0123456789ABCDEF";

bool is_plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

}  // namespace

void check_output_template(std::string_view tmpl, bool by_value) {
  std::string_view wanted = by_value ? kValue : kPartition;
  std::string_view other = by_value ? kPartition : kValue;
  size_t at = tmpl.find(wanted);
  if (at == std::string_view::npos) {
    throw UsageError("--output-template '" + std::string(tmpl) + "' must contain " + std::string(wanted) +
                     (by_value ? " (the encoded value of --by-value)" : " (the partition number)"));
  }
  if (tmpl.find(wanted, at + 1) != std::string_view::npos) {
    throw UsageError("--output-template may contain " + std::string(wanted) + " only once");
  }
  if (tmpl.find(other) != std::string_view::npos) {
    throw UsageError("--output-template: " + std::string(other) + (by_value ? " needs --key or --round-robin" : " needs --by-value FIELD"));
  }
  if (tmpl.back() == '/') throw UsageError("--output-template must name a file, not a directory");
}

void expand_output_template(std::string_view tmpl, std::string_view text, std::string& out) {
  size_t at = tmpl.find('{');
  while (at != std::string_view::npos && tmpl.substr(at, kPartition.size()) != kPartition &&
         tmpl.substr(at, kValue.size()) != kValue) {
    at = tmpl.find('{', at + 1);
  }
  out.append(tmpl.substr(0, at));
  out.append(text);
  size_t end = tmpl.find('}', at);
  out.append(tmpl.substr(end + 1));
}

void append_encoded_value(std::string_view value, std::string& out) {
  if (value.empty()) {
    out.push_back('%');
    return;
  }
  const size_t start = out.size();
  for (size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    if (is_plain(c) && !(i == 0 && c == '.')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  if (out.size() - start <= kMaxEncodedValue) return;
  size_t cut = start + kLongValuePrefix;
  // Do not split a %XX triple.
  if (out[cut - 1] == '%') cut -= 1;
  else if (out[cut - 2] == '%') cut -= 2;
  out.resize(cut);
  out.push_back('~');
  uint64_t h = hash64(value);
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(h >> shift) & 15]);
}

}  // namespace sp
