# Fails when a file under src/ includes a header of a higher layer.
# The layers, lowest first: core < stream < http < resources < poll < multi.
# A file may include its own folder, a lower folder and public headers
# ("oai/..."); nothing else with a folder prefix. On top of the layers, the
# CLI (cli/), the trace printer (trace/) and the event-loop adapters
# (include/oai/adapters/) use the public headers only: they include nothing
# under src/.
#   cmake -DSRC=<source dir>/src -P check-layers.cmake
if(NOT SRC)
  message(FATAL_ERROR "usage: cmake -DSRC=<dir>/src -P check-layers.cmake")
endif()
set(layers core stream http resources poll multi)
file(GLOB_RECURSE files RELATIVE "${SRC}" "${SRC}/*.c" "${SRC}/*.h")
list(SORT files)
set(bad "")
set(count 0)
foreach(f IN LISTS files)
  string(REGEX MATCH "^[^/]+" here "${f}")
  list(FIND layers "${here}" here_rank)
  if(here_rank LESS 0)
    string(APPEND bad "  src/${f}: folder '${here}' is not a layer\n")
    continue()
  endif()
  math(EXPR count "${count} + 1")
  file(STRINGS "${SRC}/${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(l IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" inc "${l}")
    if(NOT inc MATCHES "/")
      continue() # same folder
    endif()
    string(REGEX MATCH "^[^/]+" there "${inc}")
    if(there STREQUAL "oai")
      continue() # public headers
    endif()
    list(FIND layers "${there}" there_rank)
    if(there_rank LESS 0)
      string(APPEND bad "  src/${f} includes ${inc}: '${there}' is not a layer\n")
    elseif(there_rank GREATER here_rank)
      string(APPEND bad "  src/${f} (${here}) includes ${inc} (${there}): an upward include\n")
    endif()
  endforeach()
endforeach()

get_filename_component(root "${SRC}/.." ABSOLUTE)
get_filename_component(src_abs "${SRC}" ABSOLUTE)
set(top_count 0)
foreach(dir cli trace include/oai/adapters)
  file(GLOB_RECURSE top RELATIVE "${root}" "${root}/${dir}/*.c" "${root}/${dir}/*.h")
  list(SORT top)
  foreach(f IN LISTS top)
    math(EXPR top_count "${top_count} + 1")
    get_filename_component(fdir "${root}/${f}" DIRECTORY)
    file(STRINGS "${root}/${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
    foreach(l IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]+)[\">].*" "\\1" inc "${l}")
      string(REGEX MATCH "^[^/]+" first "${inc}")
      # a path beside the file is resolved; anything else would come
      # through src/ being on the include path
      get_filename_component(beside "${fdir}/${inc}" ABSOLUTE)
      string(FIND "${beside}/" "${src_abs}/" under_src)
      list(FIND layers "${first}" first_rank)
      if(under_src EQUAL 0 OR first STREQUAL "src" OR first_rank GREATER -1)
        string(APPEND bad "  ${f} includes ${inc}: only public headers (oai/...) are allowed here\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(bad)
  message(FATAL_ERROR "layering (core < stream < http < resources < poll < multi) broken:\n${bad}")
endif()
message(STATUS "layering: ${count} files under src/, no upward include; "
               "${top_count} files of cli/, trace/ and include/oai/adapters/, "
               "no include of src/")
