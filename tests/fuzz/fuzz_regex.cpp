// sp-parse --from regex: the input is "PATTERN\nLINES...". A pattern may be
// refused (UsageError: invalid, or no named group), never crash; an accepted
// one turns every line into a valid JSON object or a reasoned rejection, and
// the reader matching in 4-group passes gives exactly the records of one
// match with the whole pattern.
#include <string>
#include <vector>

#include "libcommon/errors.h"
#include "tests/fuzz/format_fuzz.h"
#include "tools/sp-parse/record_output.h"
#include "tools/sp-parse/regex_groups.h"
#include "tools/sp-parse/regex_reader.h"

namespace {

class RecordingSink final : public sp::RecordSink {
 public:
  std::vector<std::string> out;
  void on_parsed(sp::ParsedRecord& record) override {
    out.emplace_back();
    sp::write_fields_json(record.fields, out.back());
  }
  void on_bad(const sp::Record& where, std::string_view reason) override { out.emplace_back(reason); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string pattern(input.substr(0, nl));
  std::string_view lines = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (!re.ok()) return 0;
  auto openers = sp::find_capturing_groups(pattern);
  std::string rewritten = sp::keep_capturing(pattern, openers, std::vector<bool>(openers.size(), false));
  // The scanner must agree with RE2, and its rewrite must capture nothing.
  if (openers.size() != static_cast<size_t>(re.NumberOfCapturingGroups())) std::abort();
  RE2 none(rewritten, options);
  if (!none.ok() || none.NumberOfCapturingGroups() != 0) std::abort();
  try {
    sp::RegexReader whole(pattern), passes(pattern);
    whole.use_passes(false);
    passes.use_passes(true);
    RecordingSink a, b;
    auto bytes = reinterpret_cast<const uint8_t*>(lines.data());
    sp::fuzz::feed_lines(whole, bytes, lines.size(), a);
    sp::fuzz::feed_lines(passes, bytes, lines.size(), b);
    if (a.out != b.out) std::abort();
    sp::fuzz::CheckingSink checking;
    sp::fuzz::feed_lines(passes, bytes, lines.size(), checking);
  } catch (const sp::UsageError&) {
    // no named group
  }
  return 0;
}
