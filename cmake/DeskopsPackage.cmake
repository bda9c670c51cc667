# The .deb package: `cpack -G DEB` in the build directory (after building everything) writes
# deskops_<version>_<arch>.deb with what DeskopsInstall.cmake installs, under /usr.
#
# - Version: project(VERSION) in CMakeLists.txt, like the binary and CHANGELOG.md.
# - Depends: computed by dpkg-shlibdeps (package dpkg-dev) from the libraries the binary links,
#   plus systemd for the units; Recommends ca-certificates, which TLS to the Workspace API needs
#   unless the configuration names its own CA file.
# - Maintainer scripts (deploy/debian/): reload systemd and restart running instances on upgrade,
#   stop them on removal. They never enable or start a unit.
# tests/dist/test_package.py builds it, installs it, checks it and removes it (CI only).
set(DESKOPS_PACKAGE_MAINTAINER "deskops maintainers <deskops@example.org>" CACHE STRING
    "The .deb's Maintainer field")
set(DESKOPS_PACKAGE_HOMEPAGE "" CACHE STRING "The .deb's Homepage field (none when empty)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME deskops)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "deskops")
set(CPACK_PACKAGE_CONTACT "${DESKOPS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "declarative manager for Huawei Cloud Workspace (cloud virtual desktops)")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "deskops keeps a Huawei Cloud Workspace tenant (desktops, desktop pools, users, user groups, "
    "policy groups, access policies, name policies) in the state its YAML manifests declare: "
    "plan and apply from the command line, or run as a daemon under systemd with metrics and a "
    "status page. The package has the binary, the systemd units deskops.service and "
    "deskops@.service (neither is enabled), the man page, bash, zsh and fish completions and an "
    "example configuration.")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DESKOPS_PACKAGE_MAINTAINER}")
if(DESKOPS_PACKAGE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${DESKOPS_PACKAGE_HOMEPAGE}")
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# tzdata: the IANA time zones of maintenance windows (core/time_zone.h).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd, tzdata")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ca-certificates)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_SOURCE_DIR}/deploy/debian/postinst" "${CMAKE_SOURCE_DIR}/deploy/debian/prerm"
    "${CMAKE_SOURCE_DIR}/deploy/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
