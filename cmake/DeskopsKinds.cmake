# Reads specs/kinds.def, the one registration of the managed kinds (DESKOPS_KIND(TypeName, folder)
# per line, in creation order), into DESKOPS_KIND_TYPES and DESKOPS_KIND_FOLDERS. specs/ compiles
# each kind's spec (specs/<folder>.cc), reconcilers/ adds each kind's module (reconcilers/<folder>)
# and tests/ each kind's unit tests, so that registering a kind needs no CMake edit.
set(_deskops_kinds_def "${CMAKE_SOURCE_DIR}/specs/kinds.def")
set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${_deskops_kinds_def}")
file(STRINGS "${_deskops_kinds_def}" _deskops_kind_lines REGEX "^DESKOPS_KIND\\(")
set(DESKOPS_KIND_TYPES "")
set(DESKOPS_KIND_FOLDERS "")
foreach(_line IN LISTS _deskops_kind_lines)
  if(NOT _line MATCHES "^DESKOPS_KIND\\(([A-Za-z0-9]+), *([a-z0-9_]+)\\)$")
    message(FATAL_ERROR "specs/kinds.def: cannot read \"${_line}\"")
  endif()
  list(APPEND DESKOPS_KIND_TYPES "${CMAKE_MATCH_1}")
  list(APPEND DESKOPS_KIND_FOLDERS "${CMAKE_MATCH_2}")
endforeach()

# deskops_kind_module(SOURCES ... [DEPS ...]) in reconcilers/<folder>/CMakeLists.txt: the kind's
# module, deskops_reconcilers_<folder>, seeing the engine, specs and cloud (never another kind).
function(deskops_kind_module)
  cmake_parse_arguments(K "" "" "SOURCES;DEPS" ${ARGN})
  file(RELATIVE_PATH module "${CMAKE_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  deskops_module(NAME ${module} SOURCES ${K_SOURCES}
                 DEPS deskops_reconcilers_engine deskops_specs deskops_cloud ${K_DEPS}
                 PRIVATE_DEPS nlohmann_json::nlohmann_json)
endfunction()
