#include "tools/sp-parse/schema_file.h"

#include <simdjson.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "libcommon/errors.h"
#include "libcommon/file_error.h"

namespace sp {

namespace {

struct Reader {
  const std::string& path;
  [[noreturn]] void fail(const std::string& message) const {
    throw UsageError("--schema " + path + ": " + message);
  }
  std::string str(simdjson::dom::element e, const std::string& what) const {
    std::string_view s;
    if (e.get_string().get(s)) fail(what + " must be a string");
    return std::string(s);
  }
  std::vector<std::string> list(simdjson::dom::element e, const std::string& what) const {
    std::vector<std::string> out;
    simdjson::dom::array array;
    if (e.get_array().get(array)) fail(what + " must be an array of field names");
    for (auto item : array) out.push_back(str(item, what + " items"));
    return out;
  }
  simdjson::dom::object object(simdjson::dom::element e, const std::string& what) const {
    simdjson::dom::object o;
    if (e.get_object().get(o)) fail(what + " must be an object");
    return o;
  }
};

// File entries first, then the command line's.
void prepend(std::vector<std::string>& to, std::vector<std::string> from) {
  from.insert(from.end(), to.begin(), to.end());
  to = std::move(from);
}

}  // namespace

void merge_schema_text(const std::string& text, const std::string& path, MappingOptions& o,
                       const SchemaScalarsGiven& given) {
  Reader r{path};
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text).get(root)) r.fail(std::string("invalid JSON: ") + simdjson::error_message(error));
  simdjson::dom::object top = r.object(root, "the schema");
  for (auto [key_view, value] : top) {
    std::string key(key_view);
    if (key == "alias") {
      std::vector<std::string> specs;
      for (auto [canonical, alts] : r.object(value, "alias")) {
        std::string spec = std::string(canonical) + "=";
        std::vector<std::string> names;
        if (alts.is_string()) names.push_back(r.str(alts, "alias." + std::string(canonical)));
        else names = r.list(alts, "alias." + std::string(canonical));
        if (names.empty()) r.fail("alias." + std::string(canonical) + " has no alternative names");
        for (size_t i = 0; i < names.size(); ++i) spec += (i ? "," : "") + names[i];
        specs.push_back(spec);
      }
      prepend(o.alias, specs);
    } else if (key == "rename") {
      std::vector<std::string> specs;
      for (auto [from, to] : r.object(value, "rename"))
        specs.push_back(std::string(from) + "=" + r.str(to, "rename." + std::string(from)));
      prepend(o.rename, specs);
    } else if (key == "default") {
      std::vector<std::string> specs;
      for (auto [field, v] : r.object(value, "default")) specs.push_back(std::string(field) + "=" + simdjson::minify(v));
      prepend(o.defaults, specs);
    } else if (key == "type") {
      std::vector<std::string> specs;
      for (auto [field, t] : r.object(value, "type"))
        specs.push_back(std::string(field) + ":" + r.str(t, "type." + std::string(field)));
      prepend(o.types, specs);
    } else if (key == "keep") {
      prepend(o.keep, r.list(value, key));
    } else if (key == "drop") {
      prepend(o.drop, r.list(value, key));
    } else if (key == "require") {
      prepend(o.require, r.list(value, key));
    } else if (key == "redact") {
      prepend(o.redact, r.list(value, key));
    } else if (key == "pseudonymize") {
      prepend(o.pseudonymize, r.list(value, key));
    } else if (key == "flatten") {
      bool b;
      if (value.get_bool().get(b)) r.fail("flatten must be true or false");
      if (!given.flatten) o.flatten = b;
    } else if (key == "wrap") {
      std::string s = r.str(value, key);
      if (!given.wrap) o.wrap = s;
    } else if (key == "time_field") {
      std::string s = r.str(value, key);
      if (!given.time_field) o.time_field = s;
    } else if (key == "time_format") {
      std::string s = r.str(value, key);
      if (!given.time_format) o.time_format = s;
      o.time_rewrite = true;
    } else if (key == "time_out") {
      std::string s = r.str(value, key);
      if (!given.time_out) o.time_out = s;
      o.time_rewrite = true;
    } else if (key == "key_file") {
      std::string s = r.str(value, key);
      if (!given.key_file) o.key_file = s;
    } else {
      r.fail("unknown key '" + key +
             "' (known: alias, rename, keep, drop, require, default, type, flatten, time_field, time_format, "
             "time_out, redact, pseudonymize, wrap, key_file)");
    }
  }
}

void merge_schema_file(const std::string& path, MappingOptions& o, const SchemaScalarsGiven& given) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw UsageError(file_error("--schema " + path, "read", err, FileAccess::Read));
  }
  std::ostringstream text;
  text << in.rdbuf();
  merge_schema_text(text.str(), path, o, given);
}

}  // namespace sp
