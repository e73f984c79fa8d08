# Warnings and sanitizer flags for vtick's own code (never for third-party headers).
add_library(vtick_warnings INTERFACE)
# -Wno-restrict: GCC 12 reports false positives inside libstdc++'s string concatenation
# at -O2 (GCC bug 105329).
target_compile_options(vtick_warnings INTERFACE -Wall -Wextra -Werror -Wshadow -Wno-restrict)
if(VTICK_SANITIZE)
  target_compile_options(vtick_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(vtick_warnings INTERFACE -fsanitize=address,undefined)
endif()

# vtick_library(<name> DEPS <targets...>)
# One directory = one namespace = one library: every .cpp beside the calling CMakeLists.txt.
function(vtick_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(NOT sources)  # header-only
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE vtick_warnings)
endfunction()

# vtick_test(<name> [SERIAL] LABELS <labels> DEPS <targets...>)
# A GoogleTest binary from every .cpp in tests/<name>/, discovered by CTest as
# <name>/<Suite>.<Test> (so `ctest -R <name>/` runs one directory). SERIAL: its tests run
# alone (RUN_SERIAL), for tests that measure real CPU time against elapsed time.
function(vtick_test name)
  cmake_parse_arguments(ARG "SERIAL" "" "DEPS;LABELS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  if(NOT sources)
    message(FATAL_ERROR "tests/${name}/ has no test sources")
  endif()
  add_executable(test_${name} ${sources} ${PROJECT_SOURCE_DIR}/tests/test_main.cpp)
  target_link_libraries(test_${name} PRIVATE ${ARG_DEPS} GTest::gtest vtick_warnings)
  target_compile_definitions(test_${name} PRIVATE
    VTICK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    VTICK_BINARY_DIR="${PROJECT_BINARY_DIR}")
  set(serial "")
  if(ARG_SERIAL)
    set(serial RUN_SERIAL TRUE)
  endif()
  gtest_discover_tests(test_${name} TEST_PREFIX "${name}/" PROPERTIES LABELS "${ARG_LABELS}" ${serial} DISCOVERY_TIMEOUT 60)
endfunction()
