# CPack runs this before packaging a build configured with FFW_NATIVE=ON (installer/CMakeLists.txt).
message(FATAL_ERROR "this build was configured with -DFFW_NATIVE=ON: its binaries run on this CPU only and die on "
                    "older ones. Configure the package build with -DFFW_NATIVE=OFF (the default), as in the README.")
