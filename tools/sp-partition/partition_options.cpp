#include "tools/sp-partition/partition_options.h"

#include "libcommon/errors.h"
#include "tools/sp-partition/output_template.h"

namespace sp {

void PartitionArgs::add_to(CLI::App& app) {
  const auto how = "How records are assigned";
  app.add_option("-k,--key", key, "Fields whose value picks the partition, e.g. user or user,session")
      ->type_name("F1,F2")->group(how);
  app.add_option("-n,--partitions", partitions, "Number of partitions N (with --key or --round-robin)")
      ->type_name("N")->group(how);
  app.add_option("--hash", hash, "murmur2 (Kafka's default partitioner) or xxh3 (faster) (default murmur2)")
      ->type_name("HASH")->check(CLI::IsMember({"murmur2", "xxh3"}))->group(how);
  app.add_flag("--round-robin", round_robin, "Ignore keys: record i goes to partition i mod N")->group(how);
  app.add_option("--by-value", by_value, "One output per distinct value of FIELD (Hive style, with {value})")
      ->type_name("FIELD")->group(how);
  const auto where = "Where partitions go";
  app.add_option("--output-template", output_template,
                 "File per partition, e.g. 'out/part-{partition}.ndjson' or 'out/country={value}.ndjson.zst'")
      ->type_name("PATH")->group(where);
  app.add_option("--max-open-files", max_open_files,
                 "Keep at most N output files open; others are closed and reopened for append (default 128)")
      ->type_name("N")->group(where);
  app.add_option("--max-values", max_values,
                 "With --by-value: stop with status 1 past N distinct values, one file each (default 1000000)")
      ->type_name("N")->check(kWholeNumber)->group(where);
  app.add_option("--annotate", annotate, "Write every record to stdout with its partition number in field NAME")
      ->type_name("NAME")->group(where);
  app.add_flag("--exec", exec, "Run CMD [ARGS...] (given after --) once per partition, fed its partition on stdin")
      ->group(where);
  app.add_option("command", command, "The command for --exec, after --")->type_name("CMD ARGS");
}

PartitionConfig resolve_partition_options(const PartitionArgs& a, const CommonOptions& common) {
  PartitionConfig c;
  int assigners = int(!a.key.empty()) + int(a.round_robin) + int(!a.by_value.empty());
  if (assigners == 0) throw UsageError("say how to partition: --key FIELDS, --round-robin or --by-value FIELD");
  if (assigners > 1) throw UsageError("--key, --round-robin and --by-value exclude each other; pick one");
  int sinks = int(!a.output_template.empty()) + int(!a.annotate.empty()) + int(a.exec);
  if (sinks == 0) throw UsageError("say where partitions go: --output-template PATH, --annotate NAME or --exec -- CMD");
  if (sinks > 1) throw UsageError("--output-template, --annotate and --exec exclude each other; pick one");
  if (!a.command.empty() && !a.exec) {
    throw UsageError("unexpected argument '" + a.command.front() + "'; to run a command per partition write --exec -- CMD [ARGS...]");
  }
  if (a.exec && a.command.empty()) throw UsageError("--exec needs a command after --, e.g. --exec -- sp-dedup --key id");

  if (!a.by_value.empty()) {
    c.assign = Assign::Value;
    c.key_fields.push_back(FieldPath::parse(a.by_value, "--by-value"));
    if (a.partitions != 0) throw UsageError("--by-value makes one output per value: drop -n/--partitions");
    if (a.output_template.empty()) throw UsageError("--by-value needs --output-template PATH containing {value}");
  } else {
    c.assign = a.round_robin ? Assign::RoundRobin : Assign::Key;
    if (!a.key.empty()) c.key_fields = parse_field_list(a.key, "--key");
    if (a.partitions <= 0) throw UsageError("-n/--partitions N is required and must be at least 1");
    if (a.partitions > 100000) throw UsageError("-n/--partitions must be at most 100000");
    c.partitions = static_cast<uint32_t>(a.partitions);
  }
  c.hash = a.hash == "xxh3" ? HashKind::Xxh3 : HashKind::Murmur2;

  if (!a.output_template.empty()) {
    c.sink = Sink::Files;
    c.output_template = a.output_template;
    check_output_template(c.output_template, c.assign == Assign::Value);
    if (common.output != "-" && !common.output.empty()) {
      throw UsageError("--output has nothing to carry with --output-template; drop --output");
    }
  } else if (!a.annotate.empty()) {
    c.sink = Sink::Annotate;
    c.annotate_field = a.annotate;
  } else {
    c.sink = Sink::Exec;
    c.command = a.command;
    if (c.partitions > 256) throw UsageError("--exec starts one child per partition: use -n/--partitions 256 or fewer");
  }
  if (a.max_open_files < 1) throw UsageError("--max-open-files must be at least 1");
  c.max_open_files = static_cast<size_t>(a.max_open_files);
  if (a.max_values < 1) throw UsageError("--max-values must be at least 1");
  if (a.max_values != PartitionArgs{}.max_values && c.assign != Assign::Value) {
    throw UsageError("--max-values goes with --by-value");
  }
  c.max_values = static_cast<size_t>(a.max_values);
  return c;
}

}  // namespace sp
