# Run at every build (core/CMakeLists.txt): writes OUT, a C++ source with ffw::build_version(),
# from VERSION and the git revision of SRC, with ".dirty" when tracked files differ from it.
# OUT is rewritten only when the text changes, so a new commit recompiles one small file and
# benchmark lines never carry the revision of an older configure.
set(version "${VERSION}")
if(GIT AND EXISTS "${SRC}/.git")
  execute_process(COMMAND ${GIT} rev-parse --short HEAD WORKING_DIRECTORY ${SRC}
                  OUTPUT_VARIABLE rev OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND rev)
    execute_process(COMMAND ${GIT} diff --quiet HEAD -- WORKING_DIRECTORY ${SRC} RESULT_VARIABLE dirty ERROR_QUIET)
    set(version "${VERSION}+${rev}")
    if(NOT dirty EQUAL 0)
      string(APPEND version ".dirty")
    endif()
  endif()
endif()
set(text "// Generated at build time by core/version.cmake.\n#include \"core/machine.h\"\n\nnamespace ffw {\nstd::string build_version() { return \"${version}\"; }\n}  // namespace ffw\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
