# Crash tests: kill -9 at random instants, then check that what is on disk
# is still valid.
add_executable(checkpoint_writer ${CMAKE_CURRENT_SOURCE_DIR}/crash/checkpoint_writer.cpp)
target_link_libraries(checkpoint_writer PRIVATE spcommon)
add_test(NAME "crash: checkpoint kill -9 during write"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/crash/checkpoint_kill_test.sh $<TARGET_FILE:checkpoint_writer>)
set_tests_properties("crash: checkpoint kill -9 during write" PROPERTIES TIMEOUT 120)
