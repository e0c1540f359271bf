// A benchmark-only baseline: the minimal simdjson loop over an NDJSON file
// (load it whole, parse_many, visit every document). sp-parse's validating
// pass-through is compared with it (issue target: at least half its speed).
// Prints the documents and errors seen; exit status 1 when any failed.
#include <simdjson.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE.ndjson\n", argv[0]);
    return 2;
  }
  simdjson::padded_string json;
  if (auto error = simdjson::padded_string::load(argv[1]).get(json)) {
    std::fprintf(stderr, "%s: %s\n", argv[1], simdjson::error_message(error));
    return 2;
  }
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  if (auto error = parser.parse_many(json).get(stream)) {
    std::fprintf(stderr, "%s: %s\n", argv[1], simdjson::error_message(error));
    return 2;
  }
  size_t documents = 0, errors = 0;
  for (auto document : stream) {
    if (document.error()) ++errors;
    else ++documents;
  }
  std::printf("%zu documents, %zu errors\n", documents, errors);
  return errors ? 1 : 0;
}
