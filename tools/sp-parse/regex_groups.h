// Where a pattern's capturing groups open and close, so that a copy of the
// pattern can keep only some of them capturing, or the pattern can be cut
// into pieces. RE2 extracts submatches with its fast one-pass engine only
// when at most 4 groups capture; sp-parse's regex reader uses these copies
// and pieces to read many named groups a few at a time.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sp {

struct GroupOpener {
  size_t pos = 0;      // offset of the '(' in the pattern
  size_t length = 0;   // "(" or "(?P<name>" / "(?<name>"
  bool named = false;
  size_t close = std::string_view::npos;  // offset of its ')'
  size_t depth = 0;                       // groups around it (0: at the top)
};

// The capturing-group openers of an RE2 pattern, in order (group 1 first).
// Escapes, \Q...\E literals and character classes (with [:posix:] names)
// are skipped. Assumes a pattern RE2 accepted; callers check the result
// against RE2's own group count.
std::vector<GroupOpener> find_capturing_groups(std::string_view pattern);

// Where `pattern` can be cut so that its pieces, matched one after another
// (each anchored where the one before it ended), match as the whole pattern
// does: just past the ')' of each group `after` names (indexes into
// `groups`, in order). Only a plain sequence at the top can be cut: no '|'
// there, no flag group such as "(?i)" there (its flags would not reach the
// later pieces), each cut group at the top and not repeated. Empty when the
// pattern cannot be cut so.
std::vector<size_t> top_level_cuts(std::string_view pattern, const std::vector<GroupOpener>& groups,
                                   const std::vector<size_t>& after);

// `pattern` with every group opener whose `keep[i]` is false turned into a
// non-capturing "(?:".
std::string keep_capturing(std::string_view pattern, const std::vector<GroupOpener>& openers,
                           const std::vector<bool>& keep);

}  // namespace sp
