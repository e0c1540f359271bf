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

// Calls on_operator(i) for every '(', ')' and '|' of the pattern that is an
// operator: not escaped, not inside a character class or a \Q...\E literal.
template <class OnOperator>
void for_each_operator(std::string_view p, OnOperator on_operator) {
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
    } else {
      if (c == '(' || c == ')' || c == '|') on_operator(i);
      ++i;
    }
  }
}

}  // namespace

std::vector<GroupOpener> find_capturing_groups(std::string_view p) {
  std::vector<GroupOpener> openers;
  // Every group open at this point, capturing or not: the index of its
  // opener, or npos for a non-capturing group.
  constexpr size_t kNotCapturing = std::string_view::npos;
  std::vector<size_t> open_groups;
  for_each_operator(p, [&](size_t i) {
    if (p[i] == '(') {
      const size_t depth = open_groups.size();
      size_t length = p.compare(i, 2, "(?") == 0 ? named_opener_length(p, i) : 1;
      open_groups.push_back(length ? openers.size() : kNotCapturing);
      if (length) openers.push_back({i, length, length > 1, std::string_view::npos, depth});
    } else if (p[i] == ')' && !open_groups.empty()) {
      if (open_groups.back() != kNotCapturing) openers[open_groups.back()].close = i;
      open_groups.pop_back();
    }
  });
  return openers;
}

std::vector<size_t> top_level_cuts(std::string_view p, const std::vector<GroupOpener>& groups,
                                   const std::vector<size_t>& after) {
  bool plain_sequence = true;
  size_t depth = 0;
  for_each_operator(p, [&](size_t i) {
    if (p[i] == '(') {
      // At the top only capturing groups and "(?:": a flag group there, such
      // as "(?i)" or "(?i:", could set flags for what follows it.
      if (depth == 0 && p.compare(i, 2, "(?") == 0 && p.compare(i, 3, "(?:") != 0 && !named_opener_length(p, i))
        plain_sequence = false;
      ++depth;
    } else if (p[i] == ')') {
      if (depth > 0) --depth;
    } else if (depth == 0) {
      plain_sequence = false;  // a '|' at the top
    }
  });
  if (!plain_sequence) return {};
  std::vector<size_t> cuts;
  for (size_t g : after) {
    const GroupOpener& group = groups[g];
    if (group.depth != 0 || group.close == std::string_view::npos) return {};
    size_t cut = group.close + 1;
    if (cut < p.size() && std::string_view("*+?{").find(p[cut]) != std::string_view::npos) return {};
    if (!cuts.empty() && cut <= cuts.back()) return {};
    cuts.push_back(cut);
  }
  return cuts;
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
