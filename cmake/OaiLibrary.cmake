# liboai: every .c under src/ is part of the library; each area owns its folder.
file(GLOB_RECURSE OAI_LIB_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/*.c)

# One object library compiled once, linked into both the shared and static archives.
add_library(oai_objects OBJECT ${OAI_LIB_SOURCES})
target_include_directories(oai_objects
  PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(oai_objects PRIVATE OAI_BUILDING_LIBRARY)
set_target_properties(oai_objects PROPERTIES C_VISIBILITY_PRESET hidden)
target_link_libraries(oai_objects PRIVATE CURL::libcurl ${CJSON_LIBRARIES} Threads::Threads)

set(_oai_targets)
if(OAI_BUILD_SHARED)
  add_library(oai SHARED $<TARGET_OBJECTS:oai_objects>)
  set_target_properties(oai PROPERTIES VERSION ${PROJECT_VERSION}
                        SOVERSION ${PROJECT_VERSION_MAJOR} C_VISIBILITY_PRESET hidden)
  # The export allow-list (abi/liboai.map, docs/abi.md): only the listed
  # functions are exported, under the version node of this SONAME.
  set(_oai_map ${PROJECT_SOURCE_DIR}/abi/liboai.map)
  target_link_options(oai PRIVATE "LINKER:--version-script=${_oai_map}")
  set_target_properties(oai PROPERTIES LINK_DEPENDS ${_oai_map})
  list(APPEND _oai_targets oai)
endif()
if(OAI_BUILD_STATIC)
  add_library(oai_static STATIC $<TARGET_OBJECTS:oai_objects>)
  set_target_properties(oai_static PROPERTIES OUTPUT_NAME oai)
  list(APPEND _oai_targets oai_static)
endif()
foreach(_t IN LISTS _oai_targets)
  target_include_directories(${_t} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${_t} PRIVATE CURL::libcurl ${CJSON_LIBRARIES} Threads::Threads m)
endforeach()
if(OAI_BUILD_STATIC)
  target_compile_definitions(oai_static INTERFACE OAI_STATIC)
endif()

# Tests and in-tree tools link the static archive so they can reach internals
# (src/ private headers) without exporting them.
if(OAI_BUILD_STATIC)
  add_library(oai::internal ALIAS oai_static)
else()
  add_library(oai::internal ALIAS oai)
endif()
if(OAI_BUILD_SHARED)
  add_library(oai::oai ALIAS oai)
else()
  add_library(oai::oai ALIAS oai_static)
endif()

install(TARGETS ${_oai_targets} EXPORT oaiTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT oaiTargets NAMESPACE oai:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/oai)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/oaiConfig.cmake.in
  ${PROJECT_BINARY_DIR}/oaiConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/oai)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/oaiConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/oaiConfig.cmake ${PROJECT_BINARY_DIR}/oaiConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/oai)
# oai.pc finds the prefix from its own folder (${pcfiledir}) unless the
# install directories are absolute or relocation is off.
if(OAI_RELOCATABLE AND NOT IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  file(RELATIVE_PATH _oai_pc_to_prefix "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" _oai_pc_to_prefix "${_oai_pc_to_prefix}")
  set(OAI_PC_PREFIX "\${pcfiledir}/${_oai_pc_to_prefix}")
else()
  set(OAI_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
endif()
foreach(_d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_d}}")
    set(OAI_PC_${_d} "${CMAKE_INSTALL_${_d}}")
  else()
    set(OAI_PC_${_d} "\${prefix}/${CMAKE_INSTALL_${_d}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/oai.pc.in ${PROJECT_BINARY_DIR}/oai.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/oai.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(FILES ${PROJECT_SOURCE_DIR}/docs/liboai.3 DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)
