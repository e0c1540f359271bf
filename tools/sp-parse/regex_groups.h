// Where a pattern's capturing groups open, so that a copy of the pattern can
// keep only some of them capturing. RE2 extracts submatches with its fast
// one-pass engine only when at most 4 groups capture; sp-parse's regex reader
// uses these copies to read many named groups a few at a time.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sp {

struct GroupOpener {
  size_t pos = 0;      // offset of the '(' in the pattern
  size_t length = 0;   // "(" or "(?P<name>" / "(?<name>"
  bool named = false;
};

// The capturing-group openers of an RE2 pattern, in order (group 1 first).
// Escapes, \Q...\E literals and character classes (with [:posix:] names)
// are skipped. Assumes a pattern RE2 accepted; callers check the result
// against RE2's own group count.
std::vector<GroupOpener> find_capturing_groups(std::string_view pattern);

// `pattern` with every group opener whose `keep[i]` is false turned into a
// non-capturing "(?:".
std::string keep_capturing(std::string_view pattern, const std::vector<GroupOpener>& openers,
                           const std::vector<bool>& keep);

}  // namespace sp
