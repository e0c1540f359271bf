# Checkpointed pipelines (--checkpoint-dir): behaviour that depends on real
# time, so it lives outside the golden cases. The crash-torture shapes for
# pipelines are registered in crash.cmake.
add_test(NAME "pipeline: the first member's idle watermark closes windows downstream"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/pipeline/idle_watermark_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("pipeline: the first member's idle watermark closes windows downstream"
                     PROPERTIES TIMEOUT 60 LABELS pipeline)
