# sp-partition: Kafka vectors end to end, partition invariants, hostile
# --by-value values, kill -9 resume with file outputs, --exec.
set(sp_partition_tools ${PROJECT_BINARY_DIR}/tools)
set(sp_partition_dir ${CMAKE_CURRENT_SOURCE_DIR}/partition)
add_test(NAME "sp-partition: Kafka murmur2 vectors land in Kafka's partitions"
         COMMAND bash ${sp_partition_dir}/murmur2_vectors_test.sh ${sp_partition_tools}
                 ${PROJECT_SOURCE_DIR}/../shared/corpora/kafka-murmur2)
add_test(NAME "sp-partition: union equals input, one partition per key, per-key order"
         COMMAND bash ${sp_partition_dir}/union_order_test.sh ${sp_partition_tools})
add_test(NAME "sp-partition: hostile --by-value values stay inside the output directory"
         COMMAND bash ${sp_partition_dir}/hostile_values_test.sh ${sp_partition_tools})
add_test(NAME "sp-partition: resume after kill -9 (hash partitions)"
         COMMAND bash ${sp_partition_dir}/kill_resume_test.sh ${sp_partition_tools}
                 'out/p{partition}.ndjson' --key user -n 4)
add_test(NAME "sp-partition: resume after kill -9 (--by-value, .zst, --max-open-files)"
         COMMAND bash ${sp_partition_dir}/kill_resume_test.sh ${sp_partition_tools}
                 'out/c={value}/part.ndjson.zst' --by-value city --max-open-files 5)
add_test(NAME "sp-partition: --exec children equal one pipeline; failures reported"
         COMMAND bash ${sp_partition_dir}/exec_test.sh ${sp_partition_tools})
set_tests_properties("sp-partition: Kafka murmur2 vectors land in Kafka's partitions"
                     "sp-partition: union equals input, one partition per key, per-key order"
                     "sp-partition: hostile --by-value values stay inside the output directory"
                     "sp-partition: resume after kill -9 (hash partitions)"
                     "sp-partition: resume after kill -9 (--by-value, .zst, --max-open-files)"
                     "sp-partition: --exec children equal one pipeline; failures reported"
                     PROPERTIES TIMEOUT 300 LABELS sp-partition)
