#include "tools/sp-parse/regex_reader.h"

#include <algorithm>

#include "libcommon/errors.h"

namespace sp {

RegexReader::RegexReader(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  re_ = std::make_unique<re2::RE2>(pattern, options);
  if (!re_->ok()) throw UsageError("--regex: " + re_->error());
  for (const auto& [name, index] : re_->NamedCapturingGroups()) groups_.emplace_back(index, name);
  if (groups_.empty()) throw UsageError("--regex has no named group; name the parts to keep, e.g. (?P<status>\\d+)");
  std::sort(groups_.begin(), groups_.end());
  matches_.resize(static_cast<size_t>(groups_.back().first) + 1);
}

void RegexReader::feed(const Record& line, RecordSink& sink) {
  re2::StringPiece text(line.text.data(), line.text.size());
  if (!re_->Match(text, 0, text.size(), RE2::UNANCHORED, matches_.data(), static_cast<int>(matches_.size()))) {
    sink.on_bad(line, "does not match --regex");
    return;
  }
  record_.fields.clear();
  for (const auto& [index, name] : groups_) {
    const re2::StringPiece& m = matches_[static_cast<size_t>(index)];
    if (m.data() == nullptr)
      record_.fields.push_back(Field{name, "null", ValueKind::Null});
    else
      record_.fields.push_back(Field{name, std::string_view(m.data(), m.size()), ValueKind::String});
  }
  emit_line_record(line, record_, sink);
}

}  // namespace sp
