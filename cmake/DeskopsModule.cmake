# deskops_module(NAME <module> [SOURCES ...] [DEPS ...] [PRIVATE_DEPS ...])
#
# Creates the static library deskops_<flat name> for the module folder <module> (e.g. "core",
# "reconcilers/engine"). Its headers are reachable as "<module>/file.h" only through an include root
# in the build tree that holds a single symlink to the module folder, and only targets that link the
# library get that include root. Including a header of a module you do not depend on therefore fails
# to compile, which is how architecture.md's dependency rules are enforced.
# deskops_<flat name>_headers gives the include root alone, for a module that uses only another's
# plain structs (nothing to link), so that building it does not build the other library.
function(deskops_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  string(REPLACE "/" "_" flat "${M_NAME}")
  set(target "deskops_${flat}")
  set(root "${CMAKE_BINARY_DIR}/modinc/${flat}")
  get_filename_component(link_parent "${root}/${M_NAME}" DIRECTORY)
  file(MAKE_DIRECTORY "${link_parent}")
  file(CREATE_LINK "${CMAKE_SOURCE_DIR}/${M_NAME}" "${root}/${M_NAME}" SYMBOLIC)
  add_library(${target} STATIC ${M_SOURCES})
  target_include_directories(${target} PUBLIC "${root}")
  add_library(${target}_headers INTERFACE)
  target_include_directories(${target}_headers INTERFACE "${root}")
  target_link_libraries(${target} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  set(DESKOPS_MODULE_TARGET ${target} PARENT_SCOPE)
endfunction()
