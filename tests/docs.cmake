# Docs checks: each tool's --help fits a screen and ends with examples; every
# option in its --help-all is in its man page and in its bash/zsh/fish
# completions; the committed completions match --help-all; the man pages lint
# clean and have the sections users look for; the completions work when
# loaded in each shell.
set(sp_docs_dir ${PROJECT_SOURCE_DIR}/tests/docs)
set(sp_completions_dir ${PROJECT_SOURCE_DIR}/completions)
set(sp_docs_bins "")
foreach(tool ${SP_TOOL_NAMES})
  list(APPEND sp_docs_bins $<TARGET_FILE:${tool}>)
  add_test(NAME "docs: ${tool} options in man page and completions"
    COMMAND bash ${sp_docs_dir}/check_options.sh $<TARGET_FILE:${tool}>
            ${PROJECT_SOURCE_DIR}/man ${sp_completions_dir})
  set_tests_properties("docs: ${tool} options in man page and completions" PROPERTIES LABELS docs)
  add_test(NAME "docs: ${tool} --help fits a screen and ends with examples"
    COMMAND bash ${sp_docs_dir}/check_help.sh $<TARGET_FILE:${tool}>)
  set_tests_properties("docs: ${tool} --help fits a screen and ends with examples" PROPERTIES LABELS docs)
endforeach()

add_test(NAME "docs: man pages have examples, exit status, see also"
  COMMAND bash ${sp_docs_dir}/check_man_sections.sh ${PROJECT_SOURCE_DIR}/man)
set_tests_properties("docs: man pages have examples, exit status, see also" PROPERTIES LABELS docs)

find_program(SP_MANDOC mandoc)
if(SP_MANDOC)
  add_test(NAME "docs: man pages lint clean"
    COMMAND bash ${sp_docs_dir}/lint_man.sh ${PROJECT_BINARY_DIR}/man)
  set_tests_properties("docs: man pages lint clean" PROPERTIES LABELS docs)
else()
  message(WARNING "mandoc not found (Debian: apt-get install mandoc): the man page lint test is not registered")
endif()

if(SP_TOOL_NAMES)
  add_test(NAME "docs: committed completions match --help-all"
    COMMAND bash ${sp_docs_dir}/completions_fresh.sh ${sp_completions_dir} ${sp_docs_bins})
  set_tests_properties("docs: committed completions match --help-all" PROPERTIES LABELS docs)
  foreach(shell bash zsh fish)
    add_test(NAME "docs: ${shell} completions work"
      COMMAND bash ${sp_docs_dir}/completion_smoke.sh ${shell}
              ${sp_completions_dir} ${sp_docs_bins})
    set_tests_properties("docs: ${shell} completions work" PROPERTIES
      LABELS docs SKIP_RETURN_CODE 77 TIMEOUT 300)
  endforeach()
endif()
