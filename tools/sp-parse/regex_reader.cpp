#include "tools/sp-parse/regex_reader.h"

#include <time.h>

#include <algorithm>
#include <map>

#include "libcommon/errors.h"
#include "tools/sp-parse/regex_groups.h"

namespace sp {

namespace {

// RE2 uses its one-pass engine for at most this many capturing groups.
constexpr size_t kGroupsPerPass = 4;
// Timed repetitions of each way of matching on the first matching line.
constexpr int kCalibrationRounds = 32;

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::unique_ptr<re2::RE2> compile(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  return std::make_unique<re2::RE2>(pattern, options);
}

}  // namespace

RegexReader::RegexReader(const std::string& pattern) {
  re_ = compile(pattern);
  if (!re_->ok()) throw UsageError("--regex: " + re_->error() + "; fix the pattern (RE2 syntax)");
  std::map<int, std::string> by_index;
  for (const auto& [name, index] : re_->NamedCapturingGroups()) by_index.emplace(index, name);
  if (by_index.empty()) throw UsageError("--regex has no named group; name the parts to keep, e.g. (?P<status>\\d+)");
  for (auto& [index, name] : by_index) {
    indexes_.push_back(index);
    names_.push_back(std::move(name));
  }
  matches_.resize(static_cast<size_t>(indexes_.back()) + 1);
  values_.resize(names_.size());
  build_passes(pattern);
  // One pass that captures fewer groups than the whole pattern is always the
  // better way; several passes are timed against one slow match.
  if (passes_.size() == 1) use_passes(true);
  if (passes_.empty()) use_passes(false);
}

// The 4-group pieces or copies; none when the pattern's groups cannot be
// located with certainty (each one is checked against RE2's own view of it).
void RegexReader::build_passes(const std::string& pattern) {
  std::vector<GroupOpener> openers = find_capturing_groups(pattern);
  if (openers.size() != static_cast<size_t>(re_->NumberOfCapturingGroups())) return;
  std::vector<size_t> named;  // opener index of each named group
  for (int index : indexes_) {
    if (!openers[static_cast<size_t>(index) - 1].named) return;
    named.push_back(static_cast<size_t>(index) - 1);
  }
  if (named.size() == openers.size() && named.size() <= kGroupsPerPass) return;  // already one-pass sized
  if (build_pieces(pattern, openers, named)) return;
  for (size_t first = 0; first < named.size(); first += kGroupsPerPass) {
    size_t count = std::min(kGroupsPerPass, named.size() - first);
    std::vector<bool> keep(openers.size(), false);
    for (size_t i = first; i < first + count; ++i) keep[named[i]] = true;
    if (!add_pass(keep_capturing(pattern, openers, keep), first, count)) {
      passes_.clear();
      return;
    }
  }
}

bool RegexReader::build_pieces(const std::string& pattern, const std::vector<GroupOpener>& openers,
                               const std::vector<size_t>& named) {
  std::vector<size_t> last_of_piece;  // of every piece but the last
  for (size_t last = kGroupsPerPass; last < named.size(); last += kGroupsPerPass)
    last_of_piece.push_back(named[last - 1]);
  std::vector<size_t> cuts = top_level_cuts(pattern, openers, last_of_piece);
  if (cuts.empty()) return false;
  cuts.push_back(pattern.size());
  size_t begin = 0;
  for (size_t k = 0; k < cuts.size(); ++k) {
    std::string_view piece(pattern.data() + begin, cuts[k] - begin);
    std::vector<GroupOpener> piece_openers = find_capturing_groups(piece);
    std::vector<bool> keep;
    for (const auto& opener : piece_openers) keep.push_back(opener.named);
    size_t first = k * kGroupsPerPass;
    if (!add_pass(keep_capturing(piece, piece_openers, keep), first, std::min(kGroupsPerPass, named.size() - first))) {
      passes_.clear();
      return false;
    }
    begin = cuts[k];
  }
  pieces_ = true;
  return true;
}

bool RegexReader::add_pass(const std::string& pattern, size_t first, size_t count) {
  Pass pass{compile(pattern), first, {}};
  if (!pass.re->ok() || pass.re->NumberOfCapturingGroups() != static_cast<int>(count)) return false;
  for (const auto& [name, index] : pass.re->NamedCapturingGroups()) {
    if (names_[first + static_cast<size_t>(index) - 1] != name) return false;
  }
  pass.matches.resize(count + 1);
  passes_.push_back(std::move(pass));
  return true;
}

bool RegexReader::match_whole(re2::StringPiece text) {
  if (!re_->Match(text, 0, text.size(), RE2::UNANCHORED, matches_.data(), static_cast<int>(matches_.size())))
    return false;
  for (size_t i = 0; i < indexes_.size(); ++i) values_[i] = matches_[static_cast<size_t>(indexes_[i])];
  return true;
}

bool RegexReader::match_in_passes(re2::StringPiece text) {
  size_t begin = 0, end = text.size();
  RE2::Anchor anchor = RE2::UNANCHORED;
  for (Pass& pass : passes_) {
    const bool first = &pass == &passes_.front();
    if (!pass.re->Match(text, begin, end, anchor, pass.matches.data(), static_cast<int>(pass.matches.size()))) {
      // The first pass missing means no match. A later copy re-matches a
      // span the pattern matched, and a later piece can miss where the
      // earlier pieces took another way than the whole pattern would:
      // then the whole pattern decides.
      return first ? false : match_whole(text);
    }
    const size_t match_begin = static_cast<size_t>(pass.matches[0].data() - text.data());
    if (pieces_) {
      begin = match_begin + pass.matches[0].size();
      anchor = RE2::ANCHOR_START;
    } else if (first) {
      begin = match_begin;
      end = begin + pass.matches[0].size();
      anchor = RE2::ANCHOR_BOTH;
    }
    std::copy(pass.matches.begin() + 1, pass.matches.end(), values_.begin() + static_cast<ptrdiff_t>(pass.first_field));
  }
  return true;
}

void RegexReader::decide(re2::StringPiece text) {
  double start = thread_cpu_seconds();
  for (int i = 0; i < kCalibrationRounds; ++i) match_whole(text);
  double whole = thread_cpu_seconds() - start;
  start = thread_cpu_seconds();
  for (int i = 0; i < kCalibrationRounds; ++i) match_in_passes(text);
  double in_passes = thread_cpu_seconds() - start;
  use_passes(in_passes < whole);
}

void RegexReader::feed(const Record& line, RecordSink& sink) {
  re2::StringPiece text(line.text.data(), line.text.size());
  bool matched = use_passes_ ? match_in_passes(text) : match_whole(text);
  if (!matched) {
    sink.on_bad(line, "does not match --regex");
    return;
  }
  if (!decided_) {
    decide(text);
    if (use_passes_) match_in_passes(text);
    else match_whole(text);
  }
  record_.fields.clear();
  for (size_t i = 0; i < names_.size(); ++i) {
    const re2::StringPiece& m = values_[i];
    if (m.data() == nullptr)
      record_.fields.push_back(Field{names_[i], "null", ValueKind::Null});
    else
      record_.fields.push_back(Field{names_[i], std::string_view(m.data(), m.size()), ValueKind::String});
  }
  emit_line_record(line, record_, sink);
}

}  // namespace sp
