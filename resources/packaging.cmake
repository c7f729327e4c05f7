# The Debian package: `cpack -G DEB` in the build folder writes attnscope_<version>_amd64.deb with
# everything `cmake --install` installs (every install() rule of the project, whichever folder
# adds it: the package is one component holding them all). docs/packaging.md says how to build
# and check it (scripts/check-deb.sh).
set(CPACK_PACKAGE_NAME attnscope)
set(CPACK_PACKAGE_VENDOR "AttentionScope")
set(CPACK_PACKAGE_CONTACT "AttentionScope Dev <dev@attentionscope.local>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see what every attention head of a Transformer looks at")
set(CPACK_PACKAGE_DESCRIPTION
    "AttentionScope runs a Transformer written from the lecture's formulas and shows every head's\n\
attention: word graphs, heatmaps, head metrics, positional encoding, training a small model live\n\
and a walkthrough of one attention layer with the model's own numbers. It opens its bundled\n\
models and pretrained checkpoints in Hugging Face layout (Llama, Mistral, Qwen2, Gemma, GPT-2,\n\
BERT, T5, Marian, BART and more) and GGUF files. Includes the desktop app (attnscope), the command\n\
line (attnscope-cli), a Python module (import attnscope; needs python3 and python3-numpy), the\n\
workshop's lessons and small trained models (translation, sequence reversal, induction).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # attnscope_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Libraries the executables link are computed by dpkg-shlibdeps (Debian's dpkg-dev), not listed
# by hand; the Qt plugins the app loads at run time (xcb platform, SVG icons) ship in libqt6gui6
# and libqt6svg6, which the linked libraries already pull in.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Data nothing links: CJK glyphs for the translation model and the Traditional Chinese interface,
# Qt's own translations for its dialogs, the icon theme the icon is installed into.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk, qt6-translations-l10n, hicolor-icon-theme")
# The Python module (app/python) is an extension for the interpreter it was built for (Debian 12's
# 3.11: attnscope.cpython-311-*.so) and imports NumPy; nothing links either, so dpkg-shlibdeps cannot
# see them. Suggested, not required: the desktop app and the command line do not need Python.
if(TARGET attnscope_python)
  # the interpreter app/python/CMakeLists.txt pinned (its Python3_EXECUTABLE is in the cache)
  find_package(Python3 QUIET COMPONENTS Interpreter)
  math(EXPR attnscope_python_next_minor "${Python3_VERSION_MINOR} + 1")
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3 (>= ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}), \
python3 (<< ${Python3_VERSION_MAJOR}.${attnscope_python_next_minor}), python3-numpy")
endif()

# A package runs on other people's CPUs: refuse to package a -march=native build. cpack reads
# package_checks.cmake before it packages; these two variables carry what it checks.
set(CPACK_ATTNSCOPE_NATIVE ${ATTNSCOPE_NATIVE})
string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type_upper)
set(CPACK_ATTNSCOPE_CXX_FLAGS "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${build_type_upper}}")
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_LIST_DIR}/package_checks.cmake)

include(CPack)
