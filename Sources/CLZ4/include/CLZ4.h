// LZ4 1.9.4 (lz4.c and lz4.h, unmodified, BSD 2-Clause, https://github.com/lz4/lz4), built
// with the package: the store compresses each ticket's raw JSON with a dictionary attached
// to the compression stream (LZ4_attach_dictionary), which system liblz4 builds do not export.
#define LZ4_STATIC_LINKING_ONLY
#include "lz4.h"
