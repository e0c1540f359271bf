# Fuzz targets without libFuzzer: each tests/fuzz/fuzz_NAME.cpp is linked
# with a small replay main() into replay_NAME, and ctest runs it over the
# target's seeds and regression inputs (tests/fuzz/seeds.sh). So every input
# that once crashed a target is re-checked by every build, the sanitizer one
# included. The libFuzzer build itself is SP_FUZZ (tests/fuzz/CMakeLists.txt).
add_library(sp_fuzz_replay_main OBJECT ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay_main.cpp)
file(GLOB sp_fuzz_target_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_*.cpp)
foreach(src ${sp_fuzz_target_sources})
  get_filename_component(name ${src} NAME_WE)
  string(REPLACE "fuzz_" "" target ${name})
  add_executable(replay_${target} ${src})
  target_link_libraries(replay_${target} PRIVATE sp_fuzz_replay_main spcommon ${SP_TOOL_LIBS})
  add_test(NAME "fuzz replay: ${target}"
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay.sh $<TARGET_FILE:replay_${target}>
                   ${PROJECT_SOURCE_DIR} ${target})
  set_tests_properties("fuzz replay: ${target}" PROPERTIES LABELS fuzz TIMEOUT 300)
endforeach()
