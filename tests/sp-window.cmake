# sp-window: differential tests against SQLite and reference implementations,
# late-data accounting, approximate aggregates, checkpoint split and crash.
find_program(SP_PYTHON3 python3)
if(SP_PYTHON3)
  foreach(part sqlite session late approx)
    add_test(NAME "sp-window: differential ${part}"
             COMMAND ${SP_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/window/sp-window_differential.py
                     ${PROJECT_BINARY_DIR}/tools ${part})
    set_tests_properties("sp-window: differential ${part}" PROPERTIES TIMEOUT 300)
  endforeach()
endif()
add_test(NAME "sp-window: checkpoint split equals one run"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/window/sp-window_resume.sh ${PROJECT_BINARY_DIR}/tools split)
add_test(NAME "sp-window: resume after kill -9"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/window/sp-window_resume.sh ${PROJECT_BINARY_DIR}/tools crash)
add_test(NAME "sp-window: --idle-timeout closes windows on quiet input"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/window/sp-window_resume.sh ${PROJECT_BINARY_DIR}/tools idle)
set_tests_properties("sp-window: checkpoint split equals one run" "sp-window: resume after kill -9"
                     "sp-window: --idle-timeout closes windows on quiet input" PROPERTIES TIMEOUT 300)
