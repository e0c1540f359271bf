# Resource limits, scaled down from the 10M-key runs of
# tests/bench/bench_limits.sh: bounds are kept or stop the run naming the
# option to raise; memory stays flat on 10x longer input.
add_test(NAME "limits: keyed state stays bounded or stops naming the option"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/limits/bounds_test.sh ${PROJECT_BINARY_DIR}/tools)
# Peak RSS comparisons mean nothing under ASan: labelled bench, which
# .ci/asan leaves out.
add_test(NAME "limits: memory flat on 10x longer input"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/limits/flat_memory_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("limits: keyed state stays bounded or stops naming the option" PROPERTIES LABELS limits TIMEOUT 300)
set_tests_properties("limits: memory flat on 10x longer input" PROPERTIES LABELS "limits;bench" TIMEOUT 900)
add_test(NAME "limits: sp-join --right memory bounded by the window, not the streams"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/limits/interval_join_memory_test.sh ${PROJECT_BINARY_DIR}/tools)
set_tests_properties("limits: sp-join --right memory bounded by the window, not the streams"
                     PROPERTIES LABELS "limits;bench" TIMEOUT 300)
