# Writes OUT (a header with kBuildId = `git describe --always --dirty`) only when it changes,
# so summary.json always names the commit the binary was built from without forcing rebuilds.
execute_process(COMMAND git -C "${SRC}" describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE id ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT id)
  set(id "unknown")
endif()
set(content "#pragma once\ninline constexpr const char* kBuildId = \"${id}\";\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUT}" "${content}")
endif()
