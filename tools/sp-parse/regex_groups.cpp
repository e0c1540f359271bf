#include "tools/sp-parse/regex_groups.h"

namespace sp {

namespace {

// Index just past the character class that opens at pattern[i] == '['.
size_t skip_class(std::string_view p, size_t i) {
  ++i;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;  // a leading ']' is literal
  while (i < p.size() && p[i] != ']') {
    if (p[i] == '\\') {
      i += 2;
    } else if (p.compare(i, 2, "[:") == 0 && p.find(":]", i + 2) != std::string_view::npos) {
      i = p.find(":]", i + 2) + 2;  // as RE2: a "[:" with no ":]" after it is a literal '['
    } else {
      ++i;
    }
  }
  return i < p.size() ? i + 1 : p.size();
}

// Length of a named opener "(?P<name>" or "(?<name>" at pattern[i], or 0.
size_t named_opener_length(std::string_view p, size_t i) {
  size_t name = 0;
  if (p.compare(i, 4, "(?P<") == 0) name = i + 4;
  else if (p.compare(i, 3, "(?<") == 0 && p.compare(i, 4, "(?<=") != 0 && p.compare(i, 4, "(?<!") != 0) name = i + 3;
  if (name == 0) return 0;
  size_t close = p.find('>', name);
  return close == std::string_view::npos ? 0 : close + 1 - i;
}

}  // namespace

std::vector<GroupOpener> find_capturing_groups(std::string_view p) {
  std::vector<GroupOpener> openers;
  size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '\\') {
      if (p.compare(i, 2, "\\Q") == 0) {
        size_t end = p.find("\\E", i + 2);
        i = end == std::string_view::npos ? p.size() : end + 2;
      } else {
        i += 2;
      }
    } else if (c == '[') {
      i = skip_class(p, i);
    } else if (c == '(') {
      if (i + 1 < p.size() && p[i + 1] == '?') {
        if (size_t length = named_opener_length(p, i)) openers.push_back({i, length, true});
      } else {
        openers.push_back({i, 1, false});
      }
      ++i;
    } else {
      ++i;
    }
  }
  return openers;
}

std::string keep_capturing(std::string_view pattern, const std::vector<GroupOpener>& openers,
                           const std::vector<bool>& keep) {
  std::string out;
  out.reserve(pattern.size() + 2 * openers.size());
  size_t copied = 0;
  for (size_t g = 0; g < openers.size(); ++g) {
    if (keep[g]) continue;
    out.append(pattern.substr(copied, openers[g].pos - copied));
    out.append("(?:");
    copied = openers[g].pos + openers[g].length;
    // A ']' just after the group opener is a literal; after "(?:" it would
    // make ":]", which RE2 takes as the end of a "[:name:]" begun inside an
    // earlier character class. Escaped, it is the same literal.
    if (copied < pattern.size() && pattern[copied] == ']') out.push_back('\\');
  }
  out.append(pattern.substr(copied));
  return out;
}

}  // namespace sp
