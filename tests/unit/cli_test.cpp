#include "libcommon/cli.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace sp;

TEST_CASE("edit_distance counts insertions, deletions, substitutions and transpositions", "[cli]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("tumblng", "tumbling") == 1);    // insertion
  CHECK(edit_distance("tumbbling", "tumbling") == 1);  // deletion
  CHECK(edit_distance("tumbxing", "tumbling") == 1);   // substitution
  CHECK(edit_distance("max-dealy", "max-delay") == 1); // transposition
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("time", "name") == 2);
}

namespace {

const std::vector<std::string> kWindowOptions = {
    "--help", "-h", "--help-all", "--version", "-V", "--input", "-i", "--follow", "-f", "--output", "-o",
    "--stats", "--progress", "--status", "--status-interval", "--time-field", "--time-format", "--max-delay",
    "--idle-timeout", "--checkpoint", "--checkpoint-every", "--name", "--tumbling", "--hopping", "--advance",
    "--session", "--count", "--by", "--agg", "--time-out", "--late", "--allowed-lateness"};

}  // namespace

TEST_CASE("closest_option suggests the option a typo meant", "[cli]") {
  CHECK(closest_option("--tumblng", kWindowOptions) == "--tumbling");
  CHECK(closest_option("--max-dealy", kWindowOptions) == "--max-delay");
  CHECK(closest_option("--max-dealy=5s", kWindowOptions) == "--max-delay");  // the value is not part of the name
  CHECK(closest_option("--Tumbling", kWindowOptions) == "--tumbling");       // case is ignored
  CHECK(closest_option("-tumbling", kWindowOptions) == "--tumbling");        // one dash too few
  CHECK(closest_option("--sesion", kWindowOptions) == "--session");
  CHECK(closest_option("--folow", kWindowOptions) == "--follow");
  CHECK(closest_option("--checkpiont", kWindowOptions) == "--checkpoint");
}

TEST_CASE("closest_option completes a unique prefix and lists a few", "[cli]") {
  CHECK(closest_option("--tumb", kWindowOptions) == "--tumbling");
  CHECK(closest_option("--allowed", kWindowOptions) == "--allowed-lateness");
  CHECK(closest_option("--time", kWindowOptions) == "--time-field, --time-format or --time-out");
  CHECK(closest_option("--status-int", kWindowOptions) == "--status-interval");
}

TEST_CASE("closest_option stays quiet when nothing is close", "[cli]") {
  CHECK(closest_option("--frobnicate", kWindowOptions).empty());
  CHECK(closest_option("--xyz", kWindowOptions).empty());
  CHECK(closest_option("-x", kWindowOptions).empty());  // every short option is one letter away
  CHECK(closest_option("--", kWindowOptions).empty());
  CHECK(closest_option("--tumbling", {}).empty());
}

TEST_CASE("the short --help fits a screen and ends with examples", "[cli]") {
  ToolCli cli("sp-test", "Test the help layout", R"(EXAMPLES:
  First:
    sp-test --alpha 1
  Second:
    sp-test --beta
  Third:
    sp-test --alpha 2 --beta)",
              kFeatureAll);
  std::string alpha, gamma;
  bool beta = false;
  cli.app().add_option("--alpha", alpha, "An option whose description is long enough that it has to be cut or "
                                         "wrapped (default 1; see the manual)")->type_name("N");
  cli.app().add_flag("--beta", beta, "A flag");
  cli.app().add_option("--gamma", gamma, "Only in --help-all");
  cli.essential({"--alpha", {"--beta", "A flag, briefly"}, "--time-field"});
  std::string help = cli.short_help();
  std::istringstream lines(help);
  std::string line, last;
  size_t count = 0;
  while (std::getline(lines, line)) {
    ++count;
    CHECK(line.size() <= 80);
    CHECK(line.find_last_not_of(' ') + 1 == line.size());  // no trailing blanks
    last = line;
  }
  CHECK(count <= 40);
  CHECK(help.starts_with("Test the help layout\n\nUsage: sp-test [OPTIONS] < INPUT > OUTPUT\n"));
  CHECK(help.find("  --alpha N") != std::string::npos);
  CHECK(help.find("A flag, briefly") != std::string::npos);
  CHECK(help.find("--gamma") == std::string::npos);
  // --time-field is listed with the tool's options, not again among the common ones.
  CHECK(help.find("--time-field") == help.rfind("--time-field"));
  CHECK(help.find("Common options") != std::string::npos);
  CHECK(help.find("-i,--input FILE") != std::string::npos);
  CHECK(help.find("EXAMPLES:\n  First:\n    sp-test --alpha 1\n") != std::string::npos);
  CHECK(last == "Every option: sp-test --help-all.  Manual: man sp-test, man sp.");
}

TEST_CASE("kWholeNumber refuses negative and non-numeric counts", "[cli]") {
  std::string text = "42";
  CHECK(kWholeNumber(text).empty());
  text = "-1";
  CHECK(kWholeNumber(text) == "expected a whole number (0, 1, 2, ...), got '-1'");
  text = "";
  CHECK(!kWholeNumber(text).empty());
  text = "1e3";
  CHECK(!kWholeNumber(text).empty());
}
