# Installs the systemd units (run by `cmake --install` and CPack, install(SCRIPT) in
# DeskopsInstall.cmake, which sets DESKOPS_UNIT_SOURCE, DESKOPS_UNIT_STAGING, DESKOPS_UNIT_DIR,
# DESKOPS_BIN_DIR and DESKOPS_DOC_DIR first).
#
# deploy/systemd's units name /usr/bin/deskops and /usr/share/doc/deskops, where the .deb puts
# them. Installed under another prefix they name the binary and documentation of that prefix, so
# `cmake --install build --prefix /usr/local` yields units that start the binary it installed.
# CMAKE_INSTALL_PREFIX is the prefix of this installation (--prefix, or CPack's /usr); file(INSTALL)
# adds DESTDIR and records the files in install_manifest.txt.
file(MAKE_DIRECTORY "${DESKOPS_UNIT_STAGING}")
set(staged)
foreach(unit deskops.service deskops@.service)
  file(READ "${DESKOPS_UNIT_SOURCE}/${unit}" text)
  string(REPLACE "/usr/bin/deskops" "${CMAKE_INSTALL_PREFIX}/${DESKOPS_BIN_DIR}/deskops"
         text "${text}")
  string(REPLACE "/usr/share/doc/deskops" "${CMAKE_INSTALL_PREFIX}/${DESKOPS_DOC_DIR}"
         text "${text}")
  file(WRITE "${DESKOPS_UNIT_STAGING}/${unit}" "${text}")
  list(APPEND staged "${DESKOPS_UNIT_STAGING}/${unit}")
endforeach()
file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/${DESKOPS_UNIT_DIR}" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES ${staged})
