// Fuzzes sp-join's table loader (NDJSON, CSV and TSV, every --table-dups
// policy): any file must load or fail with DataError/IoError, never crash;
// every loaded row can be read back.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "libcommon/errors.h"
#include "tools/sp-join/join_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const std::string path = "/tmp/fuzz_sp-join_table." + std::to_string(getpid());
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data + 1, 1, size - 1, f);
  std::fclose(f);
  sp::JoinConfig c;
  c.table = path;
  sp::parse_on({data[0] & 8 ? "a,b" : "a"}, c.stream_keys, c.table_keys);
  c.table_format = static_cast<sp::TableFormat>(data[0] % 3);
  c.table_dups = static_cast<sp::TableDups>((data[0] >> 2) % 4);
  if (data[0] & 16) c.fields = {"x", "y"};
  if (data[0] & 32) c.prefix = "p_";
  try {
    sp::JoinTable t(c);
    for (size_t i = 0; i < t.size(); ++i) {
      (void)t.members_of(t.row(static_cast<uint32_t>(i)));
    }
  } catch (const sp::DataError&) {
  } catch (const sp::IoError&) {
  }
  return 0;
}
