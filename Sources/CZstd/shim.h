// Zstandard (libzstd-dev): compresses the raw ticket JSON the store keeps, with a
// dictionary trained on the store's own tickets (zdict.h).
#include <zstd.h>
#include <zdict.h>
