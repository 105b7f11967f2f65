// Process-wide tuning for the slareport executable: glibc's allocator (mallopt, which
// Swift's Glibc module does not export) and SQLite's global configuration (sqlite3_config
// is variadic, which Swift cannot call).
#if defined(__linux__)
#include <malloc.h>
#endif
#include <sqlite3.h>

/// Before SQLite is first used: connections without their own mutex (GRDB already
/// serialises each connection) and no global allocation statistics (a mutex per malloc).
static inline int slareport_configure_sqlite(void) {
    int rc = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
