// sp-parse --from regex --regex RE: each line is searched with RE2 (not
// anchored: write ^...$ to match whole lines); every named group
// (?P<name>...) becomes a string field, in the pattern's order. A group that
// did not take part in the match is null. A line that does not match is a
// bad record "does not match --regex". Compiled once; no allocation per line.
//
// RE2 extracts submatches with its one-pass engine (several times faster
// than its backtracker) only when at most 4 groups capture. So the reader
// also reads the named groups 4 at a time (the others made non-capturing):
//  - in pieces, when the pattern is a plain sequence at its top: it is cut
//    after every 4th named group, and each piece matches from where the one
//    before it ended, so every byte is matched once. Matching a sequence
//    leftmost-first takes the first piece's preferred way, then the next
//    one's from there; should a later piece then miss, the whole pattern
//    decides;
//  - otherwise in copies of the whole pattern: the first copy finds the
//    match, the next ones re-match exactly that span.
// Submatches do not depend on which groups capture, so the fields are the
// same every way; on the first matching line the reader times matching in
// passes against one match with the whole pattern and keeps the faster.
#pragma once
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "tools/sp-parse/record_model.h"
#include "tools/sp-parse/regex_groups.h"

namespace sp {

class RegexReader final : public FormatReader {
 public:
  // Throws UsageError for an invalid pattern or one without named groups.
  explicit RegexReader(const std::string& pattern);
  void feed(const Record& line, RecordSink& sink) override;

  // How many patterns one line is matched with: 1 for the whole pattern, or
  // the number of 4-group pieces or copies (tests check which way was chosen).
  size_t passes_in_use() const { return use_passes_ ? passes_.size() : 1; }
  // Whether the passes are pieces of the pattern rather than copies.
  bool in_pieces() const { return pieces_; }
  // Decides now instead of timing on the first matching line (tests).
  void use_passes(bool on) { use_passes_ = on && !passes_.empty(); decided_ = true; }

 private:
  struct Pass {
    std::unique_ptr<re2::RE2> re;
    size_t first_field = 0;                    // index in names_ of its group 1
    std::vector<re2::StringPiece> matches;     // group 0 and its groups
  };
  void build_passes(const std::string& pattern);
  // The pattern cut into 4-group pieces; false, with no passes, when it
  // cannot be cut (the copies are made instead).
  bool build_pieces(const std::string& pattern, const std::vector<GroupOpener>& openers,
                    const std::vector<size_t>& named);
  // Compiles one pass's pattern; false when RE2 does not see in it the
  // `count` named groups from names_[first] on.
  bool add_pass(const std::string& pattern, size_t first, size_t count);
  bool match_whole(re2::StringPiece text);
  bool match_in_passes(re2::StringPiece text);
  void decide(re2::StringPiece text);

  std::unique_ptr<re2::RE2> re_;
  std::vector<int> indexes_;                   // group index of each named group
  std::vector<std::string> names_;
  std::vector<re2::StringPiece> matches_;      // the whole pattern's submatches
  std::vector<Pass> passes_;
  std::vector<re2::StringPiece> values_;       // one per named group
  bool pieces_ = false;
  bool use_passes_ = false;
  bool decided_ = false;
  ParsedRecord record_;
};

}  // namespace sp
