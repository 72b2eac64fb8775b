# klaxon_add_module(NAME SOURCES... DEPS ...)
#   One static library per domain folder, named klaxon_<NAME>; src/ is the include root.
function(klaxon_add_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(klaxon_${name} STATIC ${M_SOURCES})
  target_include_directories(klaxon_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(klaxon_${name} PUBLIC ${M_DEPS})
endfunction()

# klaxon_add_test(NAME SOURCES... DEPS ... [LABELS ...] [CASES ...])
#   One GoogleTest binary registered with ctest; tests sit beside the code they test.
#   With CASES, one ctest test per case instead (NAME.CASE, run with
#   --gtest_filter=*CASE), so long cases run in parallel under ctest -j.
function(klaxon_add_test name)
  if(NOT KLAXON_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS;CASES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
  set(tests)
  if(T_CASES)
    foreach(c ${T_CASES})
      add_test(NAME ${name}.${c} COMMAND ${name} --gtest_filter=*${c})
      list(APPEND tests ${name}.${c})
    endforeach()
  else()
    add_test(NAME ${name} COMMAND ${name})
    set(tests ${name})
  endif()
  set_tests_properties(${tests} PROPERTIES
    ENVIRONMENT "KLAXON_SOURCE_DIR=${PROJECT_SOURCE_DIR};KLAXON_BINARY=$<TARGET_FILE:klaxon>"
    TIMEOUT 300)
  if(T_LABELS)
    set_tests_properties(${tests} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()

# klaxon_embed_files(OUT_VAR NAMESPACE FILES...)
#   Turns text files (SQL, HTML) into a generated .cpp holding one
#   std::string_view per file, so the binary needs nothing next to it at run time.
function(klaxon_embed_files out_var ns)
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${ns}_embedded.cpp)
  set(inputs ${ARGN})
  # A CMake list would reach the shell as separate words; pass it '|'-joined.
  string(REPLACE ";" "|" joined "${inputs}")
  add_custom_command(
    OUTPUT ${gen}
    COMMAND ${CMAKE_COMMAND} -DOUT=${gen} -DNS=${ns} -DFILES=${joined}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    COMMENT "Embedding ${ns} files"
    VERBATIM)
  set(${out_var} ${gen} PARENT_SCOPE)
endfunction()
