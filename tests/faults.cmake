# Faults: full disk on every file a tool writes, failing and vanishing
# input, a downstream that closes early or reads slowly, SIGTERM mid-stream
# (tests/faults/). The full-disk and read-error cases use an LD_PRELOAD shim
# (libsp_fail_io.so), so they need no root and no special file system.
add_library(sp_fail_io SHARED ${CMAKE_CURRENT_SOURCE_DIR}/faults/fail_io.cpp)
target_link_libraries(sp_fail_io PRIVATE ${CMAKE_DL_LIBS})
# Never sanitized: a preloaded library comes before the sanitizer runtime.
target_compile_options(sp_fail_io PRIVATE -fno-sanitize=all)
target_link_options(sp_fail_io PRIVATE -fno-sanitize=all)

set(sp_faults_dir ${CMAKE_CURRENT_SOURCE_DIR}/faults)
foreach(part full_disk input pipeline)
  add_test(NAME "faults: ${part}"
           COMMAND bash ${sp_faults_dir}/${part}_test.sh ${PROJECT_BINARY_DIR}/tools $<TARGET_FILE:sp_fail_io>)
  set_tests_properties("faults: ${part}" PROPERTIES LABELS faults TIMEOUT 600)
endforeach()
