# Golden cases: every golden/<tool>/<case>/cmd becomes the ctest test
# "golden: <tool>/<case>", run by tests/golden/run_case.sh against the tools
# built in ${PROJECT_BINARY_DIR}/tools. A new case folder needs no edit here
# (CONFIGURE_DEPENDS re-globs on the next build).
file(GLOB sp_golden_cmds CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/golden/*/*/cmd)
list(SORT sp_golden_cmds)
foreach(cmd_file ${sp_golden_cmds})
  get_filename_component(case_dir ${cmd_file} DIRECTORY)
  get_filename_component(case_name ${case_dir} NAME)
  get_filename_component(tool_dir ${case_dir} DIRECTORY)
  get_filename_component(tool_name ${tool_dir} NAME)
  add_test(NAME "golden: ${tool_name}/${case_name}"
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/golden/run_case.sh
            ${PROJECT_BINARY_DIR}/tools ${case_dir})
  set_tests_properties("golden: ${tool_name}/${case_name}" PROPERTIES
    LABELS golden TIMEOUT 120)
endforeach()
