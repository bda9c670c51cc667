# What `cmake --install build [--prefix DIR]` installs, and CPack packages (DeskopsPackage.cmake):
#
#   bin/deskops
#   lib/systemd/system/deskops.service, deskops@.service   (DESKOPS_INSTALL_SYSTEMD_UNITDIR)
#   share/man/man1/deskops.1
#   share/bash-completion/completions/deskops
#   share/zsh/vendor-completions/_deskops
#   share/fish/vendor_completions.d/deskops.fish
#   share/doc/deskops/{LICENSE,README.md,CHANGELOG.md}
#   share/doc/deskops/examples/config.yaml, examples/manifests/*.yaml
#
# The man page and the completion scripts are generated at build time by the built deskops
# (`deskops man`, `deskops completion SHELL`), so they describe exactly the binary beside them.
# The target deskops_dist builds them and is part of ALL; `cmake --install` after building only
# the deskops target fails, naming the missing file.
include(GNUInstallDirs)

set(DESKOPS_INSTALL_SYSTEMD_UNITDIR "lib/systemd/system" CACHE STRING
    "Where the systemd units go, relative to the install prefix")

set(DESKOPS_DIST_DIR "${CMAKE_BINARY_DIR}/dist")
set(deskops_dist_outputs)
# deskops_generate(<file> <deskops arguments>...): <file> in DESKOPS_DIST_DIR is what deskops
# prints for those arguments.
function(deskops_generate file)
  string(REPLACE ";" " " args "${ARGN}")
  add_custom_command(
    OUTPUT "${DESKOPS_DIST_DIR}/${file}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${DESKOPS_DIST_DIR}"
    COMMAND ${CMAKE_COMMAND} "-DPROGRAM=$<TARGET_FILE:deskops>" "-DARGS=${args}"
            "-DOUTPUT=${DESKOPS_DIST_DIR}/${file}" -P "${CMAKE_SOURCE_DIR}/cmake/DeskopsCapture.cmake"
    DEPENDS deskops "${CMAKE_SOURCE_DIR}/cmake/DeskopsCapture.cmake"
    COMMENT "Generating ${file} (deskops ${args})"
    VERBATIM)
  set(deskops_dist_outputs ${deskops_dist_outputs} "${DESKOPS_DIST_DIR}/${file}" PARENT_SCOPE)
endfunction()

deskops_generate(deskops.1 man)
deskops_generate(deskops.bash completion bash)
deskops_generate(_deskops completion zsh)
deskops_generate(deskops.fish completion fish)
add_custom_target(deskops_dist ALL DEPENDS ${deskops_dist_outputs})

install(TARGETS deskops RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(CODE "
  set(DESKOPS_UNIT_SOURCE \"${CMAKE_SOURCE_DIR}/deploy/systemd\")
  set(DESKOPS_UNIT_STAGING \"${DESKOPS_DIST_DIR}/units\")
  set(DESKOPS_UNIT_DIR \"${DESKOPS_INSTALL_SYSTEMD_UNITDIR}\")
  set(DESKOPS_BIN_DIR \"${CMAKE_INSTALL_BINDIR}\")
  set(DESKOPS_DOC_DIR \"${CMAKE_INSTALL_DOCDIR}\")")
install(SCRIPT "${CMAKE_SOURCE_DIR}/cmake/DeskopsInstallUnits.cmake")

install(FILES "${DESKOPS_DIST_DIR}/deskops.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${DESKOPS_DIST_DIR}/deskops.bash"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME deskops)
install(FILES "${DESKOPS_DIST_DIR}/_deskops"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")
install(FILES "${DESKOPS_DIST_DIR}/deskops.fish"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")

install(FILES LICENSE README.md CHANGELOG.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES deploy/systemd/config.yaml DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")
install(DIRECTORY examples/ DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples/manifests"
        FILES_MATCHING PATTERN "*.yaml")
