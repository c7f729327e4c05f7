# Read by cpack before it builds a package (CPACK_PROJECT_CONFIG_FILE in packaging.cmake): a
# package must run on any x86-64-v2 CPU, so a build for this machine's CPU is refused.
if(CPACK_ATTNSCOPE_NATIVE OR CPACK_ATTNSCOPE_CXX_FLAGS MATCHES "-march=native")
  message(FATAL_ERROR
    "attnscope: this build folder was configured for this machine's CPU only "
    "(ATTNSCOPE_NATIVE=${CPACK_ATTNSCOPE_NATIVE}, CXX flags '${CPACK_ATTNSCOPE_CXX_FLAGS}'); "
    "a package must run on other CPUs. Configure a build folder with -DATTNSCOPE_NATIVE=OFF "
    "and no -march=native, build it, and run cpack there.")
endif()
