// sp-partition: shard a stream by key into files, child pipelines or
// annotated records, with the partitions a Kafka producer would choose.
#include "libcommon/driver.h"
#include "tools/sp-partition/partition_operator.h"

namespace {

constexpr const char* kExamples = R"(EXAMPLES:
  Split by user into 8 files, as Kafka's default partitioner would:
    sp-partition --key user -n 8 --output-template 'out/part-{partition}.ndjson'
  One compressed file per country (values encoded into safe file names):
    sp-partition --by-value country --output-template 'lake/{value}.ndjson.zst'
  Tag each record with its partition instead:
    sp-partition --key user,session -n 16 --hash xxh3 --annotate partition
  Deduplicate on 4 cores, one sp-dedup per partition:
    sp-partition --key id -n 4 --exec -- sp-dedup --key id
  Incremental cron job with exactly-once files:
    sp-partition --input app.ndjson --checkpoint part.ckpt --key user -n 8 \
      --output-template 'out/{partition}.ndjson')";

}  // namespace

int main(int argc, char** argv) {
  sp::ToolCli cli("sp-partition",
                  "Shard a stream by key, as Kafka does, into files or parallel child pipelines",
                  kExamples, sp::kFeatureInput | sp::kFeatureCheckpoint | sp::kFeatureValidate);
  cli.essential({"--key", "--partitions", "--hash", "--round-robin", "--by-value", "--output-template", "--annotate",
                 {"--exec", "Run CMD [ARGS...] (after --) once per partition, fed its records"}});
  cli.usage("[OPTIONS] [--exec -- CMD [ARGS...]] < INPUT");
  sp::PartitionArgs args;
  args.add_to(cli.app());
  if (int rc = cli.parse(argc, argv); rc >= 0) return rc;
  return sp::run_tool(cli, [&] {
    return std::make_unique<sp::PartitionOperator>(sp::resolve_partition_options(args, cli.common()));
  });
}
