# Crash tests: kill -9 at random instants, then check that what is on disk
# is still valid.
add_executable(checkpoint_writer ${CMAKE_CURRENT_SOURCE_DIR}/crash/checkpoint_writer.cpp)
target_link_libraries(checkpoint_writer PRIVATE spcommon)
add_test(NAME "crash: checkpoint kill -9 during write"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/crash/checkpoint_kill_test.sh $<TARGET_FILE:checkpoint_writer>)
set_tests_properties("crash: checkpoint kill -9 during write" PROPERTIES TIMEOUT 300)

# The crash-torture harness: SIGKILL at random instants, restart, compare
# with an uninterrupted run, for single tools (--checkpoint FILE) and for
# pipelines (--checkpoint-dir DIR). 20 kills per shape here; the long mode
# is SP_TORTURE_KILLS=500 (see tests/crash/torture.sh).
foreach(shape dedup window partition-files join-table join-interval parse-multiline
              pipe-dedup-window pipe-parse-dedup-window pipe-partition-exec pipe-parse-partition-files
              pipe-two-sources-join)
  add_test(NAME "crash: torture ${shape}"
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/crash/torture.sh ${PROJECT_BINARY_DIR}/tools ${shape} 20)
  set_tests_properties("crash: torture ${shape}" PROPERTIES TIMEOUT 600 LABELS torture)
endforeach()
add_test(NAME "crash: corrupt checkpoints are refused, a full disk keeps the last one"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/crash/refusal_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("crash: corrupt checkpoints are refused, a full disk keeps the last one"
                     PROPERTIES TIMEOUT 300 LABELS torture)
