# The recipes of sp(7) (man/recipes/ and the cookbook's commands) run as
# documented: the systemd units verify, the cron job run on a growing log
# equals one run over the whole log, the log-following service survives
# stops and crashes, and the cookbook's pipelines give the results the page
# promises.
set(sp_recipes_dir ${PROJECT_SOURCE_DIR}/man/recipes)
set(sp_recipe_tests ${CMAKE_CURRENT_SOURCE_DIR}/recipes)
set(sp_tools_dir ${PROJECT_BINARY_DIR}/tools)

add_test(NAME "recipes: systemd units verify"
  COMMAND bash ${sp_recipe_tests}/systemd_verify.sh ${sp_recipes_dir} ${sp_tools_dir})
add_test(NAME "recipes: cron job run twice over a growing log equals one run"
  COMMAND bash ${sp_recipe_tests}/cron_twice_test.sh ${sp_tools_dir} ${sp_recipes_dir})
add_test(NAME "recipes: log-following service stopped, killed and restarted equals one run"
  COMMAND bash ${sp_recipe_tests}/follow_service_test.sh ${sp_tools_dir} ${sp_recipes_dir})
add_test(NAME "recipes: cookbook pipelines"
  COMMAND bash ${sp_recipe_tests}/cookbook_test.sh ${sp_tools_dir})
set_tests_properties("recipes: systemd units verify"
  "recipes: cron job run twice over a growing log equals one run"
  "recipes: log-following service stopped, killed and restarted equals one run"
  "recipes: cookbook pipelines"
  PROPERTIES LABELS recipes SKIP_RETURN_CODE 77 TIMEOUT 300)
