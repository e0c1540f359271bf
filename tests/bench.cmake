# Benchmark-only binaries (not installed, not run by ctest); the hyperfine
# scripts in tests/bench/ use them.
add_executable(sp-bench-passthrough ${CMAKE_CURRENT_SOURCE_DIR}/bench/passthrough_main.cpp)
target_link_libraries(sp-bench-passthrough PRIVATE spcommon)
add_executable(sp-bench-simdjson-loop ${CMAKE_CURRENT_SOURCE_DIR}/bench/simdjson_loop_main.cpp)
target_link_libraries(sp-bench-simdjson-loop PRIVATE simdjson::simdjson)
add_executable(sp-bench-partition-floor ${CMAKE_CURRENT_SOURCE_DIR}/bench/partition_floor_main.cpp)
target_link_libraries(sp-bench-partition-floor PRIVATE spcommon simdjson::simdjson)
